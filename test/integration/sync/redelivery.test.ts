import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { businessAssets } from '../../../infra/local/meta-simulator';
import type { LocalRuntime } from '../../../infra/local/runtime';
import { manifest } from '../../../infra/manifest';
import type { Asset } from '../../../shared/domain/asset-record';
import type { AssetType } from '../../../shared/domain/asset-type';
import type { AssetPage, AssetStore } from '../../../shared/store/asset-store';
import { DynamoAssetStore } from '../../../shared/store/dynamodb/asset-store';
import { DynamoConnectionStore } from '../../../shared/store/dynamodb/connection-store';
import { handleSyncMessage } from '../../../shared/sync/handle-sync-message';
import type { SyncWorkDeps } from '../../../shared/sync/sync-deps';
import { type SyncMessage, syncMessageSchema } from '../../../shared/sync/sync-messages';
import { syncWorkDeps } from '../../../shared/sync/sync-work-root';
import { api, startTestRuntime } from '../support/runtime';
import { comparable, connectSeeded, expectedItems, listAll, simulatorOf } from './sync-fixture';

/** The real DynamoDB store, except that the process dies after half of one batch of writes. */
class CrashingAssetStore implements AssetStore {
  crashes = 0;
  constructor(private readonly inner: AssetStore) {}
  list(
    workspaceId: string,
    type: AssetType,
    options: { limit: number; cursor?: string; includeRemoved: boolean },
  ): Promise<AssetPage> {
    return this.inner.list(workspaceId, type, options);
  }
  loadAll(workspaceId: string, types: readonly AssetType[]): Promise<Asset[]> {
    return this.inner.loadAll(workspaceId, types);
  }
  get(workspaceId: string, type: AssetType, id: string): Promise<Asset | undefined> {
    return this.inner.get(workspaceId, type, id);
  }
  moveToShards(workspaceId: string): Promise<number> {
    return this.inner.moveToShards(workspaceId);
  }
  async putMany(assets: readonly Asset[]): Promise<void> {
    await this.inner.putMany(assets.slice(0, Math.floor(assets.length / 2)));
    this.crashes += 1;
    throw new Error('the Lambda died half-way through its writes');
  }
}

/**
 * Deliveries the queue runner would make, made by hand so a crash can be placed exactly:
 * the sync consumer is left out of this runtime and its messages are taken from the real
 * local SQS queue.
 */
describe('asset sync across crashes and redeliveries (local SQS, DynamoDB Local, simulator)', () => {
  let rt: LocalRuntime;
  let deps: SyncWorkDeps;
  beforeAll(async () => {
    rt = await startTestRuntime({
      manifest: { ...manifest, functions: manifest.functions.filter((fn) => fn.name !== 'sync-tasks') },
    });
    deps = await syncWorkDeps();
  });
  afterAll(() => rt.stop());

  async function receiveAll(): Promise<SyncMessage[]> {
    const messages: SyncMessage[] = [];
    for (;;) {
      const out = await rt.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: rt.queueUrls.syncTasks?.url,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
        }),
      );
      if (!out.Messages?.length) return messages;
      for (const message of out.Messages) {
        messages.push(syncMessageSchema.parse(JSON.parse(message.Body ?? '')));
        await rt.sqs.send(
          new DeleteMessageCommand({
            QueueUrl: rt.queueUrls.syncTasks?.url,
            ReceiptHandle: message.ReceiptHandle,
          }),
        );
      }
    }
  }

  it('converges after the finisher crashes half-way through its writes, counting each change once', async () => {
    const seeded = simulatorOf(rt).seed({
      businesses: 3,
      tokens: 2,
      perBusiness: businessAssets({
        ownedAdAccounts: 20,
        clientAdAccounts: 5,
        ownedPages: 10,
        clientPages: 5,
        ownedPixels: 4,
        clientPixels: 2,
        ownedCatalogs: 3,
        clientCatalogs: 2,
      }),
      employeeAssigned: { adAccounts: 4, pages: 2 },
      adAccountPixels: 1,
      seed: 51,
    });
    const ws = await connectSeeded(rt, 'ws-crash', seeded.tokens);
    const started = await api(rt, 'POST', '/meta/sync', { token: ws.jwt, body: {} });
    const [plan] = await receiveAll();
    if (!plan) throw new Error('no planning message');
    await handleSyncMessage(deps, plan);
    const tasks = await receiveAll();
    expect(tasks).toHaveLength(seeded.businessIds.length + seeded.tokens.length);

    const crashing = new CrashingAssetStore(new DynamoAssetStore());
    const last = tasks.pop();
    if (!last) throw new Error('no task');
    for (const task of tasks) await handleSyncMessage(deps, task);
    await expect(handleSyncMessage({ ...deps, assets: crashing }, last)).rejects.toThrow('half-way');
    expect(crashing.crashes).toBe(1);
    const halfway = await api(rt, 'GET', `/meta/sync/${started.body.syncRunId}`, { token: ws.jwt });
    expect(halfway.body).toMatchObject({ status: 'running', phase: 'concluding' });

    // SQS hands the message out again; an already-finished task's duplicate changes nothing either.
    await handleSyncMessage(deps, last);
    for (const task of tasks.slice(0, 2)) await handleSyncMessage(deps, task);

    const run = await api(rt, 'GET', `/meta/sync/${started.body.syncRunId}`, { token: ws.jwt });
    const total = Object.values(seeded.expected).reduce((n, list) => n + list.length, 0);
    expect(run.body).toMatchObject({
      status: 'succeeded',
      tasks: { total: tasks.length + 1, succeeded: tasks.length + 1, failed: 0 },
      counts: { found: total, added: total, updated: 0, removed: 0 },
    });
    expect(comparable(await listAll(rt, ws, 'ad-accounts'))).toEqual(
      expectedItems(seeded.expected.adAccounts, ws),
    );
    expect(comparable(await listAll(rt, ws, 'pixels'))).toEqual(expectedItems(seeded.expected.pixels, ws));
    const notifications = await api(rt, 'GET', '/notifications', { token: ws.jwt });
    expect(notifications.body.items).toHaveLength(1);
    expect(await receiveAll()).toEqual([]);
  });

  it('does nothing with the queued tasks of a run whose workspace was disconnected', async () => {
    const sim = simulatorOf(rt);
    const seeded = sim.seed({
      businesses: 2,
      tokens: 1,
      perBusiness: businessAssets({ ownedAdAccounts: 2, ownedPages: 2 }),
      seed: 52,
    });
    const ws = await connectSeeded(rt, 'ws-disconnected', seeded.tokens);
    const started = await api(rt, 'POST', '/meta/sync', { token: ws.jwt, body: {} });
    for (const plan of await receiveAll()) await handleSyncMessage(deps, plan);
    const queued = await receiveAll();
    expect(queued.length).toBeGreaterThan(0);

    const connections = new DynamoConnectionStore();
    const current = await connections.get(ws.workspaceId);
    await connections.put({ ...current, status: 'disconnected', generation: current.generation + 1 });
    sim.resetRequests();
    for (const task of queued) await handleSyncMessage(deps, task);

    expect(sim.countRequests()).toBe(0);
    expect(await listAll(rt, ws, 'ad-accounts')).toEqual([]);
    const run = await api(rt, 'GET', `/meta/sync/${started.body.syncRunId}`, { token: ws.jwt });
    expect(run.body).toMatchObject({
      status: 'failed',
      cleanup: 'skipped',
      errors: [expect.objectContaining({ code: 'disconnected' })],
    });
    expect((await api(rt, 'GET', '/notifications', { token: ws.jwt })).body.items).toEqual([]);
  });
});
