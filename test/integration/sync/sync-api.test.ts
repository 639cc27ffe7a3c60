import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { businessAssets } from '../../../infra/local/meta-simulator';
import type { LocalRuntime } from '../../../infra/local/runtime';
import { type SyncRun, syncRunIdAt } from '../../../shared/domain/sync-run';
import { DynamoConnectionStore } from '../../../shared/store/dynamodb/connection-store';
import { DynamoSyncRunStore } from '../../../shared/store/dynamodb/sync-run-store';
import type { TaskMessage } from '../../../shared/sync/sync-messages';
import { api, startTestRuntime } from '../support/runtime';
import { connectSeeded, listAll, simulatorOf, syncAndWait } from './sync-fixture';

const tiny = businessAssets({
  ownedAdAccounts: 2,
  clientAdAccounts: 1,
  ownedPages: 1,
  ownedPixels: 1,
  ownedCatalogs: 1,
});

/** The rules of the sync routes: joining, refusing, and keeping workspaces apart. */
describe('sync API rules (local runtime + simulator)', () => {
  let rt: LocalRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime();
  });
  afterAll(() => rt.stop());

  it('refuses to sync a workspace that is not connected', async () => {
    const jwt = rt.token({ workspace_id: 'ws-never-connected', sub: 'someone' });
    const answer = await api(rt, 'POST', '/meta/sync', { token: jwt, body: {} });
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('not_connected');
  });

  it('validates the requested asset types', async () => {
    const jwt = rt.token({ workspace_id: 'ws-validation', sub: 'someone' });
    const answer = await api(rt, 'POST', '/meta/sync', { token: jwt, body: { assetTypes: ['campaigns'] } });
    expect(answer.status).toBe(400);
    const unknownType = await api(rt, 'GET', '/meta/assets/campaigns', { token: jwt });
    expect(unknownType.status).toBe(400);
  });

  it('joins a sync that is already running for the same types instead of starting another', async () => {
    const sim = simulatorOf(rt);
    const seeded = sim.seed({ businesses: 2, tokens: 1, perBusiness: tiny, seed: 41 });
    const ws = await connectSeeded(rt, 'ws-join', seeded.tokens);
    sim.setLatency(300);
    try {
      const first = await api(rt, 'POST', '/meta/sync', { token: ws.jwt });
      const again = await api(rt, 'POST', '/meta/sync', { token: ws.jwt, body: {} });
      const pixelsOnly = await api(rt, 'POST', '/meta/sync', {
        token: ws.jwt,
        body: { assetTypes: ['pixels'] },
      });
      expect(first).toMatchObject({ status: 202, body: { joined: false } });
      expect(again).toMatchObject({ status: 202, body: { syncRunId: first.body.syncRunId, joined: true } });
      expect(pixelsOnly.body).toEqual({ syncRunId: first.body.syncRunId, joined: true });
      const running = await api(rt, 'GET', `/meta/sync/${first.body.syncRunId}`, { token: ws.jwt });
      expect(running.body).toMatchObject({ status: 'running', counts: { found: 0 } });
      expect(running.body.cleanup).toBeUndefined();
      await rt.idle(20_000);
    } finally {
      sim.setLatency(0);
    }
    const done = await api(rt, 'GET', '/notifications', { token: ws.jwt });
    expect(done.body.items.filter((n: { kind: string }) => n.kind.startsWith('sync_'))).toHaveLength(1);
    // Once it is over, a new click starts a new run.
    const next = await syncAndWait(rt, ws);
    expect(next.status).toBe('succeeded');
  });

  it('ends a run left running past 30 minutes as failed when a new sync starts', async () => {
    const seeded = simulatorOf(rt).seed({ businesses: 1, tokens: 1, perBusiness: tiny, seed: 43 });
    const ws = await connectSeeded(rt, 'ws-stuck', seeded.tokens);
    // A run whose messages all dead-lettered: recorded as running 31 minutes ago, nothing queued.
    const runs = new DynamoSyncRunStore();
    const startedAt = new Date(Date.now() - 31 * 60_000).toISOString();
    const { generation } = await new DynamoConnectionStore().get(ws.workspaceId);
    const stuck: SyncRun = {
      workspaceId: ws.workspaceId,
      syncRunId: syncRunIdAt(Date.parse(startedAt), 'stuck1'),
      generation,
      trigger: 'manual',
      assetTypes: ['ad-accounts', 'pages', 'pixels', 'catalogs'],
      status: 'running',
      phase: 'fetching',
      startedAt,
      updatedAt: startedAt,
      tasks: { total: 1, succeeded: 0, failed: 0 },
      counts: { found: 0, added: 0, updated: 0, removed: 0 },
      planErrors: [],
      errors: [],
    };
    const { version } = await runs.activeRuns(ws.workspaceId);
    expect(await runs.startRun(stuck, [{ ...stuck }], version)).toBe(true);

    const next = await api(rt, 'POST', '/meta/sync', { token: ws.jwt, body: {} });
    expect(next.body).toMatchObject({ joined: false });
    const ended = await api(rt, 'GET', `/meta/sync/${stuck.syncRunId}`, { token: ws.jwt });
    expect(ended.body).toMatchObject({ status: 'failed', cleanup: 'skipped' });
    expect(ended.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'timed_out' })]),
    );
    await rt.idle(20_000);
  });

  it('shows a workspace nothing of another workspace', async () => {
    const seeded = simulatorOf(rt).seed({ businesses: 1, tokens: 1, perBusiness: tiny, seed: 42 });
    const owner = await connectSeeded(rt, 'ws-owner', seeded.tokens);
    const run = await syncAndWait(rt, owner);
    expect((await listAll(rt, owner, 'ad-accounts')).length).toBeGreaterThan(0);
    const page = await api(rt, 'GET', '/meta/assets/ad-accounts?limit=1', { token: owner.jwt });
    expect(page.body.nextCursor).toEqual(expect.any(String));

    const stranger = rt.token({ workspace_id: 'ws-stranger', sub: 'stranger' });
    expect((await api(rt, 'GET', `/meta/sync/${run.syncRunId}`, { token: stranger })).status).toBe(404);
    expect((await api(rt, 'GET', '/meta/assets/ad-accounts', { token: stranger })).body).toEqual({
      items: [],
    });
    expect((await api(rt, 'GET', '/notifications', { token: stranger })).body).toEqual({ items: [] });
    const stolen = await api(rt, 'GET', `/meta/assets/ad-accounts?cursor=${page.body.nextCursor}`, {
      token: stranger,
    });
    expect(stolen.status).toBe(400);
    expect((await api(rt, 'GET', '/meta/sync/sr_doesnotexist', { token: owner.jwt })).status).toBe(404);
  });

  it('lets queued work of a disconnected workspace do nothing: no Meta call, no asset', async () => {
    const sim = simulatorOf(rt);
    const seeded = sim.seed({ businesses: 1, tokens: 1, perBusiness: tiny, seed: 43 });
    const ws = await connectSeeded(rt, 'ws-gone', seeded.tokens);
    const started = await api(rt, 'POST', '/meta/sync', { token: ws.jwt, body: {} });
    await rt.idle(20_000);
    const [businessId] = seeded.businessIds;
    if (!businessId) throw new Error('no BM seeded');

    // Disconnect: the generation moves on, and a task of the old one is still in the queue.
    const connections = new DynamoConnectionStore();
    const current = await connections.get(ws.workspaceId);
    expect(
      await connections.put({ ...current, status: 'disconnected', generation: current.generation + 1 }),
    ).toBe(true);
    const stale: TaskMessage = {
      kind: 'task',
      workspaceId: ws.workspaceId,
      syncRunId: started.body.syncRunId,
      generation: current.generation,
      task: {
        kind: 'business',
        taskId: `bm-${businessId}`,
        businessId,
        tokenIds: ['login'],
        edges: [{ edge: 'owned_pages', assetType: 'pages', source: 'owned', record: true, pixels: false }],
      },
    };
    const before = await listAll(rt, ws, 'pages');
    sim.resetRequests();
    await rt.sqs.send(
      new SendMessageCommand({ QueueUrl: rt.queueUrls.syncTasks?.url, MessageBody: JSON.stringify(stale) }),
    );
    await rt.idle(20_000);
    expect(sim.countRequests()).toBe(0);
    expect(await listAll(rt, ws, 'pages')).toEqual(before);
    const refused = await api(rt, 'POST', '/meta/sync', { token: ws.jwt, body: {} });
    expect(refused.status).toBe(409);
  });
});
