import { batchOutcome, deletableIds } from '../../../infra/local/sqs-batch-outcome';

const ids = ['a', 'b', 'c'];

describe('batchOutcome (Lambda ReportBatchItemFailures rules)', () => {
  test.each([
    ['no response', undefined],
    ['a null response', null],
    ['an empty response', {}],
    ['a null batchItemFailures', { batchItemFailures: null }],
    ['an empty batchItemFailures', { batchItemFailures: [] }],
  ])('%s is a full success', (_label, response) => {
    expect(batchOutcome(ids, response)).toEqual({ kind: 'succeeded' });
    expect(deletableIds(ids, batchOutcome(ids, response))).toEqual(ids);
  });

  test('listed messages fail and only the others are deleted', () => {
    const outcome = batchOutcome(ids, {
      batchItemFailures: [{ itemIdentifier: 'b' }, { itemIdentifier: 'b' }],
    });

    expect(outcome).toEqual({ kind: 'partial', failedIds: ['b'] });
    expect(deletableIds(ids, outcome)).toEqual(['a', 'c']);
  });

  test.each([
    ['an empty itemIdentifier', { batchItemFailures: [{ itemIdentifier: '' }] }],
    ['a null itemIdentifier', { batchItemFailures: [{ itemIdentifier: null }] }],
    ['a bad key name', { batchItemFailures: [{ itemId: 'a' }] }],
    ['an id not in the batch', { batchItemFailures: [{ itemIdentifier: 'z' }] }],
    ['a response that is not an object', 'ok'],
    ['batchItemFailures that is not a list', { batchItemFailures: 'a' }],
  ])('%s fails the whole batch', (_label, response) => {
    const outcome = batchOutcome(ids, response);

    expect(outcome.kind).toBe('failed');
    expect(deletableIds(ids, outcome)).toEqual([]);
  });
});
