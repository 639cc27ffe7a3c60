import type { StagedObjects, StagedReadOptions } from '../../creatives/staged-objects';

/** Staged objects in memory, counting the bytes read, for unit tests. */
export class InMemoryStagedObjects implements StagedObjects {
  private readonly objects = new Map<string, Uint8Array>();
  /** Every ranged read, in order. */
  readonly reads: { key: string; start: number; end: number }[] = [];

  put(key: string, bytes: Uint8Array): void {
    this.objects.set(key, bytes);
  }

  async head(key: string): Promise<{ size: number } | undefined> {
    const bytes = this.objects.get(key);
    return bytes ? { size: bytes.length } : undefined;
  }

  async read(
    key: string,
    start: number,
    endExclusive: number,
    options: StagedReadOptions = {},
  ): Promise<Uint8Array> {
    options.signal?.throwIfAborted();
    const bytes = this.objects.get(key);
    if (!bytes) throw new Error(`no staged object ${key}`);
    this.reads.push({ key, start, end: endExclusive });
    return bytes.slice(start, Math.min(endExclusive, bytes.length));
  }
}
