import type { ManagedObject } from '../../../../shared/domain/managed-object';
import type { AuditEntry } from '../../../../shared/domain/mutation';
import { NotFoundError } from '../../../../shared/platform/errors';
import { InMemoryApprovalStore } from '../../../../shared/store/memory/approval-store';
import { InMemoryAuditStore } from '../../../../shared/store/memory/audit-store';
import { InMemoryIdempotencyStore } from '../../../../shared/store/memory/idempotency-store';
import { InMemoryManagedObjectStore } from '../../../../shared/store/memory/managed-object-store';
import { InMemoryMutationCommit } from '../../../../shared/store/memory/mutation-commit';

const object: ManagedObject = {
  id: '1',
  level: 'campaign',
  adAccountId: 'act_1',
  name: 'Spring sale',
  status: 'PAUSED',
  currency: 'USD',
  dailyBudget: 5_000,
  updatedAt: '2026-12-01T10:00:00.000Z',
};
const audit: AuditEntry = {
  id: 'au-1',
  workspaceId: 'ws-1',
  at: '2026-12-01T10:00:00.000Z',
  actor: { kind: 'user', sub: 'u' },
  action: 'create',
  level: 'campaign',
  request: { method: 'POST', path: '/meta/campaigns' },
  outcome: { status: 201 },
};

function setUp() {
  const stores = {
    objects: new InMemoryManagedObjectStore(),
    audit: new InMemoryAuditStore(),
    idempotency: new InMemoryIdempotencyStore(),
    approvals: new InMemoryApprovalStore(),
  };
  return { stores, commit: new InMemoryMutationCommit(stores) };
}

describe('InMemoryMutationCommit', () => {
  const scope = { workspaceId: 'ws-1', key: 'k' };
  const options = { ttlSeconds: 60, inFlightSeconds: 10 };

  it('writes every part', async () => {
    const { stores, commit } = setUp();
    await stores.idempotency.claim(scope, 'fp', options);
    await commit.commit({
      object,
      audit,
      idempotency: { scope, fingerprint: 'fp', answer: { status: 201, body: object }, ttlSeconds: 60 },
    });
    expect(await stores.objects.get('act_1', '1')).toEqual(object);
    expect(stores.audit.entries).toEqual([audit]);
    expect(await stores.idempotency.claim(scope, 'fp', options)).toEqual({
      kind: 'replay',
      answer: { status: 201, body: object },
    });
    expect(commit.commits).toHaveLength(1);
  });

  it('writes nothing when the approval of a result is unknown, or when told to fail', async () => {
    const { stores, commit } = setUp();
    await expect(
      commit.commit({
        object,
        audit,
        approvalResult: { workspaceId: 'ws-1', id: 'nope', result: { status: 200 } },
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    commit.failNextWith(new Error('crashed'));
    await expect(commit.commit({ object, audit })).rejects.toThrow('crashed');
    expect(await stores.objects.get('act_1', '1')).toBeUndefined();
    expect(stores.audit.entries).toEqual([]);
    expect(commit.commits).toEqual([]);
    // The failure was for one commit only.
    await commit.commit({ object, audit });
    expect(stores.audit.entries).toHaveLength(1);
  });
});

describe('InMemoryManagedObjectStore', () => {
  it('replaces our fields whole but keeps an effective status the new state does not know', async () => {
    const store = new InMemoryManagedObjectStore();
    await store.put({ ...object, effectiveStatus: 'WITH_ISSUES' });
    const { dailyBudget: _dropped, ...noBudget } = object;
    await store.put(noBudget);
    expect(await store.get('act_1', '1')).toEqual({ ...noBudget, effectiveStatus: 'WITH_ISSUES' });
  });

  it('lists one level of the asked accounts, DELETED only when asked', async () => {
    const store = new InMemoryManagedObjectStore();
    await store.put(object);
    await store.put({ ...object, id: '2', status: 'DELETED' });
    await store.put({ ...object, id: '3', adAccountId: 'act_2' });
    await store.put({ ...object, id: '4', level: 'adset', campaignId: '1' });
    const live = await store.list(['act_1', 'act_2'], {
      level: 'campaign',
      limit: 10,
      includeDeleted: false,
    });
    expect(live.items.map((o) => o.id)).toEqual(['1', '3']);
    const all = await store.list(['act_1'], { level: 'campaign', limit: 1, includeDeleted: true });
    expect(all.items.map((o) => o.id)).toEqual(['1']);
    expect(all.nextCursor).toBeDefined();
    const adSets = await store.list(['act_1'], {
      level: 'adset',
      limit: 5,
      includeDeleted: false,
      campaignId: '1',
    });
    expect(adSets.items.map((o) => o.id)).toEqual(['4']);
    expect((await store.listAccount('act_1')).map((o) => o.id)).toEqual(['1', '2', '4']);
    expect((await store.getMany('act_1', ['4', 'x', '1'])).map((o) => o.id)).toEqual(['4', '1']);
  });
});
