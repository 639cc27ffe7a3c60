import { allShards, SHARD_COUNTS, shardOf } from '../../../shared/domain/partition-shard';

describe('shardOf', () => {
  it('maps an id to the same shard every time, inside [0, shards)', () => {
    for (const id of ['act_1', 'act_1234567890', '1029384756', '']) {
      const shard = shardOf(id, 8);
      expect(shard).toBe(shardOf(id, 8));
      expect(Number.isInteger(shard)).toBe(true);
      expect(shard).toBeGreaterThanOrEqual(0);
      expect(shard).toBeLessThan(8);
    }
  });

  it('is FNV-1a of the id: fixed values, so keys stored by one release are found by the next', () => {
    // FNV-1a 32 of "a" is 0xe40c292c, of "foobar" 0xbf9cf968 (the published test vectors).
    expect(shardOf('a', 2 ** 31)).toBe(0xe40c292c % 2 ** 31);
    expect(shardOf('foobar', 1000)).toBe(0xbf9cf968 % 1000);
    expect(shardOf('', 7)).toBe(0x811c9dc5 % 7);
  });

  it('spreads 10 000 Meta ids over 8 shards evenly enough for the write rate of one key', () => {
    const counts = new Array<number>(8).fill(0);
    for (let i = 0; i < 10_000; i++) {
      const shard = shardOf(`act_${100_000_000 + i * 7}`, 8);
      counts[shard] = (counts[shard] ?? 0) + 1;
    }
    for (const count of counts) {
      expect(count).toBeGreaterThan(1_000);
      expect(count).toBeLessThan(1_500);
    }
  });

  it('puts everything in shard 0 of a one-shard collection and refuses a shard count that is no count', () => {
    expect(shardOf('123', 1)).toBe(0);
    expect(() => shardOf('x', 0)).toThrow(RangeError);
    expect(() => shardOf('x', 2.5)).toThrow(RangeError);
  });

  it('lists every shard of a collection', () => {
    expect(allShards(4)).toEqual([0, 1, 2, 3]);
    expect(allShards(SHARD_COUNTS.dailyMetrics.campaign)).toEqual([0]);
  });
});
