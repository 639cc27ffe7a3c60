import {
  describeGraphError,
  type GraphErrorKind,
  graphErrorClass,
  metaErrorFrom,
} from '../../../shared/domain/graph-error-classification';
import {
  type GraphErrorInfo,
  MetaDataTooLargeError,
  MetaPermissionError,
  MetaRequestError,
  MetaThrottledError,
  MetaTokenInvalidError,
  MetaTransientError,
} from '../../../shared/platform/errors';

const info = (over: Partial<GraphErrorInfo>): GraphErrorInfo => ({ httpStatus: 400, message: 'x', ...over });

describe('graphErrorClass', () => {
  const cases: [string, Partial<GraphErrorInfo>, GraphErrorKind][] = [
    ['190 without subcode', { code: 190 }, 'token_invalid'],
    ['190/458 app removed', { code: 190, subcode: 458 }, 'token_invalid'],
    ['190/459 checkpoint', { code: 190, subcode: 459 }, 'token_invalid'],
    ['190/460 password changed', { code: 190, subcode: 460 }, 'token_invalid'],
    ['190/463 expired', { code: 190, subcode: 463 }, 'token_invalid'],
    ['190/464 unconfirmed user', { code: 190, subcode: 464 }, 'token_invalid'],
    ['190/467 invalid', { code: 190, subcode: 467 }, 'token_invalid'],
    ['190 on HTTP 401', { code: 190, httpStatus: 401 }, 'token_invalid'],
    ['102 API session', { code: 102 }, 'token_invalid'],
    ['4 app throttle', { code: 4 }, 'throttled'],
    [
      '6001/1363037 video chunk at the wrong offset, even flagged transient',
      { code: 6001, subcode: 1363037, isTransient: true },
      'request',
    ],
    ['17 user throttle', { code: 17 }, 'throttled'],
    [
      '17/2446079 ad account throttle, is_transient false',
      { code: 17, subcode: 2446079, isTransient: false },
      'throttled',
    ],
    ['32 page throttle', { code: 32 }, 'throttled'],
    ['341 app limit', { code: 341 }, 'throttled'],
    ['613 calls per hour', { code: 613 }, 'throttled'],
    ['613/1487632 budget changed too often', { code: 613, subcode: 1487632 }, 'throttled'],
    ['80000 ads insights', { code: 80000 }, 'throttled'],
    ['80004 ads management', { code: 80004 }, 'throttled'],
    ['80014 upper end of the BUC range', { code: 80014 }, 'throttled'],
    ['80015 past the BUC range', { code: 80015 }, 'request'],
    ['subcode 2446079 under another code', { code: 100, subcode: 2446079 }, 'throttled'],
    ['throttle code on HTTP 500', { code: 4, httpStatus: 500 }, 'throttled'],
    ['throttle code flagged transient', { code: 80004, isTransient: true }, 'throttled'],
    ['HTTP 429 without a code', { httpStatus: 429 }, 'throttled'],
    ['1 unknown', { code: 1, httpStatus: 500 }, 'transient'],
    ['2 service unavailable', { code: 2, httpStatus: 503 }, 'transient'],
    ['is_transient on a 100', { code: 100, isTransient: true }, 'transient'],
    ['HTTP 500 without a code', { httpStatus: 500 }, 'transient'],
    ['HTTP 502 without a code', { httpStatus: 502 }, 'transient'],
    ['network error (status 0)', { httpStatus: 0 }, 'transient'],
    ['10 permission denied', { code: 10, httpStatus: 403 }, 'permission'],
    ['200 permission', { code: 200, httpStatus: 403 }, 'permission'],
    ['299 permission', { code: 299 }, 'permission'],
    ['300 is not a permission code', { code: 300 }, 'request'],
    ['100 invalid parameter', { code: 100 }, 'request'],
    ['100/33 object unreachable with this token', { code: 100, subcode: 33 }, 'permission'],
    ['100 on HTTP 500 stays a request error', { code: 100, httpStatus: 500 }, 'request'],
    ['368 policy block', { code: 368 }, 'request'],
    ['2642 invalid cursor', { code: 2642, message: '(#2642) Invalid cursors values' }, 'request'],
    ['HTTP 404 without a code', { httpStatus: 404 }, 'request'],
  ];

  it.each(cases)('%s → %s', (_name, over, kind) => {
    expect(graphErrorClass(info(over)).kind).toBe(kind);
  });

  it('flags code 1 "reduce the amount of data" for a smaller page', () => {
    const cls = graphErrorClass(
      info({
        code: 1,
        httpStatus: 500,
        message: "Please reduce the amount of data you're asking for, then retry your request",
      }),
    );
    expect(cls).toEqual({ kind: 'data_too_large', reduceData: true, invalidCursor: false });
  });

  it('reads "reduce the amount of data" in error_user_msg behind a generic message', () => {
    const cls = graphErrorClass(
      info({
        code: 1,
        httpStatus: 500,
        message: 'An unknown error occurred',
        isTransient: false,
        userMessage: "Please reduce the amount of data you're asking for, then retry your request",
      }),
    );
    expect(cls).toEqual({ kind: 'data_too_large', reduceData: true, invalidCursor: false });
  });

  it.each([1504045, 1487534, 1504018, 1504038])(
    'takes large-report subcode %i as data too large',
    (subcode) => {
      expect(graphErrorClass(info({ code: 100, subcode, message: 'Too many rows' })).kind).toBe(
        'data_too_large',
      );
    },
  );

  it('builds MetaDataTooLargeError for the data_too_large kind', () => {
    const err = metaErrorFrom(
      { httpStatus: 500, code: 1, message: 'An unknown error occurred' },
      'data_too_large',
      0,
    );
    expect(err).toBeInstanceOf(MetaDataTooLargeError);
    expect(err.status).toBe(422);
  });

  it('does not flag an ordinary code 1', () => {
    expect(graphErrorClass(info({ code: 1, message: 'An unknown error occurred' })).reduceData).toBe(false);
  });

  it('flags an invalid cursor by code or by message', () => {
    expect(graphErrorClass(info({ code: 2642 })).invalidCursor).toBe(true);
    expect(
      graphErrorClass(info({ code: 100, message: '(#2642) Invalid cursors values' })).invalidCursor,
    ).toBe(true);
    expect(graphErrorClass(info({ code: 100, message: 'Invalid parameter' })).invalidCursor).toBe(false);
  });
});

