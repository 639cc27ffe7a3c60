import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { adAccountObjects, reviewAd } from './ad-object-controls';
import type { SimulatorControls } from './control-api';
import { faultRuleSchema, mediaOptionsSchema, type SeedFile, seedFileSchema } from './control-schemas';
import { DEV_INSIGHTS_HISTORY, DEV_SCENARIO } from './dev-scenario';
import { FaultBook } from './fault-book';
import { createRequestHandler } from './http-handler';
import {
  insightsOptionsSchema,
  insightsRestatementSchema,
  insightsWorldSchema,
} from './insights-control-schemas';
import { applyInsightsOptions, insightsTruth, restateInsights, seedInsightsWorld } from './insights-controls';
import { restoreKeptState, saveKeptState } from './kept-state';
import { adAccountMedia, applyMediaOptions, forceVideoStatus } from './media-controls';
import { RequestLog } from './request-log';
import { seedScenario } from './scenario-builder';
import type { SimulatorCore } from './simulator-core';
import { removeSystemUser } from './system-user-removal';
import type { FaultRule, MetaSimulator, MetaSimulatorOptions, ScenarioSpec } from './types';
import { UsageMeter } from './usage-headers';
import { deliverWebhook, type WebhookPayload } from './webhook-delivery';
import { World } from './world';

export type { SimulatedAdStudy } from './ad-study-records';
export { businessAssets } from './business-assets';
export { DEV_INSIGHTS_HISTORY, DEV_SCENARIO } from './dev-scenario';
export { DEFAULT_GRAPH_VERSION } from './simulator-core';
export type * from './types';

/** Fixed so a restarted `npm start` keeps working with tokens and config it printed before. */
const DEFAULT_APP_ID = '1784200000000001';
const DEFAULT_APP_SECRET = 'f3c1b2a4d5e6978812ab34cd56ef7890';

function readSeedFile(path: string): SeedFile {
  const parsed = seedFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success)
    throw new Error(`meta simulator seed file ${path} is invalid: ${parsed.error.message}`);
  return parsed.data;
}

/**
 * Starts a Meta Graph API simulator on 127.0.0.1: OAuth dialog and token endpoints,
 * discovery edges with real paging, batch, fault injection and a request log, plus the
 * `/__sim/*` control API. Webhook delivery (issue 4's later half) will subscribe to the
 * World's changes and POST signed notifications; it plugs in beside `createRequestHandler`.
 *
 * @example
 * const sim = await startMetaSimulator({ seed: { businesses: 2, tokens: 1, perBusiness } });
 * await fetch(`${sim.url}/v26.0/me/businesses?access_token=${sim.scenario.tokens[0]?.accessToken}`);
 * await sim.close();
 */
export async function startMetaSimulator(options: MetaSimulatorOptions = {}): Promise<MetaSimulator> {
  const seedFile = options.seedFile ? readSeedFile(options.seedFile) : undefined;
  const world = new World();
  const faults = new FaultBook();
  const log = new RequestLog();
  const core: SimulatorCore = {
    world,
    app: {
      appId: options.appId ?? DEFAULT_APP_ID,
      appSecret: options.appSecret ?? DEFAULT_APP_SECRET,
      name: 'Meta Ads Integration (simulated)',
    },
    faults,
    log,
    usage: new UsageMeter(),
    codes: new Map(),
    subscriptions: new Set(),
    baseUrl: '',
    latencyMs: options.latencyMs ?? seedFile?.latencyMs ?? 0,
    requireAppsecretProof: options.requireAppsecretProof ?? true,
    nowMs: () => Date.now(),
  };
  world.adObjects.nowMs = () => core.nowMs();
  applyMediaOptions(
    world.media,
    mediaOptionsSchema.parse({
      ...(options.videoChunkBytes === undefined ? {} : { chunkBytes: options.videoChunkBytes }),
      ...(options.videoProcessingMs === undefined ? {} : { processingMs: options.videoProcessingMs }),
    }),
  );
  const nowSeconds = () => Math.floor(core.nowMs() / 1000);
  const seed = (spec: ScenarioSpec) => seedScenario(world, spec, nowSeconds());
  const addFault = (rule: FaultRule) => faults.add(faultRuleSchema.parse(rule));
  for (const rule of seedFile?.faults ?? []) addFault(rule);
  const scenario = seed(options.seed ?? seedFile?.scenario ?? DEV_SCENARIO);
  if (options.insightsHistory)
    for (const adAccountId of world.adAccounts.keys())
      seedInsightsWorld(core, adAccountId, DEV_INSIGHTS_HISTORY);
  if (options.stateFile) restoreKeptState(core, options.stateFile);

  const tokenOf = (accessToken: string) => {
    const token = world.tokens.get(accessToken);
    if (!token) throw new Error('the simulator issued no such token');
    return token;
  };
  const controls: SimulatorControls = {
    scenario,
    seed,
    addFault,
    removeFault: (id) => faults.remove(id),
    clearFaults: () => faults.clear(),
    setLatency: (ms) => {
      core.latencyMs = Math.max(0, ms);
    },
    revokeToken: (accessToken) => {
      tokenOf(accessToken).invalidation = 'invalidated';
    },
    expireToken: (accessToken) => {
      tokenOf(accessToken).expiresAt = nowSeconds() - 1;
    },
    removeSystemUser: (userId) => removeSystemUser(world, userId),
    resetRequests: () => log.reset(),
    faults: () => faults.list(),
    hasToken: (accessToken) => world.tokens.has(accessToken),
    listRequests: (filter) => log.list(filter),
    adObjects: (adAccountId) => adAccountObjects(world, adAccountId),
    reviewAd: (adId, decision) => reviewAd(world.adObjects, adId, decision),
    media: (adAccountId) => adAccountMedia(world, adAccountId, core.nowMs()),
    setVideoStatus: (videoId, status) => forceVideoStatus(world.media, videoId, status),
    setMediaOptions: (mediaOptions) => applyMediaOptions(world.media, mediaOptionsSchema.parse(mediaOptions)),
    adStudies: (businessId) => world.adStudies.view(businessId),
    setInsightsOptions: (insightsOptions) =>
      applyInsightsOptions(core, insightsOptionsSchema.parse(insightsOptions)),
    seedInsightsWorld: (adAccountId, spec) =>
      seedInsightsWorld(core, adAccountId, insightsWorldSchema.parse(spec)),
    restateInsights: (adAccountId, restatement) =>
      restateInsights(core, adAccountId, insightsRestatementSchema.parse(restatement)),
    insightsTruth: (adAccountId, query) => insightsTruth(core, adAccountId, query),
  };

  let webhookTarget: string | undefined;
  const sendWebhook = (payload: WebhookPayload) => deliverWebhook(core, webhookTarget, payload);
  const server = createServer(createRequestHandler(core, controls, sendWebhook));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  core.baseUrl = `http://127.0.0.1:${port}`;

  return {
    ...controls,
    url: core.baseUrl,
    appId: core.app.appId,
    appSecret: core.app.appSecret,
    setWebhookTarget: (url) => {
      webhookTarget = url;
    },
    sendWebhook,
    requests: () => log.list(),
    countRequests: (filter) => log.count(filter),
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (options.stateFile) saveKeptState(core, options.stateFile);
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
