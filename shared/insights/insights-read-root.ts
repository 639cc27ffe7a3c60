import { assetStore } from '../store/dynamodb/asset-store';
import { connectionStore } from '../store/dynamodb/connection-store';
import { dailyMetricsStore } from '../store/dynamodb/daily-metrics-store';
import type { InsightsReadDeps } from './list-insights';

/** The Insights area's root for `GET /insights`: stores only, no Graph client or token. */
export function insightsReadDeps(): InsightsReadDeps {
  return { connections: connectionStore(), assets: assetStore(), metrics: dailyMetricsStore() };
}
