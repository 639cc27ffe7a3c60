import { appSecretProof } from '../../../shared/meta/appsecret-proof';
import {
  MetaCircuitOpenError,
  MetaPermissionError,
  MetaRequestError,
  MetaThrottledError,
  MetaTokenInvalidError,
  MetaTransientError,
} from '../../../shared/platform/errors';
import { InMemoryRateLimitStore } from '../../../shared/store/memory/rate-limit-store';
import { APP_SECRET, graphError, json, TOKEN, testClient } from './fake-graph';

const ok = () => json({ id: '1' });

describe('GraphTransport: requests', () => {
  it('sends GET parameters and appsecret_proof in the query of the versioned URL, the token as a bearer header', async () => {
    const { graph, seen } = testClient(ok);
    await graph.get('/act_1', {
      accessToken: TOKEN,
      fields: ['id', 'name'],
      params: { filtering: [{ field: 'x' }] },
    });
    const [req] = seen;
    expect(req?.url.origin + (req?.url.pathname ?? '')).toBe('http://graph.test/v26.0/act_1');
    expect(req?.params.get('fields')).toBe('id,name');
    expect(req?.params.get('filtering')).toBe('[{"field":"x"}]');
    expect(req?.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(req?.params.has('access_token')).toBe(false);
    expect(req?.url.toString()).not.toContain(TOKEN);
    expect(req?.params.get('appsecret_proof')).toBe(appSecretProof(APP_SECRET, TOKEN));
  });

  it('sends POST parameters and the proof as a form body, the token as a bearer header', async () => {
    const { graph, seen } = testClient(ok);
    await graph.post('/act_1/campaigns', {
      accessToken: TOKEN,
      params: { name: 'Spring', special_ad_categories: [] },
    });
    const [req] = seen;
    expect(req?.method).toBe('POST');
    expect(req?.url.search).toBe('');
    expect(req?.params.get('name')).toBe('Spring');
    expect(req?.params.get('special_ad_categories')).toBe('[]');
    expect(req?.params.get('appsecret_proof')).toBe(appSecretProof(APP_SECRET, TOKEN));
    expect(req?.params.has('access_token')).toBe(false);
    expect(req?.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('sends DELETE with the token as a bearer header, never in the URL', async () => {
    const { graph, seen } = testClient(() => json({ success: true }));
    await expect(graph.delete('/123', { accessToken: TOKEN })).resolves.toEqual({ success: true });
    expect(seen[0]?.method).toBe('DELETE');
    expect(seen[0]?.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(seen[0]?.url.toString()).not.toContain(TOKEN);
    expect(seen[0]?.params.get('appsecret_proof')).toBe(appSecretProof(APP_SECRET, TOKEN));
  });

  it('drops an access_token a caller put in the parameters: the header carries the only one', async () => {
    const { graph, seen } = testClient(ok);
    await graph.get('/me', { accessToken: TOKEN, params: { access_token: 'EAAother-token-in-params' } });
    expect(seen[0]?.url.searchParams.has('access_token')).toBe(false);
    expect(seen[0]?.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('gives every attempt a timeout signal', async () => {
    const { graph, seen } = testClient(ok);
    await graph.get('/me', { accessToken: TOKEN });
    expect(seen[0]?.signal).toBeInstanceOf(AbortSignal);
  });
});

describe('GraphTransport: error taxonomy and retries', () => {
  it('retries a transient failure up to 3 times with growing full-jitter delays', async () => {
    const { graph, seen, clock } = testClient((_req, i) =>
      i < 3
        ? graphError(500, { code: 2, is_transient: true, message: 'Service temporarily unavailable' })
        : ok(),
    );
    await expect(graph.get('/me', { accessToken: TOKEN })).resolves.toEqual({ id: '1' });
    expect(seen).toHaveLength(4);
    // random() = 0.5 of ceilings 100, 200, 400 ms.
    expect(clock.sleeps).toEqual([50, 100, 200]);
  });

  it('gives up after 3 retries with MetaTransientError', async () => {
    const { graph, seen } = testClient(() =>
      graphError(503, { code: 1, message: 'An unknown error occurred' }),
    );
    const err = await graph.get('/me', { accessToken: TOKEN }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MetaTransientError);
    expect((err as MetaTransientError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(seen).toHaveLength(4);
  });

  it('retries a bare 5xx without a Graph body', async () => {
    const { graph, seen } = testClient((_r, i) =>
      i === 0 ? new Response('<html>bad gateway</html>', { status: 502 }) : ok(),
    );
    await expect(graph.get('/me', { accessToken: TOKEN })).resolves.toEqual({ id: '1' });
    expect(seen).toHaveLength(2);
  });

  it('retries network errors', async () => {
    const { graph, seen } = testClient((_r, i) => {
      if (i === 0) throw new TypeError('fetch failed');
      return ok();
    });
    await expect(graph.get('/me', { accessToken: TOKEN })).resolves.toEqual({ id: '1' });
    expect(seen).toHaveLength(2);
  });

  it('times out a hanging attempt and retries it', async () => {
    const { graph, seen } = testClient(
      (req, i) =>
        i === 0
          ? new Promise<Response>((_resolve, reject) => {
              req.signal?.addEventListener('abort', () => reject(req.signal?.reason));
            })
          : ok(),
      { timeoutMs: 20 },
    );
    await expect(graph.get('/me', { accessToken: TOKEN })).resolves.toEqual({ id: '1' });
    expect(seen).toHaveLength(2);
  });

  it('reports a timeout that lasts as MetaTransientError saying so', async () => {
    const { graph } = testClient(
      (req) =>
        new Promise<Response>((_resolve, reject) => {
          req.signal?.addEventListener('abort', () => reject(req.signal?.reason));
        }),
      { timeoutMs: 10, maxRetries: 1 },
    );
    const err = await graph.get('/me', { accessToken: TOKEN }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MetaTransientError);
    expect((err as Error).message).toContain('No answer from Meta within 10 ms');
  });

  it('stops at once when the caller aborts, without retrying', async () => {
    const controller = new AbortController();
    const { graph, seen } = testClient((req) => {
      controller.abort(new Error('shutting down'));
      return Promise.reject(req.signal?.reason);
    });
    await expect(graph.get('/me', { accessToken: TOKEN, signal: controller.signal })).rejects.toThrow(
      'shutting down',
    );
    expect(seen).toHaveLength(1);
  });

  it.each([
    ['token invalid (190/463)', { code: 190, error_subcode: 463 }, 400, MetaTokenInvalidError],
    ['permission (10)', { code: 10 }, 403, MetaPermissionError],
    ['permission (200)', { code: 200 }, 403, MetaPermissionError],
    ['invalid parameter (100)', { code: 100 }, 400, MetaRequestError],
    ['policy block (368)', { code: 368 }, 400, MetaRequestError],
  ])('never retries %s', async (_name, error, status, type) => {
    const { graph, seen } = testClient(() => graphError(status, error));
    await expect(graph.get('/me', { accessToken: TOKEN })).rejects.toBeInstanceOf(type);
    expect(seen).toHaveLength(1);
  });

  it('does not retry a write whose fate is unknown (network error)', async () => {
    const { graph, seen } = testClient(() => {
      throw new TypeError('fetch failed');
    });
    await expect(
      graph.post('/act_1/campaigns', { accessToken: TOKEN, params: { name: 'x' } }),
    ).rejects.toBeInstanceOf(MetaTransientError);
    expect(seen).toHaveLength(1);
  });

  it('retries a write when Meta says it did nothing (a transient Graph error)', async () => {
    const { graph, seen } = testClient((_r, i) =>
      i === 0 ? graphError(500, { code: 2, is_transient: true }) : ok(),
    );
    await expect(
      graph.post('/act_1/campaigns', { accessToken: TOKEN, params: { name: 'x' } }),
    ).resolves.toEqual({
      id: '1',
    });
    expect(seen).toHaveLength(2);
  });

  it('retries an ambiguous write when the caller says it is idempotent', async () => {
    const { graph, seen } = testClient((_r, i) => {
      if (i === 0) throw new TypeError('fetch failed');
      return ok();
    });
    await graph.post('/123', { accessToken: TOKEN, idempotent: true, params: { status: 'PAUSED' } });
    expect(seen).toHaveLength(2);
  });

  it('carries Meta’s code, subcode, type and trace id on the typed error', async () => {
    const { graph } = testClient(() =>
      graphError(400, { code: 190, error_subcode: 460, message: 'Password changed' }),
    );
    const err = (await graph
      .get('/me', { accessToken: TOKEN })
      .catch((e: unknown) => e)) as MetaTokenInvalidError;
    expect(err.graph).toEqual({
      httpStatus: 400,
      code: 190,
      subcode: 460,
      type: 'OAuthException',
      message: 'Password changed',
      fbtraceId: 'Atrace123',
      isTransient: undefined,
    });
    expect(err.message).toBe('GET /me: Meta error (#190/460): Password changed');
  });
});

describe('GraphTransport: throttling', () => {
  const throttle = (headers: Record<string, string>) =>
    graphError(400, { code: 17, error_subcode: 2446079, message: 'User request limit reached' }, headers);

  it('honours a short reset_time_duration inline, without spending a retry', async () => {
    const { graph, seen, clock } = testClient(
      (_r, i) => {
        if (i < 2)
          return throttle({ 'x-ad-account-usage': '{"acc_id_util_pct":100,"reset_time_duration":1}' });
        if (i < 5) return graphError(500, { code: 2, is_transient: true });
        return ok();
      },
      { rateLimitPolicy: { pacing: { maxDelayMs: 0 } } },
    );
    await expect(graph.get('/act_1/campaigns', { accessToken: TOKEN })).resolves.toEqual({ id: '1' });
    expect(seen).toHaveLength(6);
    expect(clock.sleeps).toEqual([1000, 1000, 50, 100, 200]);
  });

  it('throws MetaThrottledError with the regain time when the wait is long, and blocks the bucket', async () => {
    const { graph, seen } = testClient(() =>
      throttle({
        'x-business-use-case-usage':
          '{"1":[{"type":"ads_management","call_count":100,"estimated_time_to_regain_access":5}]}',
      }),
    );
    const err = (await graph
      .get('/act_1/campaigns', { accessToken: TOKEN })
      .catch((e: unknown) => e)) as MetaThrottledError;
    expect(err).toBeInstanceOf(MetaThrottledError);
    expect(err.retryAfterSeconds).toBe(300);
    expect(seen).toHaveLength(1);

    // The same ad account now answers throttled without calling Meta…
    const again = (await graph
      .get('/act_1/adsets', { accessToken: TOKEN })
      .catch((e: unknown) => e)) as MetaThrottledError;
    expect(again).toBeInstanceOf(MetaThrottledError);
    expect(again.retryAfterSeconds).toBe(300);
    expect(seen).toHaveLength(1);
    // …while another ad account, and this one's Insights bucket, still go out.
    await graph.get('/act_2/campaigns', { accessToken: TOKEN }).catch(() => undefined);
    await graph.get('/act_1/insights', { accessToken: TOKEN }).catch(() => undefined);
    expect(seen).toHaveLength(3);
  });

  it('backs off exponentially when the headers name no wait, then gives up', async () => {
    const { graph, seen, clock } = testClient(
      () => graphError(400, { code: 4, message: 'Application request limit reached' }),
      {
        throttleBackoff: { baseMs: 1000, capMs: 60_000 },
        maxInlineWaitMs: 3000,
      },
    );
    const err = (await graph
      .get('/me', { accessToken: TOKEN })
      .catch((e: unknown) => e)) as MetaThrottledError;
    expect(err).toBeInstanceOf(MetaThrottledError);
    // Equal jitter (half + 0.5 × half) of 1 s, 2 s, 4 s, 8 s: the last is above the inline limit.
    expect(clock.sleeps).toEqual([750, 1500, 3000]);
    expect(err.retryAfterSeconds).toBe(6);
    expect(seen).toHaveLength(4);
  });

  it('treats HTTP 429 without a Graph code as a throttle and honours Retry-After', async () => {
    const { graph, clock } = testClient((_r, i) =>
      i === 0 ? new Response('slow down', { status: 429, headers: { 'retry-after': '2' } }) : ok(),
    );
    await expect(graph.get('/me', { accessToken: TOKEN })).resolves.toEqual({ id: '1' });
    expect(clock.sleeps).toEqual([2000]);
  });

  it('reads usage headers on error answers too: a block named there holds the next call', async () => {
    const { graph, seen } = testClient(() =>
      graphError(
        400,
        { code: 100, message: 'Invalid parameter' },
        {
          'x-business-use-case-usage': '{"1":[{"call_count":100,"estimated_time_to_regain_access":2}]}',
        },
      ),
    );
    await expect(graph.get('/act_7/campaigns', { accessToken: TOKEN })).rejects.toBeInstanceOf(
      MetaRequestError,
    );
    const err = (await graph
      .get('/act_7/ads', { accessToken: TOKEN })
      .catch((e: unknown) => e)) as MetaThrottledError;
    expect(err).toBeInstanceOf(MetaThrottledError);
    expect(err.retryAfterSeconds).toBe(120);
    expect(seen).toHaveLength(1);
  });

  it('slows down proactively when utilization is high', async () => {
    const { graph, clock } = testClient(() =>
      json({ id: '1' }, 200, { 'x-app-usage': '{"call_count":90,"total_time":10,"total_cputime":10}' }),
    );
    await graph.get('/me', { accessToken: TOKEN, tokenId: 't1' });
    expect(clock.sleeps).toEqual([]);
    await graph.get('/me', { accessToken: TOKEN, tokenId: 't1' });
    expect(clock.sleeps).toEqual([500]);
  });

  it('spends the token bucket: reads cost 1, writes 3', async () => {
    const { graph, clock } = testClient(ok, {
      rateLimitPolicy: { bucket: { capacity: 4, refillPerSecond: 1 } },
    });
    await graph.get('/act_1', { accessToken: TOKEN });
    await graph.post('/act_1/campaigns', { accessToken: TOKEN, params: {} });
    expect(clock.sleeps).toEqual([]);
    await graph.post('/act_1/campaigns', { accessToken: TOKEN, params: {} });
    expect(clock.sleeps).toEqual([3000]);
  });

  it('throws instead of sleeping when the bucket needs longer than the inline limit', async () => {
    const { graph, seen } = testClient(ok, {
      rateLimitPolicy: { bucket: { capacity: 1, refillPerSecond: 0.1 } },
      maxInlineWaitMs: 3000,
    });
    await graph.get('/act_1', { accessToken: TOKEN });
    const err = (await graph
      .get('/act_1', { accessToken: TOKEN })
      .catch((e: unknown) => e)) as MetaThrottledError;
    expect(err).toBeInstanceOf(MetaThrottledError);
    expect(err.retryAfterSeconds).toBe(10);
    expect(seen).toHaveLength(1);
  });
});

describe('GraphTransport: circuit breaker', () => {
  it('opens after 5 consecutive failures, fails fast for 60 s, then probes once and closes', async () => {
    let healthy = false;
    const store = new InMemoryRateLimitStore();
    const { graph, seen, clock } = testClient(
      () => (healthy ? ok() : graphError(500, { code: 2, is_transient: true })),
      {
        maxRetries: 0,
        rateLimitStore: store,
      },
    );
    const call = () => graph.get('/act_5/campaigns', { accessToken: TOKEN }).catch((e: unknown) => e);

    for (let i = 0; i < 5; i++) expect(await call()).toBeInstanceOf(MetaTransientError);
    expect(seen).toHaveLength(5);

    const open = (await call()) as MetaCircuitOpenError;
    expect(open).toBeInstanceOf(MetaCircuitOpenError);
    expect(open.retryAfterSeconds).toBe(60);
    expect(seen).toHaveLength(5);

    clock.advance(60_000);
    healthy = true;
    expect(await call()).toEqual({ id: '1' });
    expect(seen).toHaveLength(6);
    expect((await store.get('act_5'))?.breaker).toEqual({ status: 'closed', consecutiveFailures: 0 });
  });

  it('re-opens when the half-open probe fails', async () => {
    const { graph, seen, clock } = testClient(() => graphError(500, { code: 2, is_transient: true }), {
      maxRetries: 0,
    });
    const call = () => graph.get('/act_5/campaigns', { accessToken: TOKEN }).catch((e: unknown) => e);
    for (let i = 0; i < 5; i++) await call();
    clock.advance(60_000);
    expect(await call()).toBeInstanceOf(MetaTransientError);
    expect(seen).toHaveLength(6);
    expect(await call()).toBeInstanceOf(MetaCircuitOpenError);
    expect(seen).toHaveLength(6);
  });

  it('stops retrying inside a call once the breaker opens', async () => {
    const { graph, seen } = testClient(() => graphError(500, { code: 2, is_transient: true }), {
      maxRetries: 3,
    });
    expect(await graph.get('/act_5', { accessToken: TOKEN }).catch((e: unknown) => e)).toBeInstanceOf(
      MetaTransientError,
    );
    // 4 failures so far; the next call fails once more, opens the breaker and stops there.
    expect(await graph.get('/act_5', { accessToken: TOKEN }).catch((e: unknown) => e)).toBeInstanceOf(
      MetaCircuitOpenError,
    );
    expect(seen).toHaveLength(5);
  });

  it('does not count permanent errors or throttles as failures', async () => {
    const { graph, seen } = testClient(
      (_r, i) =>
        i % 2 === 0
          ? graphError(500, { code: 2, is_transient: true })
          : graphError(400, { code: 100, message: 'Invalid parameter' }),
      { maxRetries: 0 },
    );
    for (let i = 0; i < 10; i++) await graph.get('/act_5', { accessToken: TOKEN }).catch(() => undefined);
    expect(seen).toHaveLength(10);
  });
});

describe('GraphTransport: secrets', () => {
  it('never puts the token or the proof in errors or logs', async () => {
    const proof = appSecretProof(APP_SECRET, TOKEN);
    const { graph, logger } = testClient(
      (req, i) => {
        if (i === 0) throw new TypeError(`fetch failed for ${req.url.toString()}`);
        return graphError(400, { code: 190, message: `Malformed access token ${TOKEN}` });
      },
      { maxRetries: 1 },
    );
    const err = (await graph
      .get('/me', { accessToken: TOKEN })
      .catch((e: unknown) => e)) as MetaTokenInvalidError;
    expect(err).toBeInstanceOf(MetaTokenInvalidError);
    const everything = JSON.stringify({
      message: err.message,
      graph: err.graph,
      details: err.details,
      logs: logger.lines,
    });
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(proof);
    expect(everything).toContain('[redacted]');
  });

  it('logs Meta’s version warning', async () => {
    const { graph, logger } = testClient(() =>
      json({ id: '1' }, 200, { 'x-ad-api-version-warning': 'v24.0 is deprecated' }),
    );
    await graph.get('/me', { accessToken: TOKEN });
    expect(logger.lines.some((l) => l.message.includes('X-Ad-Api-Version-Warning'))).toBe(true);
  });
});
