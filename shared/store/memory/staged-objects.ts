import {
  StagedObjectChangedError,
  type StagedObjects,
  type StagedReadOptions,
} from '../../creatives/staged-objects';

/** Staged objects in memory, counting the bytes read, for unit tests. */
export class InMemoryStagedObjects implements StagedObjects {
  private readonly objects = new Map<string, { bytes: Uint8Array; etag: string }>();
  private puts = 0;
  /** Every ranged read, in order. */
  readonly reads: { key: string; start: number; end: number }[] = [];

  put(key: string, bytes: Uint8Array): void {
    this.puts += 1;
    this.objects.set(key, { bytes, etag: `"etag-${this.puts}"` });
  }

  async head(key: string): Promise<{ size: number; etag?: string } | undefined> {
    const held = this.objects.get(key);
    return held ? { size: held.bytes.length, etag: held.etag } : undefined;
  }

  async read(
    key: string,
    start: number,
    endExclusive: number,
    options: StagedReadOptions = {},
  ): Promise<Uint8Array> {
    options.signal?.throwIfAborted();
    const held = this.objects.get(key);
    if (!held) throw new Error(`no staged object ${key}`);
    if (options.ifMatch !== undefined && options.ifMatch !== held.etag)
      throw new StagedObjectChangedError(key);
    this.reads.push({ key, start, end: endExclusive });
    return held.bytes.slice(start, Math.min(endExclusive, held.bytes.length));
  }
}
