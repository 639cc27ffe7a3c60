import { randomBytes } from 'node:crypto';
import { queues } from '../../infra/manifest';
import { usableTokens } from '../connect/workspace-tokens';
import { graphClientFromConfig } from '../meta/graph-client-from-config';
import { resourceName } from '../platform/config';
import { metaAppCredentials } from '../platform/meta-app';
import { oncePerContainer } from '../platform/once-per-container';
import { cachedTokenReads } from '../store/cached-token-reads';
import { assetStore } from '../store/dynamodb/asset-store';
import { connectionStore } from '../store/dynamodb/connection-store';
import { dailyMetricsStore } from '../store/dynamodb/daily-metrics-store';
import { insightsJobStore } from '../store/dynamodb/insights-job-store';
import { sendJsonBatch } from '../store/queue';
import { tokenVault } from '../store/secrets-manager/token-vault';
import { GraphMetaInsights } from './graph-meta-insights';
import type { InsightsPullDeps, InsightsPullQueue, InsightsStartDeps } from './insights-deps';
import { spendGuard } from './spend-guard-root';

/**
 * A queue consumer must not sleep on a throttle: past a second the piece is deferred through
 * the queue instead (DeferError), so the Lambda is not billed for waiting.
 */
const MAX_INLINE_WAIT_MS = 1000;

/** How long a warm container keeps a token it read (see cachedTokenReads). */
const TOKEN_CACHE_MS = 60_000;

/**
 * The Insights pull's composition root: the only place its handlers (functions/insights) get
 * their dependencies from, each set built once per container. Starting a job needs no Meta,
 * so the routes' and the schedule's bundles carry no Graph client.
 */

let startDeps: InsightsStartDeps | undefined;

/** The `insightsPull` queue of the manifest. */
function insightsPullQueue(): InsightsPullQueue {
  return { sendAll: (messages) => sendJsonBatch(resourceName(queues.insightsPull.envVar), messages) };
}

/** Creating jobs and reading them: the refresh and job routes, the schedules, a plan message. */
export function insightsStartDeps(): InsightsStartDeps {
  startDeps ??= {
    connections: connectionStore(),
    assets: assetStore(),
    jobs: insightsJobStore(),
    queue: insightsPullQueue(),
    now: Date.now,
    randomHex: () => randomBytes(12).toString('hex'),
  };
  return startDeps;
}

/** Reading pieces; a failed build (Secrets Manager) is retried on the next call. */
export const insightsPullDeps: () => Promise<InsightsPullDeps> = oncePerContainer(buildPullDeps);

async function buildPullDeps(): Promise<InsightsPullDeps> {
  const app = await metaAppCredentials();
  const graph = graphClientFromConfig({ appSecret: app.appSecret, maxInlineWaitMs: MAX_INLINE_WAIT_MS });
  const tokenReads = {
    connections: connectionStore(),
    vault: cachedTokenReads(tokenVault(), TOKEN_CACHE_MS),
  };
  return {
    ...insightsStartDeps(),
    meta: new GraphMetaInsights(graph),
    metrics: dailyMetricsStore(),
    tokens: async (workspaceId) =>
      (await usableTokens(tokenReads, workspaceId)).map((t) => ({
        id: t.ref.tokenId,
        accessToken: t.accessToken,
      })),
    guardSpend: spendGuard(),
  };
}
