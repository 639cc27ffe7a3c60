/**
 * DynamoDB writes one partition key at about 1 000 WCU/s, so a large per-workspace collection
 * (a first sync's 10 000 assets, an account's Insights rows) spreads over several keys.
 */
export const SHARD_COUNTS = {
  assets: 8,
  adObjects: 4,
  dailyMetrics: { ad: 16, adset: 4, campaign: 1 },
} as const;

/**
 * The shard, in `[0, shards)`, an item of this id lives in: FNV-1a (32 bit) of the id, so the
 * same id maps to the same shard in every process and release (the shard is part of its key).
 * @example shardOf('act_123', 8) // always the same number between 0 and 7
 */
export function shardOf(id: string, shards: number): number {
  if (!Number.isInteger(shards) || shards < 1)
    throw new RangeError(`shards must be a positive integer: ${shards}`);
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
}

/** Every shard number of a collection of `shards` keys. */
export function allShards(shards: number): number[] {
  return Array.from({ length: shards }, (_, n) => n);
}
