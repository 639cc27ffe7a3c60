/**
 * The staging bucket as the ingest reads it: an object's size, and byte ranges of it, so a
 * 4 GiB video is streamed to Meta a chunk at a time and never held whole.
 */
export interface StagedObjects {
  /**
   * The object's size and ETag (the version of its bytes), or undefined when there is no such
   * object (deleted, expired).
   */
  head(key: string): Promise<{ size: number; etag?: string } | undefined>;
  /**
   * Bytes [start, endExclusive) of the object.
   * @throws StagedObjectChangedError when `ifMatch` is given and the object is no longer that version
   */
  read(key: string, start: number, endExclusive: number, options?: StagedReadOptions): Promise<Uint8Array>;
}

export interface StagedReadOptions {
  /** Stops the read (the ingest's invocation deadline); the read then fails with the signal's reason. */
  signal?: AbortSignal;
  /**
   * The ETag the object must still have: the signed POST may be used again until it expires,
   * so the file may be replaced after it was checked (S3 answers 412 PreconditionFailed).
   */
  ifMatch?: string;
}

/** The staged object is no longer the version the ingest checked (replaced by another POST). */
export class StagedObjectChangedError extends Error {
  constructor(readonly key: string) {
    super(`staged object ${key} changed since it was checked`);
    this.name = 'StagedObjectChangedError';
  }
}
