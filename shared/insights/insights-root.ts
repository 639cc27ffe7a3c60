import { randomBytes } from 'node:crypto';
import { queues } from '../../infra/manifest';
import { resourceName } from '../platform/config';
import { assetStore } from '../store/dynamodb/asset-store';
import { connectionStore } from '../store/dynamodb/connection-store';
import { insightsJobStore } from '../store/dynamodb/insights-job-store';
import { sendJsonBatch } from '../store/queue';
import type { InsightsPullQueue, InsightsStartDeps } from './insights-deps';

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
