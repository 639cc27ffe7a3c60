import type { TokenCandidate } from '../meta/token-failover';
import type { AssetStore } from '../store/asset-store';
import type { ConnectionStore } from '../store/connection-store';
import type { DailyMetricsStore } from '../store/daily-metrics-store';
import type { IdempotencyStore } from '../store/idempotency-store';
import type { InsightsJobStore } from '../store/insights-job-store';
import type { MetaInsights } from './meta-insights';
import type { InsightsPullMessage } from './pull-messages';
import type { GuardSpend } from './spend-guard-port';

/** The `insightsPull` queue. */
export interface InsightsPullQueue {
  /** Sends many at once (a schedule's plans, a job's pieces, a split's halves). */
  sendAll(messages: readonly InsightsPullMessage[]): Promise<void>;
}

/** What creating a job needs (the refresh route, the schedule, a plan message): no Meta. */
export interface InsightsStartDeps {
  connections: Pick<ConnectionStore, 'get' | 'connectedWorkspaces'>;
  /** The synced `ad-accounts` items: which ad accounts the workspace has, their zone and tokens. */
  assets: Pick<AssetStore, 'get'>;
  jobs: InsightsJobStore;
  queue: InsightsPullQueue;
  now: () => number;
  /** 24 random hex digits for a job id. */
  randomHex: () => string;
}

/** What `POST /insights/refresh` needs beyond starting a job: its Idempotency-Key. */
export interface InsightsRefreshDeps extends InsightsStartDeps {
  idempotency: IdempotencyStore;
}

/** What reading a piece needs. */
export interface InsightsPullDeps extends InsightsStartDeps {
  meta: MetaInsights;
  metrics: Pick<DailyMetricsStore, 'upsert'>;
  /** The workspace's usable tokens, the login first (none when it is disconnected). */
  tokens: (workspaceId: string) => Promise<TokenCandidate[]>;
  /** Told the days of every stored campaign-level piece. */
  guardSpend: GuardSpend;
}
