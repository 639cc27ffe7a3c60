import { type FailedToken, withTokenFailover } from '../../../shared/meta/token-failover';
import {
  type GraphErrorInfo,
  MetaPermissionError,
  MetaRequestError,
  MetaThrottledError,
  MetaTokenInvalidError,
} from '../../../shared/platform/errors';

const info: GraphErrorInfo = { httpStatus: 400, message: 'x' };
const tokens = [
  { id: 't1', accessToken: 'a1' },
  { id: 't2', accessToken: 'a2' },
  { id: 't3', accessToken: 'a3' },
];

describe('withTokenFailover', () => {
  it('uses the first token when it works', async () => {
    const result = await withTokenFailover(tokens, async (t) => `read with ${t.id}`);
    expect(result).toEqual({ value: 'read with t1', tokenId: 't1', failed: [] });
  });

  it('skips tokens that are invalid or lack permission, and reports them', async () => {
    const reported: FailedToken[] = [];
    const result = await withTokenFailover(
      tokens,
      async (t) => {
        if (t.id === 't1') throw new MetaTokenInvalidError('expired', { ...info, code: 190, subcode: 463 });
        if (t.id === 't2') throw new MetaPermissionError('no access', { ...info, code: 200 });
        return t.id;
      },
      { onTokenFailed: (f) => void reported.push(f) },
    );
    expect(result.value).toBe('t3');
    expect(result.tokenId).toBe('t3');
    expect(result.failed.map((f) => [f.id, f.needsReauth])).toEqual([
      ['t1', true],
      ['t2', false],
    ]);
    expect(reported).toEqual(result.failed);
  });

  it('throws the last error when every token fails, having reported each', async () => {
    const reported: string[] = [];
    const last = new MetaPermissionError('no access', { ...info, code: 10 });
    const err = await withTokenFailover(
      tokens,
      async (t) => {
        throw t.id === 't3' ? last : new MetaTokenInvalidError('revoked', { ...info, code: 190 });
      },
      { onTokenFailed: async (f) => void reported.push(f.id) },
    ).catch((e: unknown) => e);
    expect(err).toBe(last);
    expect(reported).toEqual(['t1', 't2', 't3']);
  });

  it.each([
    ['a throttle', new MetaThrottledError('slow', { ...info, code: 17 }, 60)],
    ['a request error', new MetaRequestError('bad', { ...info, code: 100 })],
    ['an unexpected error', new Error('bug')],
  ])('does not fail over on %s: it is not the token’s fault', async (_name, error) => {
    const tried: string[] = [];
    await expect(
      withTokenFailover(tokens, async (t) => {
        tried.push(t.id);
        throw error;
      }),
    ).rejects.toBe(error);
    expect(tried).toEqual(['t1']);
  });

  it('throws a token error when there is no token at all', async () => {
    await expect(withTokenFailover([], async () => 1)).rejects.toBeInstanceOf(MetaTokenInvalidError);
  });
});
