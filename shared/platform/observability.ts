import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * The process-wide logger and metrics, created once per container. Log lines are JSON
 * (Powertools); never pass a token, secret, proof or signature to them.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'meta-ads' });

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'MetaAds',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'meta-ads',
});
