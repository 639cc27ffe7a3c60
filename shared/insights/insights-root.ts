import { usableTokens } from '../connect/workspace-tokens';
import { graphClientFromConfig } from '../meta/graph-client-from-config';
import { metaAppCredentials } from '../platform/meta-app';
import { oncePerContainer } from '../platform/once-per-container';
import { cachedTokenReads } from '../store/cached-token-reads';
import { connectionStore } from '../store/dynamodb/connection-store';
import { dailyMetricsStore } from '../store/dynamodb/daily-metrics-store';
import { tokenVault } from '../store/secrets-manager/token-vault';
import { GraphMetaInsights } from './graph-meta-insights';
import type { InsightsPullDeps } from './insights-deps';
import { insightsStartDeps } from './insights-start-root';
import { spendGuard } from './spend-guard-root';

/**
 * A queue consumer must not sleep on a throttle: past a second the piece is deferred through
 * the queue instead (DeferError), so the Lambda is not billed for waiting.
 */
const MAX_INLINE_WAIT_MS = 1000;

/** How long a warm container keeps a token it read (see cachedTokenReads). */
const TOKEN_CACHE_MS = 60_000;

/**
 * The Insights pull's composition root: the consumer's dependencies, built once per container
 * (a failed build, e.g. Secrets Manager, is retried on the next call). Starting a job needs no
 * Meta: the routes and the schedule take theirs from insights-start-root.ts, so their bundles
 * carry no Graph client and no campaign path.
 */
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
