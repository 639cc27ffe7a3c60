import type { StagedObjects, StagedReadOptions } from './staged-objects';

interface Range {
  start: number;
  end: number;
  bytes: Promise<Uint8Array>;
}

/**
 * Reads a staged object range by range, reading ahead: when a chunk is taken, the next
 * `readAhead` ranges of the same length are already being fetched, so S3 reads overlap the
 * sends to Meta. Meta names each next range; one that differs from the guess is patched
 * (a longer range reads the rest, a shorter one keeps the tail for later) or re-read. At
 * most `readAhead` + 1 chunks are held: the one in flight and those read ahead.
 */
export class ChunkReader {
  private ahead: Range[] = [];

  constructor(
    private readonly staged: StagedObjects,
    private readonly key: string,
    private readonly size: number,
    private readonly readAhead: number,
    /** Passed to every read (the run's deadline signal). */
    private readonly readOptions: StagedReadOptions = {},
  ) {}

  /** Bytes [start, end) of the object; then reads ahead past `end`. */
  async take(start: number, end: number): Promise<Uint8Array> {
    const until = Math.min(end, this.size);
    const bytes = this.takeNow(start, until);
    this.fillAhead(this.ahead.at(-1)?.end ?? until, until - start);
    return bytes;
  }

  private async takeNow(start: number, end: number): Promise<Uint8Array> {
    const first = this.ahead[0];
    if (!first || first.start !== start) {
      this.ahead = [];
      return this.staged.read(this.key, start, end, this.readOptions);
    }
    this.ahead.shift();
    if (first.end === end) return first.bytes;
    if (first.end > end) {
      // Meta asked for less than guessed: what is left over starts the next range.
      const held = first.bytes;
      this.ahead = [
        { start: end, end: first.end, bytes: held.then((b) => b.subarray(end - start)) },
        ...this.ahead,
      ];
      return (await held).subarray(0, end - start);
    }
    // Meta asked for more: read the rest; what was read ahead past it no longer lines up.
    this.ahead = [];
    const [head, tail] = await Promise.all([
      first.bytes,
      this.staged.read(this.key, first.end, end, this.readOptions),
    ]);
    const joined = new Uint8Array(end - start);
    joined.set(head);
    joined.set(tail, head.length);
    return joined;
  }

  private fillAhead(from: number, length: number): void {
    if (length <= 0) return;
    let next = from;
    while (this.ahead.length < this.readAhead && next < this.size) {
      const start = next;
      const end = Math.min(this.size, start + length);
      const bytes = this.staged.read(this.key, start, end, this.readOptions);
      // A guess that is dropped must not end as an unhandled rejection; a kept one rethrows when taken.
      bytes.catch(() => undefined);
      this.ahead.push({ start, end, bytes });
      next = end;
    }
  }
}
