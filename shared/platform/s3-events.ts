import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, S3Event } from 'aws-lambda';
import { errorFields } from './error-fields';
import { logger } from './observability';
import { publishMetrics } from './publish-metrics';

export interface StoredObject {
  bucket: string;
  /** Decoded: S3 events URL-encode keys with `+` for spaces. */
  key: string;
  size: number;
}

/**
 * The one middy stack for S3 object-created events: each record is handled on its own; a
 * failure is logged and rethrown so the async invoke retries (and its DLQ keeps it).
 */
export function s3ObjectHandler(handle: (object: StoredObject) => Promise<void>) {
  const core = async (event: S3Event, _context: Context): Promise<void> => {
    for (const record of event.Records) {
      const object = {
        bucket: record.s3.bucket.name,
        key: decodeURIComponent(record.s3.object.key.replace(/\+/g, ' ')),
        size: record.s3.object.size,
      };
      try {
        await handle(object);
      } catch (err: unknown) {
        logger.error('object handling failed', { key: object.key, error: errorFields(err) });
        throw err;
      }
    }
  };
  return middy(core).use(injectLambdaContext(logger)).use(publishMetrics());
}
