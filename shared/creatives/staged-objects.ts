/**
 * The staging bucket as the ingest reads it: an object's size, and byte ranges of it, so a
 * 4 GiB video is streamed to Meta a chunk at a time and never held whole.
 */
export interface StagedObjects {
  /** The object's size, or undefined when there is no such object (deleted, expired). */
  head(key: string): Promise<{ size: number } | undefined>;
  /** Bytes [start, endExclusive) of the object. */
  read(key: string, start: number, endExclusive: number, options?: StagedReadOptions): Promise<Uint8Array>;
}

export interface StagedReadOptions {
  /** Stops the read (the ingest's invocation deadline); the read then fails with the signal's reason. */
  signal?: AbortSignal;
}
