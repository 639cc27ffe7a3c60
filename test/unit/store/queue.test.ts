import { batchesOf, SQS_MAX_MESSAGE_BYTES } from '../../../shared/store/queue';

describe('batchesOf', () => {
  it('keeps at most 10 entries per batch', () => {
    const sizes = batchesOf(Array.from({ length: 23 }, (_, i) => String(i))).map((b) => b.length);
    expect(sizes).toEqual([10, 10, 3]);
  });

  it('keeps each batch within the size limit', () => {
    const big = 'x'.repeat(SQS_MAX_MESSAGE_BYTES / 2);
    expect(batchesOf([big, big, big]).map((b) => b.length)).toEqual([2, 1]);
  });
});
