import {
  decidePieceFailure,
  halfReadMode,
  MAX_CURSOR_RESTARTS,
  MAX_FRESH_RUNS,
  MIN_PAGE_LIMIT,
  PIECE_MAX_ATTEMPTS,
  pageReadRecovery,
  pieceHalves,
  splitDecision,
} from '../../../shared/domain/insights-piece-failure';
import type { InsightsPiece } from '../../../shared/domain/insights-pull-plan';
import {
  type GraphErrorInfo,
  MetaCircuitOpenError,
  MetaDataTooLargeError,
  MetaPermissionError,
  MetaRequestError,
  MetaThrottledError,
  MetaTokenInvalidError,
  MetaTransientError,
} from '../../../shared/platform/errors';

const info: GraphErrorInfo = { httpStatus: 400, message: 'x', code: 80000 };
const month: InsightsPiece = {
  pieceId: 'campaign_2026-11-01_2026-11-30',
  level: 'campaign',
  since: '2026-11-01',
  until: '2026-11-30',
};
const day: InsightsPiece = {
  pieceId: 'ad_2026-11-07_2026-11-07',
  level: 'ad',
  since: '2026-11-07',
  until: '2026-11-07',
};

describe('decidePieceFailure', () => {
  it('waits out an Insights throttle as long as Meta says, without using an attempt', () => {
    expect(decidePieceFailure(new MetaThrottledError('slow', info, 300), 2)).toEqual({
      action: 'defer',
      delaySeconds: 300,
      nextAttempt: 2,
    });
  });

  it('backs off an outage ×2 from 5 s (or longer when Meta says), then fails', () => {
    expect(decidePieceFailure(new MetaTransientError('down', info, 1), 0)).toEqual({
      action: 'defer',
      delaySeconds: 5,
      nextAttempt: 1,
    });
    expect(decidePieceFailure(new MetaTransientError('down', info, 1), 2)).toEqual({
      action: 'defer',
      delaySeconds: 20,
      nextAttempt: 3,
    });
    expect(decidePieceFailure(new MetaCircuitOpenError('open', 60), 0)).toEqual({
      action: 'defer',
      delaySeconds: 60,
      nextAttempt: 1,
    });
    expect(decidePieceFailure(new MetaTransientError('down', info, 1), PIECE_MAX_ATTEMPTS - 1)).toEqual({
      action: 'fail',
      error: { code: 'meta_unavailable', message: 'down' },
    });
  });

  it('splits a read Meta refuses as too large', () => {
    expect(decidePieceFailure(new MetaDataTooLargeError('reduce', info), 0).action).toBe('split');
  });

  it('fails the piece on an invalid token or a missing permission, saying why', () => {
    const token = decidePieceFailure(new MetaTokenInvalidError('expired', info), 0);
    expect(token).toMatchObject({ action: 'fail', error: { code: 'meta_token_invalid' } });
    if (token.action === 'fail') expect(token.error.message).toContain('reconnect Meta');
    expect(decidePieceFailure(new MetaPermissionError('no', info), 0)).toMatchObject({
      action: 'fail',
      error: { code: 'meta_permission_denied' },
    });
    expect(decidePieceFailure(new MetaRequestError('bad field', info), 0)).toEqual({
      action: 'fail',
      error: { code: 'meta_request_rejected', message: 'bad field' },
    });
  });

  it('lets the queue redeliver what is not Meta’s doing', () => {
    expect(decidePieceFailure(new Error('DynamoDB down'), 0)).toEqual({ action: 'redeliver' });
  });
});

describe('splitDecision', () => {
  it('splits a range in halves, the first the longer', () => {
    expect(splitDecision(month, 0, 'stalled')).toEqual({
      action: 'halves',
      halves: [
        {
          pieceId: 'campaign_2026-11-01_2026-11-15',
          level: 'campaign',
          since: '2026-11-01',
          until: '2026-11-15',
        },
        {
          pieceId: 'campaign_2026-11-16_2026-11-30',
          level: 'campaign',
          since: '2026-11-16',
          until: '2026-11-30',
        },
      ],
    });
  });

  it('runs a single day afresh a couple of times, then fails it with the reason', () => {
    expect(MAX_FRESH_RUNS).toBe(2);
    expect(splitDecision(day, 0, 'stalled')).toEqual({ action: 'fresh' });
    expect(splitDecision(day, 1, 'stalled')).toEqual({ action: 'fresh' });
    const failed = splitDecision(day, 2, 'the report run failed (Job Failed)');
    expect(failed).toMatchObject({ action: 'fail', error: { code: 'insights_unavailable' } });
    if (failed.action === 'fail') expect(failed.error.message).toContain('2026-11-07');
  });
});

describe('halfReadMode', () => {
  it('keeps a synchronous read synchronous, and picks an async half’s mode by its length', () => {
    const [first] = pieceHalves(month) ?? [];
    if (!first) throw new Error('no halves');
    expect(halfReadMode('sync', first)).toBe('sync');
    expect(halfReadMode('async', first)).toBe('async');
    const [short] = pieceHalves({ ...month, until: '2026-11-10' }) ?? [];
    if (!short) throw new Error('no halves');
    expect(halfReadMode('async', short)).toBe('sync');
  });
});

describe('pageReadRecovery', () => {
  const tooLarge = new MetaDataTooLargeError('Please reduce the amount of data', {
    httpStatus: 500,
    code: 1,
    message: 'An unknown error occurred',
  });
  const badCursor = new MetaRequestError('(#2642) Invalid cursors values', {
    httpStatus: 400,
    code: 2642,
    message: '(#2642) Invalid cursors values',
  });

  it('halves the page on "reduce the amount of data" down to the floor, then leaves it to the split', () => {
    const limits: number[] = [];
    let read = { limit: 5000, after: 'c1', cursorRestarts: 0 };
    for (let r = pageReadRecovery(tooLarge, read); r; r = pageReadRecovery(tooLarge, read)) {
      if (r.action !== 'smaller-page') throw new Error(r.action);
      limits.push(r.limit);
      read = { ...read, limit: r.limit };
    }
    expect(limits).toEqual([2500, 1250, 625, 312, MIN_PAGE_LIMIT]);
  });

  it('restarts from the first page on an invalid cursor a bounded number of times', () => {
    expect(pageReadRecovery(badCursor, { limit: 5000, after: 'c1', cursorRestarts: 0 })).toEqual({
      action: 'restart',
      cursorRestarts: 1,
    });
    expect(
      pageReadRecovery(badCursor, { limit: 5000, after: 'c1', cursorRestarts: MAX_CURSOR_RESTARTS }),
    ).toBeUndefined();
    // Refused without a cursor: starting over cannot help.
    expect(pageReadRecovery(badCursor, { limit: 5000, cursorRestarts: 0 })).toBeUndefined();
  });

  it('splits the range once restarts are used up: a shorter range pages through before its cursor expires', () => {
    expect(decidePieceFailure(badCursor, 0)).toEqual({
      action: 'split',
      reason: expect.stringContaining('#2642'),
    });
  });

  it('leaves any other error to the piece', () => {
    expect(
      pageReadRecovery(new MetaTransientError('down', info, 1), {
        limit: 5000,
        after: 'c',
        cursorRestarts: 0,
      }),
    ).toBeUndefined();
    expect(pageReadRecovery(new Error('x'), { limit: 5000, after: 'c', cursorRestarts: 0 })).toBeUndefined();
  });
});
