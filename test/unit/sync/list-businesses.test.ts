import type { TokenRef } from '../../../shared/domain/connection';
import { InMemoryConnectionStore } from '../../../shared/store/memory/connection-store';
import { InMemoryNotificationStore } from '../../../shared/store/memory/notification-store';
import { listBusinesses } from '../../../shared/sync/list-businesses';
import type { SyncToken } from '../../../shared/sync/sync-tokens';
import { graphError, json, testClient } from '../meta/fake-graph';

const message = { kind: 'plan' as const, workspaceId: 'ws-1', syncRunId: 'sr_1', generation: 1, attempt: 0 };

function tokenOf(kind: TokenRef['kind']): SyncToken {
  const ref: TokenRef = {
    tokenId: kind === 'user' ? 'login' : 'su-9',
    workspaceId: 'ws-1',
    kind,
    label: kind,
    metaUserId: '9',
    secretId: 'secret',
    scopes: ['business_management'],
    status: 'active',
    generation: 1,
    createdAt: '2026-11-23T12:00:00Z',
  };
  return { id: ref.tokenId, accessToken: `EAA-${kind}-token-0123456789`, ref };
}

function depsWith(handler: Parameters<typeof testClient>[0]) {
  const { graph, seen } = testClient(handler);
  const deps = {
    graph,
    connections: new InMemoryConnectionStore(),
    notifications: new InMemoryNotificationStore(),
    now: () => Date.parse('2026-11-23T12:00:00Z'),
  };
  return { deps, seen };
}

describe('listBusinesses', () => {
  it.each(['user', 'system_user'] as const)(
    'lists the BMs a %s token reaches with /me/businesses',
    async (kind) => {
      const { deps, seen } = depsWith(() =>
        json({ data: [{ id: '101' }, { id: '102' }, { id: '101' }], paging: { cursors: { after: 'x' } } }),
      );
      expect(await listBusinesses(deps, tokenOf(kind), message)).toEqual({
        kind: 'listed',
        businessIds: ['101', '102'],
      });
      expect(seen.map((req) => req.path)).toEqual(['/me/businesses']);
    },
  );

  it('a token refused on /me/businesses reaches no BM through it, and the plan goes on', async () => {
    const { deps } = depsWith(() => graphError(403, { code: 200, message: '(#200) Permissions error' }));
    expect(await listBusinesses(deps, tokenOf('system_user'), message)).toEqual({
      kind: 'listed',
      businessIds: [],
    });
  });

  it('adds the BMs debug_token granted a system user to those /me/businesses lists', async () => {
    const token = tokenOf('system_user');
    token.ref.businessIds = ['102', '103'];
    const listing = depsWith(() => json({ data: [{ id: '101' }, { id: '102' }] }));
    expect(await listBusinesses(listing.deps, token, message)).toEqual({
      kind: 'listed',
      businessIds: ['101', '102', '103'],
    });
    const empty = depsWith(() => json({ data: [] }));
    expect(await listBusinesses(empty.deps, token, message)).toEqual({
      kind: 'listed',
      businessIds: ['102', '103'],
    });
  });

  it('a throttle defers the planning', async () => {
    const { deps } = depsWith(() => graphError(400, { code: 4 }));
    expect(await listBusinesses(deps, tokenOf('system_user'), message)).toMatchObject({ kind: 'defer' });
  });
});
