import * as z from 'zod';
import { uploadIdSchema } from '../contracts/upload-id';
import { parseUploadKey } from '../domain/upload';

/**
 * What arrives on the `uploadIngest` queue: the staging bucket's S3 event notification (as S3
 * sends it to SQS), S3's test event when the notification is set up, or our own continuation
 * of an ingest that had to wait (a throttle, Meta processing the video, the Lambda's deadline).
 */

const s3EventRecord = z.object({
  eventName: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string() }),
    /** URL-encoded, `+` for a space. */
    object: z.object({ key: z.string(), size: z.number().int().nonnegative().optional() }),
  }),
});
export type S3EventRecord = z.infer<typeof s3EventRecord>;

export const ingestContinuationSchema = z.object({
  workspaceId: z.string().min(1),
  uploadId: uploadIdSchema,
});
export type IngestContinuation = z.infer<typeof ingestContinuationSchema>;

export const ingestMessageSchema = z.union([
  ingestContinuationSchema,
  z.object({ Records: z.array(s3EventRecord) }),
  z.object({ Event: z.literal('s3:TestEvent') }),
]);
export type IngestMessage = z.infer<typeof ingestMessageSchema>;

/** An S3 record the ingest looks at, with the upload its key names (undefined: not ours). */
export interface StagedArrival {
  record: S3EventRecord;
  key: string;
  upload?: IngestContinuation;
}

/** The object-created records of an S3 event, keys decoded (S3 URL-encodes them, `+` for spaces). */
export function stagedArrivals(records: readonly S3EventRecord[]): StagedArrival[] {
  return records
    .filter((record) => record.eventName.startsWith('ObjectCreated:'))
    .map((record) => {
      const key = decodedKey(record.s3.object.key);
      const upload = parseUploadKey(key);
      return { record, key, ...(upload ? { upload } : {}) };
    });
}

function decodedKey(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key; // not URL-encoded after all; parseUploadKey then says whether it is ours
  }
}
