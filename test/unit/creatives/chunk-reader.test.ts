import { ChunkReader } from '../../../shared/creatives/chunk-reader';
import { InMemoryStagedObjects } from '../../../shared/store/memory/staged-objects';
import { filler } from '../../support/media-fixtures';

describe('ChunkReader', () => {
  const file = filler(0, 10_000);
  const setup = (readAhead = 1) => {
    const staged = new InMemoryStagedObjects();
    staged.put('k', file);
    return { staged, reader: new ChunkReader(staged, 'k', file.length, readAhead) };
  };

  it('reads the next range of the same length while one is taken', async () => {
    const { staged, reader } = setup();
    expect(await reader.take(0, 1000)).toEqual(file.subarray(0, 1000));
    expect(staged.reads.map((r) => [r.start, r.end])).toEqual([
      [0, 1000],
      [1000, 2000],
    ]);
    expect(await reader.take(1000, 2000)).toEqual(file.subarray(1000, 2000));
    expect(staged.reads).toHaveLength(3); // the guess was used, the one after is on its way
  });

  it('reads the rest when Meta asks for more than guessed, and keeps the tail when it asks for less', async () => {
    const { staged, reader } = setup();
    await reader.take(0, 1000);
    expect(await reader.take(1000, 2500)).toEqual(file.subarray(1000, 2500));
    expect(staged.reads.map((r) => [r.start, r.end])).toContainEqual([2000, 2500]);
    expect(await reader.take(2500, 3000)).toEqual(file.subarray(2500, 3000)); // guessed [2500, 4000)
    const before = staged.reads.length;
    expect(await reader.take(3000, 4000)).toEqual(file.subarray(3000, 4000)); // the kept tail
    expect(staged.reads.length - before).toBeLessThanOrEqual(1);
  });

  it('re-reads when Meta names another offset, and stops at the end of the object', async () => {
    const { staged, reader } = setup();
    await reader.take(0, 1000);
    expect(await reader.take(500, 1500)).toEqual(file.subarray(500, 1500));
    expect(await reader.take(9500, 12_000)).toEqual(file.subarray(9500, 10_000));
    expect(Math.max(...staged.reads.map((r) => r.end))).toBe(10_000);
  });

  it('reads nothing ahead when told not to', async () => {
    const { staged, reader } = setup(0);
    await reader.take(0, 1000);
    expect(staged.reads).toHaveLength(1);
  });
});