describe('metaErrorFrom', () => {
  const cases: [GraphErrorKind, new (...args: never[]) => Error][] = [
    ['token_invalid', MetaTokenInvalidError],
    ['throttled', MetaThrottledError],
    ['transient', MetaTransientError],
    ['permission', MetaPermissionError],
    ['request', MetaRequestError],
  ];

  it.each(cases)('%s builds %p', (kind, type) => {
    const err = metaErrorFrom(
      info({ code: 17, subcode: 2446079, message: 'User request limit reached' }),
      kind,
      42,
    );
    expect(err).toBeInstanceOf(type);
    expect(err.graph.code).toBe(17);
    expect(err.details).toEqual({ metaCode: 17, metaSubcode: 2446079 });
  });

  it('carries the wait of throttled and transient errors', () => {
    const throttled = metaErrorFrom(info({ code: 17 }), 'throttled', 120);
    const transient = metaErrorFrom(info({ code: 2 }), 'transient', 4);
    expect(throttled).toBeInstanceOf(MetaThrottledError);
    expect((throttled as MetaThrottledError).retryAfterSeconds).toBe(120);
    expect((transient as MetaTransientError).retryAfterSeconds).toBe(4);
  });

  it('merges details and prefixes the context', () => {
    const err = metaErrorFrom(
      info({ code: 17 }),
      'throttled',
      9,
      { checkpoint: { edge: '/e', cursor: 'c' } },
      'GET /e',
    );
    expect(err.message).toBe('GET /e: Meta error (#17): x');
    expect(err.details).toEqual({
      metaCode: 17,
      metaSubcode: undefined,
      checkpoint: { edge: '/e', cursor: 'c' },
    });
  });
});

describe('describeGraphError', () => {
  it('names code and subcode, or the HTTP status when Meta sent no code', () => {
    expect(describeGraphError(info({ code: 190, subcode: 460, message: 'Session invalid' }))).toBe(
      'Meta error (#190/460): Session invalid',
    );
    expect(describeGraphError(info({ httpStatus: 502, message: 'Bad gateway' }))).toBe(
      'Meta error (HTTP 502): Bad gateway',
    );
  });
});
