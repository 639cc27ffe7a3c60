import { randomBytes } from 'node:crypto';
import { queues } from '../../infra/resources';
import { resourceName } from '../platform/config';
import { assetStore } from '../store/dynamodb/asset-store';
import { connectionStore } from '../store/dynamodb/connection-store';
import { idempotencyStore } from '../store/dynamodb/idempotency-store';
import { insightsJobStore } from '../store/dynamodb/insights-job-store';
import { sendJsonBatch } from '../store/queue';
import type { InsightsPullQueue, InsightsRefreshDeps, InsightsStartDeps } from './insights-deps';

/**
 * What starting and reading Insights jobs needs (the refresh and job routes, the schedule,
 * and the consumer's plan messages), built once per container: stores and the queue, no Meta.
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

let refreshDeps: InsightsRefreshDeps | undefined;

/** The refresh route: starting a job under its Idempotency-Key. */
export function insightsRefreshDeps(): InsightsRefreshDeps {
  refreshDeps ??= { ...insightsStartDeps(), idempotency: idempotencyStore() };
  return refreshDeps;
}
