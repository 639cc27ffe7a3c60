import { webhookChangeMessageSchema } from '../../../shared/domain/webhook-change';
import { webhookChangeKey } from '../../../shared/domain/webhook-dedupe-key';
import { parseWebhookDelivery } from '../../../shared/domain/webhook-payload';

const TIME = 1782862117;

function adAccountDelivery(changes: { field: string; value: unknown }[], entryId = '1234567890') {
  return { object: 'ad_account', entry: [{ id: entryId, time: TIME, changes }] };
}

function parsedOk(json: unknown) {
  const parsed = parseWebhookDelivery(json);
  if (!parsed.ok) throw new Error(`expected ok, got ${parsed.problem}`);
  return parsed;
}

describe('parseWebhookDelivery', () => {
  it("reads with_issues_ad_objects as documented (Meta's example payload)", () => {
    const value = {
      id: '120200000001',
      level: 'AD',
      error_code: '567',
      error_summary: 'error summary',
      error_message: 'error message',
    };
    const { changes, ignored } = parsedOk(adAccountDelivery([{ field: 'with_issues_ad_objects', value }]));
    expect(ignored).toEqual([]);
    expect(changes).toEqual([
      {
        key: webhookChangeKey({
          object: 'ad_account',
          entryId: '1234567890',
          entryTime: TIME,
          field: 'with_issues_ad_objects',
          value,
        }),
        object: 'ad_account',
        entryId: '1234567890',
        field: 'with_issues_ad_objects',
        eventTime: TIME * 1000,
        change: {
          kind: 'ad_object_with_issues',
          adAccountId: 'act_1234567890',
          objectId: '120200000001',
          level: 'ad',
          error: { code: '567', summary: 'error summary', message: 'error message' },
        },
      },
    ]);
    expect(webhookChangeMessageSchema.safeParse(changes[0]).success).toBe(true);
  });

  it('accepts a numeric error code and flattens Graph-shaped review feedback', () => {
    const { changes } = parsedOk(
      adAccountDelivery([
        {
          field: 'with_issues_ad_objects',
          value: {
            id: 120200000002,
            level: 'ad_set',
            error_code: 1487,
            review_feedback: {
              global: { LANDING_PAGE_FAIL: 'The landing page does not load.' },
              placement_specific: { instagram: { TEXT: 'Too much text.' } },
            },
          },
        },
      ]),
    );
    expect(changes[0]?.change).toEqual({
      kind: 'ad_object_with_issues',
      adAccountId: 'act_1234567890',
      objectId: '120200000002',
      level: 'adset',
      error: { code: '1487' },
      reviewFeedback: {
        LANDING_PAGE_FAIL: 'The landing page does not load.',
        'instagram.TEXT': 'Too much text.',
      },
    });
  });

  it('reads in_process_ad_objects and maps status_name onto effective_status when it names one', () => {
    const { changes } = parsedOk(
      adAccountDelivery([
        { field: 'in_process_ad_objects', value: { id: '1', level: 'CAMPAIGN', status_name: 'Paused' } },
        { field: 'in_process_ad_objects', value: { id: '2', level: 'AD', status_name: 'Pending review' } },
        {
          field: 'in_process_ad_objects',
          value: { id: '3', level: 'CREATIVE', status_name: 'Something new' },
        },
      ]),
    );
    expect(changes.map((c) => c.change)).toEqual([
      {
        kind: 'ad_object_processed',
        adAccountId: 'act_1234567890',
        objectId: '1',
        level: 'campaign',
        statusName: 'Paused',
        effectiveStatus: 'PAUSED',
      },
      {
        kind: 'ad_object_processed',
        adAccountId: 'act_1234567890',
        objectId: '2',
        level: 'ad',
        statusName: 'Pending review',
        effectiveStatus: 'PENDING_REVIEW',
      },
      {
        kind: 'ad_object_processed',
        adAccountId: 'act_1234567890',
        objectId: '3',
        level: 'creative',
        statusName: 'Something new',
      },
    ]);
  });

  it('reads field_changed (the effective_status webhook), which carries no value', () => {
    const { changes } = parsedOk(
      adAccountDelivery([
        {
          field: 'field_changed',
          value: { object_id: '9', object_type: 'adset', changed_fields: ['effective_status'] },
        },
      ]),
    );
    expect(changes[0]?.change).toEqual({
      kind: 'ad_object_fields_changed',
      adAccountId: 'act_1234567890',
      objectId: '9',
      level: 'adset',
      changedFields: ['effective_status'],
    });
  });

  it('reads account status changes from the application topic', () => {
    const { changes } = parsedOk({
      object: 'application',
      entry: [
        {
          id: '555000111',
          time: TIME,
          changes: [
            {
              field: 'ad_account',
              value: { id: '1234567890', account_status: 2, disable_reason: 1, business: '777' },
            },
          ],
        },
      ],
    });
    expect(changes[0]?.change).toEqual({
      kind: 'ad_account_status',
      adAccountId: 'act_1234567890',
      accountStatus: 2,
      disableReason: 1,
      businessId: '777',
    });
  });

  it('accepts an entry id with the act_ prefix', () => {
    const { changes } = parsedOk(
      adAccountDelivery(
        [{ field: 'in_process_ad_objects', value: { id: '1', level: 'AD', status_name: 'Active' } }],
        'act_42',
      ),
    );
    expect(changes[0]?.change.adAccountId).toBe('act_42');
  });

  it('reads several entries and changes, and drops a change repeated within the delivery', () => {
    const change = { field: 'in_process_ad_objects', value: { id: '1', level: 'AD', status_name: 'Active' } };
    const other = { field: 'in_process_ad_objects', value: { id: '2', level: 'AD', status_name: 'Active' } };
    const { changes } = parsedOk({
      object: 'ad_account',
      entry: [
        { id: '1', time: TIME, changes: [change, other, change] },
        { id: '1', time: TIME + 1, changes: [change] },
      ],
    });
    expect(changes).toHaveLength(3);
    expect(new Set(changes.map((c) => c.key)).size).toBe(3);
  });

  it('records unsupported topics, fields and invalid values instead of failing the delivery', () => {
    const page = parsedOk({
      object: 'page',
      entry: [{ id: '1', time: TIME, changes: [{ field: 'feed', value: {} }] }],
    });
    expect(page.changes).toEqual([]);
    expect(page.ignored).toEqual([
      { object: 'page', entryId: '1', field: 'feed', reason: 'unsupported_object' },
    ]);

    const mixed = parsedOk(
      adAccountDelivery([
        { field: 'creative_fatigue', value: { ad_id: '1' } },
        { field: 'with_issues_ad_objects', value: { level: 'AD' } },
        { field: 'in_process_ad_objects', value: { id: 'not-a-number', level: 'AD', status_name: 'Active' } },
        { field: 'in_process_ad_objects', value: { id: '1', level: 'PORTFOLIO', status_name: 'Active' } },
        { field: 'in_process_ad_objects', value: { id: '1', level: 'AD', status_name: 'Active' } },
      ]),
    );
    expect(mixed.changes).toHaveLength(1);
    expect(mixed.ignored.map((i) => `${i.field}:${i.reason}`)).toEqual([
      'creative_fatigue:unsupported_field',
      'with_issues_ad_objects:invalid_value',
      'in_process_ad_objects:invalid_value',
      'in_process_ad_objects:invalid_value',
    ]);

    const app = parsedOk({
      object: 'application',
      entry: [{ id: '1', time: TIME, changes: [{ field: 'plugin_comment', value: {} }] }],
    });
    expect(app.ignored[0]?.reason).toBe('unsupported_field');
  });

  it('ignores ad_account entries whose id is not an ad account id', () => {
    const { ignored } = parsedOk(
      adAccountDelivery(
        [{ field: 'in_process_ad_objects', value: { id: '1', level: 'AD', status_name: 'Active' } }],
        'act_x',
      ),
    );
    expect(ignored[0]?.reason).toBe('invalid_value');
  });

  it('keeps millisecond entry times as they are', () => {
    const { changes } = parsedOk({
      object: 'ad_account',
      entry: [
        {
          id: '1',
          time: 1782862117123,
          changes: [
            { field: 'in_process_ad_objects', value: { id: '1', level: 'AD', status_name: 'Active' } },
          ],
        },
      ],
    });
    expect(changes[0]?.eventTime).toBe(1782862117123);
  });

  it.each([
    ['not an object', 'hello'],
    ['null', null],
    ['no object', { entry: [] }],
    ['no entry', { object: 'ad_account' }],
    ['entry not a list', { object: 'ad_account', entry: {} }],
    ['entry without time', { object: 'ad_account', entry: [{ id: '1', changes: [] }] }],
    ['changes not a list', { object: 'ad_account', entry: [{ id: '1', time: TIME, changes: 'x' }] }],
  ])('refuses a malformed envelope: %s', (_name, json) => {
    const parsed = parseWebhookDelivery(json);
    expect(parsed.ok).toBe(false);
  });
});
