/**
 * `values` in consecutive runs of `size` (the last one shorter); none for no values.
 * @example chunksOf([1, 2, 3], 2) // [[1, 2], [3]]
 */
export function chunksOf<T>(values: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < values.length; start += size) chunks.push(values.slice(start, start + size));
  return chunks;
}
