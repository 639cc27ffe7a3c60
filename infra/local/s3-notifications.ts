import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Manifest } from '../manifest';
import type { LocalS3Event } from './s3';

/**
 * What S3's event notifications do in AWS, locally: an ObjectCreated event under a bucket's
 * `objectCreated.prefix` becomes one message (S3's JSON) on its queue.
 */
export function objectCreatedForwarder(
  m: Manifest,
  bucketNames: Record<string, string>,
  queues: Record<string, { url: string }>,
  sqs: SQSClient,
  log: (line: Record<string, unknown>) => void,
): (event: LocalS3Event) => void {
  const routes = Object.entries(m.buckets).flatMap(([key, spec]) => {
    const queueUrl = spec.objectCreated ? queues[spec.objectCreated.queue]?.url : undefined;
    const bucket = bucketNames[key];
    return spec.objectCreated && queueUrl && bucket
      ? [{ bucket, prefix: spec.objectCreated.prefix, queueUrl }]
      : [];
  });
  return (event) => {
    for (const record of event.Records) {
      if (!record.eventName.startsWith('ObjectCreated:')) continue;
      const route = routes.find(
        (r) => r.bucket === record.s3.bucket.name && record.s3.object.key.startsWith(r.prefix),
      );
      if (!route) continue;
      // S3 URL-encodes keys in notifications (spaces as `+`); s3rver does not.
      const encoded = {
        ...record,
        s3: {
          ...record.s3,
          object: { ...record.s3.object, key: encodeURIComponent(record.s3.object.key).replace(/%2F/g, '/') },
        },
      };
      sqs
        .send(
          new SendMessageCommand({
            QueueUrl: route.queueUrl,
            MessageBody: JSON.stringify({ Records: [encoded] }),
          }),
        )
        .catch((err: unknown) =>
          log({
            level: 'error',
            message: 'S3 event not queued',
            key: record.s3.object.key,
            error: String(err),
          }),
        );
    }
  };
}
