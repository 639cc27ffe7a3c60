import type { Approval } from '../../../../shared/domain/mutation';
import { ConflictError, NotFoundError } from '../../../../shared/platform/errors';
import { newApprovalId } from '../../../../shared/store/approval-store';
import { InMemoryApprovalStore } from '../../../../shared/store/memory/approval-store';

const bytes = (n: number) => new Uint8Array(n).fill(255);

function approval(at: string, sub = 'agent-a'): Approval {
  return {
    id: newApprovalId(new Date(at), bytes),
    workspaceId: 'ws-1',
    status: 'pending_approval',
    requestedBy: { kind: 'agent', sub },
    requestedAt: at,
    request: { op: 'pause', level: 'campaign', id: '1', method: 'POST', path: '/meta/campaigns/1/pause' },
    rule: { level: 'campaign', action: 'pause', effect: 'approve' },
  };
}

describe('newApprovalId', () => {
  it('sorts by time and uses only [A-Za-z0-9_-]', () => {
    const ids = ['2026-12-01T10:00:00.000Z', '2026-12-01T10:00:00.001Z', '2031-01-01T00:00:00.000Z'].map(
      (at) =>
        newApprovalId(new Date(at), (n) => new Uint8Array(n).map(() => Math.floor(Math.random() * 256))),
    );
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(newApprovalId(new Date(0), bytes)).toBe('ap_000000000____________');
  });
});

describe('InMemoryApprovalStore', () => {
  const decision = {
    status: 'rejected' as const,
    decidedBy: { kind: 'user' as const, sub: 'u' },
    decidedAt: 'now',
  };

  it('decides once: 409 approval_decided after, 404 for an unknown id', async () => {
    const store = new InMemoryApprovalStore();
    const a = approval('2026-12-01T10:00:00.000Z');
    await store.create(a);
    expect(await store.decide('ws-1', a.id, decision)).toEqual({ ...a, ...decision });
    await expect(store.decide('ws-1', a.id, decision)).rejects.toMatchObject({
      code: 'approval_decided',
      details: { status: 'rejected' },
    });
    await expect(store.decide('ws-1', a.id, decision)).rejects.toBeInstanceOf(ConflictError);
    await expect(store.decide('ws-2', a.id, decision)).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.setResult('ws-1', 'nope', { status: 200 })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lists newest first with filters, in pages', async () => {
    const store = new InMemoryApprovalStore();
    const a = approval('2026-12-01T10:00:00.000Z', 'agent-a');
    const b = approval('2026-12-01T11:00:00.000Z', 'agent-b');
    const c = approval('2026-12-01T12:00:00.000Z', 'agent-a');
    for (const x of [b, a, c]) await store.create(x);
    const first = await store.list('ws-1', { limit: 2 });
    expect(first.items.map((x) => x.id)).toEqual([c.id, b.id]);
    const second = await store.list('ws-1', {
      limit: 2,
      ...(first.nextCursor ? { cursor: first.nextCursor } : {}),
    });
    expect(second).toEqual({ items: [a] });
    expect((await store.list('ws-1', { limit: 5, requestedBySub: 'agent-a' })).items).toEqual([c, a]);
    await store.decide('ws-1', b.id, decision);
    expect((await store.list('ws-1', { limit: 5, status: 'rejected' })).items.map((x) => x.id)).toEqual([
      b.id,
    ]);
  });
});
