import * as z from 'zod';
import type { GraphRequest } from '../../../shared/meta/graph-transport';
import {
  MetaPermissionError,
  MetaRequestError,
  MetaThrottledError,
  MetaTransientError,
} from '../../../shared/platform/errors';
import { graphError, json, type SeenRequest, TOKEN, testClient } from './fake-graph';

interface BatchItem {
  method: string;
  relative_url: string;
  body?: string;
}

const batchItems = (req: SeenRequest): BatchItem[] =>
  z
    .array(z.object({ method: z.string(), relative_url: z.string(), body: z.string().optional() }))
    .parse(JSON.parse(req.params.get('batch') ?? '[]'));

const okItem = (body: unknown) => ({
  code: 200,
  headers: [{ name: 'Content-Type', value: 'application/json' }],
  body: JSON.stringify(body),
});
const errItem = (
  code: number,
  error: Record<string, unknown>,
  headers: { name: string; value: string }[] = [],
) => ({
  code,
  headers,
  body: JSON.stringify({ error: { message: 'm', type: 'OAuthException', ...error } }),
});

const reads = (n: number): GraphRequest[] =>
  Array.from({ length: n }, (_, i) => ({ method: 'GET', path: `/act_${i}`, params: { fields: 'id,name' } }));

describe('GraphClient.batch', () => {
  it('sends at most 50 requests per batch, in order, with the token and proof once', async () => {
    const { graph, seen } = testClient((req) =>
      json(batchItems(req).map((item) => okItem({ url: item.relative_url }))),
    );
    const results = await graph.batch(reads(120), { accessToken: TOKEN });
    expect(seen.map((r) => batchItems(r).length)).toEqual([50, 50, 20]);
    expect(
      seen.every((r) => r.method === 'POST' && r.path === '/' && r.params.get('include_headers') === 'true'),
    ).toBe(true);
    expect(seen[0]?.params.get('appsecret_proof')).toMatch(/^[0-9a-f]{64}$/);
    expect(batchItems(seen[0] as SeenRequest)[0]).toEqual({
      method: 'GET',
      relative_url: 'act_0?fields=id%2Cname',
    });
    expect(results).toHaveLength(120);
    expect(results[119]).toEqual({ ok: true, status: 200, body: { url: 'act_119?fields=id%2Cname' } });
  });

  it('puts no token in any relative_url or item body: the batch carries it as a bearer header', async () => {
    const { graph, seen } = testClient((req) => json(batchItems(req).map(() => okItem({}))));
    await graph.batch(
      [
        { method: 'GET', path: '/me', params: { access_token: 'EAAleaked-into-params-0001' } },
        { method: 'DELETE', path: '/act_1/subscribed_apps', params: { access_token: 'EAAleaked-0002' } },
      ],
      { accessToken: TOKEN },
    );
    const [request] = seen;
    expect(request?.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(request?.url.toString()).not.toContain(TOKEN);
    expect(request?.params.has('access_token')).toBe(false);
    expect(JSON.stringify(batchItems(request as SeenRequest))).not.toMatch(/access_token|EAA/);
  });

  it('sends POST items with a form body', async () => {
    const { graph, seen } = testClient(() => json([okItem({ id: '9' })]));
    await graph.batch(
      [{ method: 'POST', path: '/act_1/campaigns', params: { name: 'A b', special_ad_categories: [] } }],
      {
        accessToken: TOKEN,
      },
    );
    expect(batchItems(seen[0] as SeenRequest)).toEqual([
      { method: 'POST', relative_url: 'act_1/campaigns', body: 'name=A+b&special_ad_categories=%5B%5D' },
    ]);
  });

  it('lets each item fail on its own with its typed error', async () => {
    const { graph } = testClient(() =>
      json([
        okItem({ id: '1' }),
        errItem(403, { code: 10 }),
        errItem(400, { code: 100 }),
        errItem(400, { code: 17, error_subcode: 2446079 }, [
          { name: 'X-Business-Use-Case-Usage', value: '{"1":[{"estimated_time_to_regain_access":30}]}' },
        ]),
      ]),
    );
    const results = await graph.batch(reads(4), { accessToken: TOKEN });
    expect(results[0]).toEqual({ ok: true, status: 200, body: { id: '1' } });
    const errors = results.map((r) => (r.ok ? undefined : r.error));
    expect(errors[1]).toBeInstanceOf(MetaPermissionError);
    expect(errors[2]).toBeInstanceOf(MetaRequestError);
    expect(errors[3]).toBeInstanceOf(MetaThrottledError);
    expect((errors[3] as MetaThrottledError).retryAfterSeconds).toBe(1800);
  });

  it('sends transiently failed and timed-out (null) items again in a later batch', async () => {
    const { graph, seen } = testClient((req, i) => {
      const items = batchItems(req);
      if (i === 0) return json([okItem({ n: 0 }), errItem(500, { code: 2, is_transient: true }), null]);
      return json(items.map((item) => okItem({ again: item.relative_url })));
    });
    const results = await graph.batch(reads(3), { accessToken: TOKEN });
    expect(seen.map((r) => batchItems(r).map((it) => it.relative_url.split('?')[0]))).toEqual([
      ['act_0', 'act_1', 'act_2'],
      ['act_1', 'act_2'],
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results[2]).toEqual({ ok: true, status: 200, body: { again: 'act_2?fields=id%2Cname' } });
  });

  it('stops re-sending after the retry budget and keeps the last error', async () => {
    const { graph, seen } = testClient(() => json([errItem(500, { code: 2, is_transient: true })]), {
      maxRetries: 2,
    });
    const [result] = await graph.batch(reads(1), { accessToken: TOKEN });
    expect(seen).toHaveLength(3);
    expect(result?.ok).toBe(false);
    expect(result?.ok === false && result.error).toBeInstanceOf(MetaTransientError);
  });

  it('does not re-send a write that timed out inside the batch', async () => {
    const { graph, seen } = testClient(() => json([null]));
    const [result] = await graph.batch(
      [{ method: 'POST', path: '/act_1/campaigns', params: { name: 'x' } }],
      {
        accessToken: TOKEN,
      },
    );
    expect(seen).toHaveLength(1);
    expect(result?.ok === false && result.error).toBeInstanceOf(MetaTransientError);
  });

  it('re-sends a briefly throttled item after the wait Meta named', async () => {
    const { graph, clock } = testClient((_req, i) =>
      i === 0
        ? json([
            errItem(400, { code: 80004 }, [
              { name: 'x-ad-account-usage', value: '{"reset_time_duration":2}' },
            ]),
          ])
        : json([okItem({ ok: true })]),
    );
    const [result] = await graph.batch(reads(1), { accessToken: TOKEN });
    expect(result).toEqual({ ok: true, status: 200, body: { ok: true } });
    expect(clock.sleeps).toContain(2000);
  });

  it('charges each item to the bucket the batch shares', async () => {
    const { graph, clock } = testClient((req) => json(batchItems(req).map(() => okItem({}))), {
      rateLimitPolicy: { bucket: { capacity: 10, refillPerSecond: 3 } },
    });
    const sameAccount: GraphRequest[] = Array.from({ length: 8 }, (_, i) => ({
      method: 'GET',
      path: `/act_1/ads?i=${i}`,
    }));
    await graph.batch(sameAccount, { accessToken: TOKEN });
    await graph.batch(sameAccount, { accessToken: TOKEN });
    expect(clock.sleeps).toEqual([2000]);
  });

  it('rejects an answer of the wrong length', async () => {
    const { graph } = testClient(() => json([okItem({})]));
    await expect(graph.batch(reads(2), { accessToken: TOKEN })).rejects.toBeInstanceOf(MetaRequestError);
  });

  it('fails the whole batch with the typed error when the batch call itself fails', async () => {
    const { graph } = testClient(() => graphError(400, { code: 190, error_subcode: 460 }));
    await expect(graph.batch(reads(2), { accessToken: TOKEN })).rejects.toThrow('#190/460');
  });
});
