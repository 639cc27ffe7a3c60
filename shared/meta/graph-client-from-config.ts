import { config } from '../platform/config';
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
