import type { Controls } from '../../../../shared/domain/controls';
import { DynamoControlsStore } from '../../../../shared/store/dynamodb/controls-store';
import { createLocalAppTable, type LocalAppTable } from '../../support/local-app-table';

describe('DynamoControlsStore on DynamoDB Local', () => {
  let table: LocalAppTable;
  beforeAll(async () => {
    table = await createLocalAppTable('controls');
  });
  afterAll(() => table.close());
  const store = () => new DynamoControlsStore({ client: table.client, tableName: table.tableName });

  const controls: Controls = {
    spendCaps: { adAccountDaily: { act_1: 50_000 }, campaignDaily: 10_000 },
    agentMatrix: [{ level: 'campaign', action: 'budget', effect: 'approve', maxBudgetChangePct: 20 }],
    autoPause: true,
    updatedAt: '2026-12-01T10:00:00.000Z',
    updatedBy: { kind: 'user', sub: 'u-1' },
  };

  it('reads nothing for a workspace that never set controls', async () => {
    expect(await store().get('ws-none')).toBeUndefined();
  });

  it('stores controls per workspace and replaces them whole', async () => {
    expect(await store().put('ws-1', controls)).toEqual(controls);
    expect(await store().get('ws-1')).toEqual(controls);
    expect(await store().get('ws-2')).toBeUndefined();

    const narrower: Controls = { spendCaps: {}, agentMatrix: [] };
    await store().put('ws-1', narrower);
    expect(await store().get('ws-1')).toEqual(narrower);
  });
});
