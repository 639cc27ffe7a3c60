import { usableTokenCandidates } from '../connect/workspace-token-reads';
import { nonWaitingGraphClient } from '../meta/graph-client-from-config';
import { oncePerContainer } from '../platform/once-per-container';
import { dailyMetricsStore } from '../store/dynamodb/daily-metrics-store';
import { GraphMetaInsights } from './graph-meta-insights';
import type { InsightsPullDeps } from './insights-deps';
import { insightsStartDeps } from './insights-start-root';
import { spendGuard } from './spend-guard-root';

/**
 * The Insights pull's composition root: the consumer's dependencies, built once per container
 * (a failed build, e.g. Secrets Manager, is retried on the next call). Starting a job needs no
 * Meta: the routes and the schedule take theirs from insights-start-root.ts, so their bundles
 * carry no Graph client and no campaign path.
 */
export const insightsPullDeps: () => Promise<InsightsPullDeps> = oncePerContainer(buildPullDeps);

async function buildPullDeps(): Promise<InsightsPullDeps> {
  const graph = await nonWaitingGraphClient();
  return {
    ...insightsStartDeps(),
    meta: new GraphMetaInsights(graph),
    metrics: dailyMetricsStore(),
    tokens: usableTokenCandidates(),
    guardSpend: spendGuard(),
  };
}
