import { config } from '../platform/config';
import { metaAppCredentials } from '../platform/meta-app';
import { DynamoDbRateLimitStore } from '../store/dynamodb/rate-limit-store';
import { GraphClient, type GraphClientOptions } from './graph-client';

/**
 * The Graph client as a Lambda uses it: base URLs (Graph and video host) and version from `config('meta')`, buckets and
 * breakers shared through DynamoDB (TABLE_APP). The app secret comes from the caller (env
 * locally, Secrets Manager in AWS).
 * @example const graph = graphClientFromConfig({ appSecret });
 */
export function graphClientFromConfig(
  options: Omit<GraphClientOptions, 'baseUrl' | 'version'> & { baseUrl?: string; version?: string },
): GraphClient {
  const meta = config('meta');
  return new GraphClient({
    ...options,
    baseUrl: options.baseUrl ?? meta.META_GRAPH_URL,
    videoBaseUrl: options.videoBaseUrl ?? options.baseUrl ?? meta.META_GRAPH_VIDEO_URL,
    version: options.version ?? meta.META_GRAPH_VERSION,
    rateLimitStore: options.rateLimitStore ?? new DynamoDbRateLimitStore(),
  });
}

/**
 * Past this a throttled call is not waited out inline: a dashboard route answers 429 with
 * Retry-After (DESIGN §5, "never a hang"), a queue consumer defers through the queue
 * (DeferError), so no Lambda is billed for waiting.
 */
export const MAX_INLINE_THROTTLE_WAIT_MS = 1000;

/**
 * THE Graph client of the functions that never sleep on a throttle (the Meta-facing routes and
 * the consumers that defer), with the Meta app's secret (Secrets Manager in AWS, env locally).
 */
export async function nonWaitingGraphClient(): Promise<GraphClient> {
  const app = await metaAppCredentials();
  return graphClientFromConfig({ appSecret: app.appSecret, maxInlineWaitMs: MAX_INLINE_THROTTLE_WAIT_MS });
}
