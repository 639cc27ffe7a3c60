import type middy from '@middy/core';
import { metrics } from './observability';

/**
 * Flushes the invocation's metrics (EMF) after the handler, errors included. Unlike
 * Powertools' logMetrics it stays silent when nothing was recorded, which is most calls.
 */
export function publishMetrics(): middy.MiddlewareObj {
  const flush = async (): Promise<void> => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { after: flush, onError: flush };
}
