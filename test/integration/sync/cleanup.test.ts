import type { LocalRuntime } from '../../../infra/local/runtime';
import type { Asset } from '../../../shared/domain/asset-record';
import { DynamoAssetStore } from '../../../shared/store/dynamodb/asset-store';
import { DynamoConnectionStore } from '../../../shared/store/dynamodb/connection-store';
import { api, startTestRuntime } from '../support/runtime';
import { comparable, connectSeeded, expectedItems, listAll, simulatorOf, syncAndWait } from './sync-fixture';

const perBusiness = {
  ownedAdAccounts: 3,
  clientAdAccounts: 2,
  ownedPages: 3,
  clientPages: 1,
  ownedPixels: 2,
  clientPixels: 1,
  ownedCatalogs: 1,
  clientCatalogs: 1,
};

/** An ad account that Meta deleted after an earlier sync stored it. */
function staleAccount(workspaceId: string): Asset {
  return {
    workspaceId,
    type: 'ad-accounts',
    id: 'act_999000111',
    name: 'Closed long ago',
    ownership: 'owned',
    tokenIds: ['login'],
    status: 'active',
    lastSeenRunId: 'sr_earlier',
    changedRunId: 'sr_earlier',
    change: 'added',
    firstSeenAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

/** What a run removes, and when it must not. */
describe('asset sync cleanup (local runtime + simulator)', () => {
  let rt: LocalRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime();
  });
  afterAll(() => rt.stop());

  it('removes what Meta no longer has after a complete run, keeping its history', async () => {
    const seeded = simulatorOf(rt).seed({ businesses: 2, tokens: 1, perBusiness, seed: 21 });
    const ws = await connectSeeded(rt, 'ws-cleanup', seeded.tokens);
    await new DynamoAssetStore().putMany([staleAccount(ws.workspaceId)]);

    const run = await syncAndWait(rt, ws);
    expect(run).toMatchObject({ status: 'succeeded', cleanup: 'done' });
    expect(run.counts.removed).toBe(1);
    const active = await listAll(rt, ws, 'ad-accounts');
    expect(active.map((a) => a.id)).not.toContain('act_999000111');
    expect(comparable(active)).toEqual(expectedItems(seeded.expected.adAccounts, ws));
    const all = await listAll(rt, ws, 'ad-accounts', true);
    expect(all.find((a) => a.id === 'act_999000111')).toMatchObject({
      status: 'removed',
      name: 'Closed long ago',
      removedAt: expect.any(String),
    });
  });

  it('keeps everything when one BM fails: the others are synced, cleanup is skipped, the notification says partial', async () => {
    const sim = simulatorOf(rt);
    const seeded = sim.seed({ businesses: 3, tokens: 1, perBusiness, overlap: 0, seed: 22 });
    const ws = await connectSeeded(rt, 'ws-partial', seeded.tokens);
    await new DynamoAssetStore().putMany([staleAccount(ws.workspaceId)]);
    const [failing, ...healthy] = seeded.businessIds;
    const fault = sim.addFault({
      path: `/${failing}/owned_pages`,
      status: 403,
      error: { code: 200, message: '(#200) Requires business_management permission to manage the object' },
    });
    try {
      const run = await syncAndWait(rt, ws);
      expect(run).toMatchObject({
        status: 'partial',
        cleanup: 'skipped',
        tasks: { total: 4, succeeded: 3, failed: 1 },
        counts: { removed: 0 },
      });
      expect(run.errors).toEqual([
        expect.objectContaining({
          taskId: `bm-${failing}`,
          businessId: failing,
          code: 'meta_permission_denied',
        }),
      ]);
      // Every page but the failed edge's (without overlap, those are the failing BM's own).
      const pages = await listAll(rt, ws, 'pages');
      const readable = seeded.expected.pages.filter((p) => p.businessId !== failing);
      expect(comparable(pages)).toEqual(expectedItems(readable, ws));
      expect(pages.some((p) => healthy.includes(p.businessId))).toBe(true);
      // The failed BM's other edges were read and stored; the stale account stays until a complete run.
      const accounts = await listAll(rt, ws, 'ad-accounts');
      expect(accounts.map((a) => a.id)).toContain('act_999000111');
      expect(accounts.some((a) => a.businessId === failing)).toBe(true);

      const notifications = await api(rt, 'GET', '/notifications', { token: ws.jwt });
      expect(notifications.body.items[0]).toMatchObject({
        kind: 'sync_partial',
        removed: 0,
        message: expect.stringContaining(`Business Manager ${failing}`),
      });
    } finally {
      sim.removeFault(fault);
    }
  });

  it('a token taken out of the workspace takes its assets with it, and they come back with it', async () => {
    const seeded = simulatorOf(rt).seed({
      businesses: 2,
      tokens: 2,
      perBusiness,
      employeeAssigned: { adAccounts: 2, pages: 1 },
      overlap: 0,
      seed: 23,
    });
    const ws = await connectSeeded(rt, 'ws-token-removed', seeded.tokens);
    const first = await syncAndWait(rt, ws);
    expect(first.status).toBe('succeeded');
    const before = await listAll(rt, ws, 'ad-accounts');
    const secondId = ws.tokenIds.get(seeded.tokens[1]?.id ?? '') ?? '';
    const onlySecond = before.filter((a) => a.tokenIds.length === 1 && a.tokenIds[0] === secondId);
    expect(onlySecond.length).toBeGreaterThan(0);

    const connections = new DynamoConnectionStore();
    const [ref] = (await connections.listTokens(ws.workspaceId)).filter((t) => t.tokenId === secondId);
    if (!ref) throw new Error('second token missing');
    await connections.deleteToken(ws.workspaceId, secondId);
    const without = await syncAndWait(rt, ws);
    expect(without).toMatchObject({ status: 'succeeded', cleanup: 'done' });
    expect(without.counts.removed).toBeGreaterThanOrEqual(onlySecond.length);
    const remaining = await listAll(rt, ws, 'ad-accounts');
    expect(remaining.some((a) => a.tokenIds.includes(secondId))).toBe(false);

    await connections.putToken(ref);
    const back = await syncAndWait(rt, ws);
    expect(back.counts.added).toBeGreaterThanOrEqual(onlySecond.length);
    expect(comparable(await listAll(rt, ws, 'ad-accounts'))).toEqual(comparable(before));
    const revived = (await listAll(rt, ws, 'ad-accounts')).find((a) => a.id === onlySecond[0]?.id);
    expect(revived).toMatchObject({ status: 'active', firstSeenAt: onlySecond[0]?.firstSeenAt });
  });
});
