import { chunksOf } from '../../../shared/platform/chunks-of';

describe('chunksOf', () => {
  it('cuts values into runs of the size, the last one shorter', () => {
    expect(chunksOf([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunksOf([1, 2, 3, 4], 2)).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('gives no chunk for no values', () => {
    expect(chunksOf([], 25)).toEqual([]);
  });
});
