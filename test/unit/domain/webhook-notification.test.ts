import type { WebhookChange, WebhookChangeMessage } from '../../../shared/domain/webhook-change';
import { notificationFor } from '../../../shared/domain/webhook-notification';

const KEY = 'd'.repeat(64);
const AT = Date.parse('2026-07-01T10:00:00Z');
function message(change: WebhookChange): WebhookChangeMessage {
  return { key: KEY, object: 'ad_account', entryId: '1', field: 'x', eventTime: AT, change };
}

describe('notificationFor', () => {
  it('is keyed by the change and dated at the event, so a redelivery rewrites the same one', () => {
    const n = notificationFor(
      message({
        kind: 'ad_object_processed',
        adAccountId: 'act_1',
        objectId: '5',
        level: 'ad',
        statusName: 'Active',
      }),
      'ws-1',
    );
    expect(n).toMatchObject({ id: KEY, workspaceId: 'ws-1', at: '2026-07-01T10:00:00.000Z' });
  });

  it('names the object and the reason of an issue', () => {
    const n = notificationFor(
      message({
        kind: 'ad_object_with_issues',
        adAccountId: 'act_1',
        objectId: '120',
        level: 'adset',
        error: { code: '1487', summary: 'Budget too low', message: 'Raise the daily budget' },
      }),
      'ws-1',
    );
    expect(n).toMatchObject({
      kind: 'ad_status_changed',
      title: 'Ad set 120 has issues',
      message: 'Budget too low. Raise the daily budget. Meta error code: 1487.',
      data: {
        adAccountId: 'act_1',
        objectId: '120',
        level: 'adset',
        effectiveStatus: 'WITH_ISSUES',
        errorCode: '1487',
      },
    });
  });

  it('calls an issue with review feedback a disapproval and quotes the feedback', () => {
    const n = notificationFor(
      message({
        kind: 'ad_object_with_issues',
        adAccountId: 'act_1',
        objectId: '77',
        level: 'ad',
        error: { summary: 'Ad rejected' },
        reviewFeedback: { LANDING_PAGE_FAIL: 'The landing page does not load.' },
      }),
      'ws-1',
      { objectName: 'Spring sale' },
    );
    expect(n).toMatchObject({
      kind: 'ad_disapproved',
      title: 'Ad "Spring sale" (77) was disapproved',
      message: 'Ad rejected. Review feedback: LANDING_PAGE_FAIL: The landing page does not load.',
    });
  });

  it('says something useful when Meta gives no error text', () => {
    const n = notificationFor(
      message({
        kind: 'ad_object_with_issues',
        adAccountId: 'act_1',
        objectId: '7',
        level: 'campaign',
        error: {},
      }),
      'w',
    );
    expect(n?.message).toBe('Meta reported an issue with it.');
  });

  it('reports the end of processing with the status reached', () => {
    const n = notificationFor(
      message({
        kind: 'ad_object_processed',
        adAccountId: 'act_1',
        objectId: '5',
        level: 'creative',
        statusName: 'Paused',
        effectiveStatus: 'PAUSED',
      }),
      'w',
    );
    expect(n).toMatchObject({
      kind: 'ad_status_changed',
      title: 'Creative 5 finished processing',
      message: 'Meta finished processing it; its status is now Paused.',
    });
  });

  it('tells a disabled account, why, and what it means', () => {
    const n = notificationFor(
      message({ kind: 'ad_account_status', adAccountId: 'act_9', accountStatus: 2, disableReason: 3 }),
      'w',
    );
    expect(n).toMatchObject({
      kind: 'account_status_changed',
      title: 'Ad account act_9 is disabled',
      message:
        'Meta reports the ad account as disabled because of a payment risk. Its ads do not deliver until this is resolved in Meta Ads Manager.',
      data: { adAccountId: 'act_9', accountStatus: 'DISABLED', disableReason: 3 },
    });
  });

  it('tells the grace period without alarm', () => {
    const n = notificationFor(
      message({ kind: 'ad_account_status', adAccountId: 'act_9', accountStatus: 9 }),
      'w',
    );
    expect(n?.message).toBe('Meta reports the ad account as in its grace period.');
  });

  it('posts nothing for a bare "fields changed"', () => {
    expect(
      notificationFor(
        message({
          kind: 'ad_object_fields_changed',
          adAccountId: 'act_1',
          objectId: '5',
          level: 'ad',
          changedFields: ['effective_status'],
        }),
        'w',
      ),
    ).toBeUndefined();
  });
});
