/** One shard's page: its items in sort-key order, and whether that shard has more after them. */
export interface ShardPage<T> {
  items: readonly T[];
  more: boolean;
}

export interface MergedPage<T> {
  items: T[];
  /** Some shard may hold items after the last one returned. */
  more: boolean;
}

/**
 * Merges pages read from every shard after the same sort key into one page of `limit` items in
 * sort-key order. Each shard was asked for `limit` items, so an item a shard did not return sorts
 * after `limit` items it did: the first `limit` of the merge are the true next page. An item found
 * twice under one sort key (moved to its shard, its old copy not yet deleted) counts once, the
 * copy of the earlier page winning (callers list the shards before the old key).
 * @example mergeShardPages([{ items: [a1, a3], more: false }, { items: [a2], more: false }], 2, (i) => i.sk)
 */
export function mergeShardPages<T>(
  pages: readonly ShardPage<T>[],
  limit: number,
  sortKeyOf: (item: T) => string,
  forward = true,
): MergedPage<T> {
  const bySortKey = new Map<string, T>();
  for (const page of pages)
    for (const item of page.items) {
      const key = sortKeyOf(item);
      if (!bySortKey.has(key)) bySortKey.set(key, item);
    }
  const keys = [...bySortKey.keys()].sort();
  if (!forward) keys.reverse();
  const taken = keys.slice(0, Math.max(0, limit));
  return {
    items: taken.map((key) => bySortKey.get(key) as T),
    more: keys.length > taken.length || pages.some((page) => page.more),
  };
}
