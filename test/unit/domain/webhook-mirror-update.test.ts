import type { WebhookChange, WebhookChangeMessage } from '../../../shared/domain/webhook-change';
import { eventOrder } from '../../../shared/domain/webhook-event-order';
import { mirrorPatchFor } from '../../../shared/domain/webhook-mirror-update';

const KEY = 'c'.repeat(64);
const AT = Date.parse('2026-07-01T10:00:00Z');

function message(change: WebhookChange): WebhookChangeMessage {
  return { key: KEY, object: 'ad_account', entryId: '1', field: 'x', eventTime: AT, change };
}

const ids = { adAccountId: 'act_1', objectId: '42' };

describe('mirrorPatchFor', () => {
  it('with issues: WITH_ISSUES, the error, no stale review feedback', () => {
    expect(
      mirrorPatchFor(
        message({ kind: 'ad_object_with_issues', ...ids, level: 'ad', error: { code: '567', summary: 's' } }),
      ),
    ).toEqual({
      target: 'object',
      patch: {
        ...ids,
        level: 'ad',
        eventTime: '2026-07-01T10:00:00.000Z',
        order: eventOrder(AT, KEY),
        set: { effectiveStatus: 'WITH_ISSUES', issue: { code: '567', summary: 's' } },
        clear: ['statusName', 'reviewFeedback', 'refreshFields'],
      },
    });
  });

  it('with issues and review feedback: keeps the feedback', () => {
    const { patch } = mirrorPatchFor(
      message({
        kind: 'ad_object_with_issues',
        ...ids,
        level: 'ad',
        error: {},
        reviewFeedback: { TEXT: 'Too much text.' },
      }),
    );
    expect(patch).toMatchObject({
      set: { reviewFeedback: { TEXT: 'Too much text.' } },
      clear: ['statusName', 'refreshFields'],
    });
  });

  it('processed into a known status: sets it and drops the old issue', () => {
    const { patch } = mirrorPatchFor(
      message({
        kind: 'ad_object_processed',
        ...ids,
        level: 'campaign',
        statusName: 'Active',
        effectiveStatus: 'ACTIVE',
      }),
    );
    expect(patch).toMatchObject({
      set: { statusName: 'Active', effectiveStatus: 'ACTIVE' },
      clear: ['issue', 'reviewFeedback', 'refreshFields'],
    });
  });

  it('processed into an unknown status: the old effective status is no longer known either', () => {
    const { patch } = mirrorPatchFor(
      message({ kind: 'ad_object_processed', ...ids, level: 'ad', statusName: 'Brand new' }),
    );
    expect(patch).toMatchObject({
      set: { statusName: 'Brand new' },
      clear: ['issue', 'reviewFeedback', 'refreshFields', 'effectiveStatus'],
    });
  });

  it('processed into WITH_ISSUES: the state is the newest event alone, whatever came before', () => {
    const { patch } = mirrorPatchFor(
      message({
        kind: 'ad_object_processed',
        ...ids,
        level: 'ad',
        statusName: 'With issues',
        effectiveStatus: 'WITH_ISSUES',
      }),
    );
    expect(patch).toMatchObject({
      set: { statusName: 'With issues', effectiveStatus: 'WITH_ISSUES' },
      clear: ['issue', 'reviewFeedback', 'refreshFields'],
    });
  });

  it('fields changed: asks for a refresh of those fields only', () => {
    const { patch } = mirrorPatchFor(
      message({
        kind: 'ad_object_fields_changed',
        ...ids,
        level: 'adset',
        changedFields: ['status', 'effective_status', 'status'],
      }),
    );
    expect(patch).toMatchObject({ set: { refreshFields: ['effective_status', 'status'] }, clear: [] });
  });

  it('account status: names the codes', () => {
    expect(
      mirrorPatchFor(
        message({
          kind: 'ad_account_status',
          adAccountId: 'act_1',
          accountStatus: 3,
          disableReason: 0,
          businessId: '9',
        }),
      ),
    ).toEqual({
      target: 'account',
      patch: {
        adAccountId: 'act_1',
        accountStatus: 3,
        accountStatusName: 'UNSETTLED',
        disableReason: 0,
        disableReasonName: 'NONE',
        businessId: '9',
        eventTime: '2026-07-01T10:00:00.000Z',
        order: eventOrder(AT, KEY),
      },
    });
  });
});
