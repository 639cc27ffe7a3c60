import type { Approval } from '../../../../shared/domain/mutation';
import { ConflictError, NotFoundError, ValidationError } from '../../../../shared/platform/errors';
import { newApprovalId } from '../../../../shared/store/approval-store';
import { DynamoApprovalStore } from '../../../../shared/store/dynamodb/approval-store';
import { encodeCursor } from '../../../../shared/store/dynamodb/cursor';
import { createLocalAppTable, type LocalAppTable } from '../../support/local-app-table';

const T0 = Date.parse('2026-12-01T10:00:00.000Z');
let counter = 0;
const bytes = (n: number) => new Uint8Array(n).fill(counter++ % 256);

function approval(minute: number, overrides: Partial<Approval> = {}): Approval {
  const at = new Date(T0 + minute * 60_000);
  return {
    id: newApprovalId(at, bytes),
    workspaceId: 'ws-1',
    status: 'pending_approval',
    requestedBy: { kind: 'agent', sub: minute % 2 ? 'agent-a' : 'agent-b' },
    requestedAt: at.toISOString(),
    request: {
      op: 'update',
      level: 'campaign',
      id: '120330000000001',
      body: { dailyBudget: 9_000 },
      method: 'PATCH',
      path: '/meta/campaigns/120330000000001',
    },
    idempotencyKey: `key-${minute}`,
    rule: { level: 'campaign', action: 'budget', effect: 'approve' },
    adAccountId: 'act_1',
    ...overrides,
  };
}

describe('DynamoApprovalStore on DynamoDB Local', () => {
  let table: LocalAppTable;
  beforeAll(async () => {
    table = await createLocalAppTable('approvals');
  });
  afterAll(() => table.close());
  const store = () => new DynamoApprovalStore({ client: table.client, tableName: table.tableName });
  const decision = {
    status: 'approved' as const,
    decidedBy: { kind: 'user' as const, sub: 'u-1' },
    decidedAt: '2026-12-01T11:00:00.000Z',
  };

  it('creates and reads an approval; another workspace does not see it', async () => {
    const a = approval(1);
    await store().create(a);
    expect(await store().get('ws-1', a.id)).toEqual(a);
    expect(await store().get('ws-2', a.id)).toBeUndefined();
    // An id is created once.
    await expect(store().create(a)).rejects.toThrow();
  });

  it('decides a pending approval once; a second decision is 409 approval_decided with the status', async () => {
    const a = approval(2);
    await store().create(a);
    expect(await store().decide('ws-1', a.id, decision)).toEqual({ ...a, ...decision });
    const second = store().decide('ws-1', a.id, { ...decision, status: 'rejected' });
    await expect(second).rejects.toBeInstanceOf(ConflictError);
    await expect(store().decide('ws-1', a.id, decision)).rejects.toMatchObject({
      code: 'approval_decided',
      status: 409,
      details: { status: 'approved' },
    });
    expect(await store().get('ws-1', a.id)).toMatchObject({ status: 'approved' });
  });

  it('lets exactly one of two concurrent decisions win', async () => {
    const a = approval(3);
    await store().create(a);
    const outcomes = await Promise.allSettled([
      store().decide('ws-1', a.id, decision),
      store().decide('ws-1', a.id, { ...decision, status: 'rejected' }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const [refused] = outcomes.filter((o) => o.status === 'rejected');
    expect(refused?.reason).toBeInstanceOf(ConflictError);
  });

  it('answers 404 for deciding or completing an unknown or foreign approval', async () => {
    const a = approval(4);
    await store().create(a);
    await expect(store().decide('ws-1', 'ap_unknown', decision)).rejects.toBeInstanceOf(NotFoundError);
    await expect(store().decide('ws-2', a.id, decision)).rejects.toBeInstanceOf(NotFoundError);
    await expect(store().setResult('ws-2', a.id, { status: 200 })).rejects.toBeInstanceOf(NotFoundError);
    expect(await store().get('ws-2', a.id)).toBeUndefined();
  });

  it('records the approved run’s answer', async () => {
    const a = approval(5);
    await store().create(a);
    await store().decide('ws-1', a.id, decision);
    const result = { status: 200, body: { id: '120330000000001', dailyBudget: 9_000 } };
    expect(await store().setResult('ws-1', a.id, result)).toMatchObject({ status: 'approved', result });
    expect(await store().get('ws-1', a.id)).toMatchObject({ result });
  });

  it('lists newest first in pages, filtered by status and requester', async () => {
    const listed = {
      all: (options: Parameters<DynamoApprovalStore['list']>[1]) => allPages(store(), 'ws-list', options),
    };
    for (let minute = 10; minute < 17; minute++)
      await store().create(approval(minute, { workspaceId: 'ws-list' }));
    const all = await listed.all({ limit: 3 });
    expect(all.map((p) => p.length)).toEqual([3, 3, 1]);
    const times = all.flat().map((a) => a.requestedAt);
    expect(times).toEqual([...times].sort().reverse());

    const [oldest] = all.flat().slice(-1);
    if (!oldest) throw new Error('no approvals listed');
    await store().decide('ws-list', oldest.id, decision);
    const pending = (await listed.all({ limit: 2, status: 'pending_approval' })).flat();
    expect(pending).toHaveLength(6);
    expect(pending.map((a) => a.id)).not.toContain(oldest.id);
    const approved = (await listed.all({ limit: 2, status: 'approved' })).flat();
    expect(approved.map((a) => a.id)).toEqual([oldest.id]);
    const byAgentA = (await listed.all({ limit: 2, requestedBySub: 'agent-a' })).flat();
    expect(byAgentA.map((a) => a.requestedBy.sub)).toEqual(['agent-a', 'agent-a', 'agent-a']);
  });

  it('refuses a cursor of another workspace or another list', async () => {
    for (const cursor of [
      encodeCursor({ pk: 'WS#ws-2', sk: 'APPROVAL#ap_1' }),
      encodeCursor({ pk: 'WS#ws-1', sk: 'AUDIT#2026#x' }),
    ])
      await expect(store().list('ws-1', { limit: 5, cursor })).rejects.toBeInstanceOf(ValidationError);
  });
});

/** Every page of a workspace's approvals, following cursors. */
async function allPages(
  store: DynamoApprovalStore,
  workspaceId: string,
  options: Parameters<DynamoApprovalStore['list']>[1],
): Promise<Approval[][]> {
  const pages: Approval[][] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list(workspaceId, { ...options, ...(cursor ? { cursor } : {}) });
    pages.push(page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return pages;
}
