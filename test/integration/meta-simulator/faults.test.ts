import { type MetaSimulator, startMetaSimulator } from '@infra/local/meta-simulator';
import { getUrl, graphErrorOf, graphGet, SMALL_COUNTS } from './graph-test-client';

describe('Meta simulator fault injection and latency', () => {
  let sim: MetaSimulator;
  let userA: { id: string; accessToken: string };
  let userB: { id: string; accessToken: string };
  let adAccountId: string;

  beforeAll(async () => {
    sim = await startMetaSimulator({ seed: { businesses: 2, tokens: 2, perBusiness: SMALL_COUNTS } });
    const [a, b] = sim.scenario.tokens;
    if (!a || !b) throw new Error('seed gave no tokens');
    userA = a;
    userB = b;
    adAccountId = sim.scenario.expected.adAccounts.find((asset) => asset.tokenIds.includes(a.id))?.id ?? '';
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.clearFaults();
    sim.setLatency(0);
    sim.resetRequests();
  });

  async function statuses(path: string, token: string, calls: number): Promise<number[]> {
    const result: number[] = [];
    for (let i = 0; i < calls; i += 1) result.push((await graphGet(sim, path, token)).status);
    return result;
  }

  it('times: fails the first N matching calls, then lets calls through', async () => {
    sim.addFault({ path: '/me/businesses', times: 2, status: 503, error: { code: 2, is_transient: true } });
    expect(await statuses('/me/businesses', userA.accessToken, 4)).toEqual([503, 503, 200, 200]);
    expect(await statuses('/me', userA.accessToken, 1)).toEqual([200]);
  });

  it('a failed call carries a full Graph error body', async () => {
    sim.addFault({ path: '/me', times: 1, status: 500 });
    const answer = await graphGet(sim, '/me', userA.accessToken);
    expect(answer.status).toBe(500);
    expect(graphErrorOf(answer)).toEqual({
      message: 'An unknown error occurred',
      type: 'OAuthException',
      code: 1,
      is_transient: true,
      fbtrace_id: expect.stringMatching(/^\S{11}$/),
    });
  });

  it('ratio: fails a deterministic share of matches', async () => {
    const run = async () => {
      sim.clearFaults();
      sim.addFault({ path: '/me', ratio: 0.3, status: 500 });
      return statuses('/me', userA.accessToken, 60);
    };
    const first = await run();
    const failures = first.filter((status) => status === 500).length;
    expect(failures).toBeGreaterThan(8);
    expect(failures).toBeLessThan(30);

    const other = await startMetaSimulator({ seed: { businesses: 1, tokens: 1, perBusiness: SMALL_COUNTS } });
    try {
      other.addFault({ path: '/me', ratio: 0.3, status: 500 });
      const again: number[] = [];
      for (let i = 0; i < 60; i += 1) {
        again.push((await graphGet(other, '/me', other.scenario.tokens[0]?.accessToken)).status);
      }
      expect(again).toEqual(first);
    } finally {
      await other.close();
    }
  });

  it('token-scoped: only the named token fails (by label or by raw token)', async () => {
    sim.addFault({ path: '/me', token: userA.id, status: 400, error: { code: 190, error_subcode: 460 } });
    expect(graphErrorOf(await graphGet(sim, '/me', userA.accessToken))).toMatchObject({
      code: 190,
      error_subcode: 460,
    });
    expect((await graphGet(sim, '/me', userB.accessToken)).status).toBe(200);

    sim.clearFaults();
    sim.addFault({ path: '/me', token: userB.accessToken, status: 500 });
    expect((await graphGet(sim, '/me', userA.accessToken)).status).toBe(200);
    expect((await graphGet(sim, '/me', userB.accessToken)).status).toBe(500);
  });

  it('globs and regexes select paths', async () => {
    sim.addFault({ path: '/*/owned_ad_accounts', status: 500 });
    sim.addFault({ path: '^/act_\\d+$', status: 503 });
    const businessId = sim.scenario.businessIds[0] ?? '';
    expect((await graphGet(sim, `/${businessId}/owned_ad_accounts`, userA.accessToken)).status).toBe(500);
    expect((await graphGet(sim, `/${businessId}/owned_pages`, userA.accessToken)).status).toBe(200);
    expect((await graphGet(sim, `/${adAccountId}`, userA.accessToken)).status).toBe(503);
    expect((await graphGet(sim, `/${adAccountId}/adspixels`, userA.accessToken)).status).toBe(200);
  });

  it('throttles come as HTTP 400 with Meta usage headers; a rule may add its own headers and 429', async () => {
    sim.addFault({
      path: '/act_*',
      times: 1,
      status: 400,
      error: { code: 80004, error_subcode: 2446079 },
      regainAccessMinutes: 7,
    });
    const throttled = await graphGet(sim, `/${adAccountId}`, userA.accessToken);
    expect(throttled.status).toBe(400);
    expect(graphErrorOf(throttled)).toMatchObject({
      code: 80004,
      error_subcode: 2446079,
      type: 'OAuthException',
    });
    const accountNumber = adAccountId.slice(4);
    const usage = JSON.parse(throttled.headers.get('x-business-use-case-usage') ?? '{}');
    expect(usage[accountNumber]).toEqual([
      expect.objectContaining({
        type: 'ads_management',
        call_count: 100,
        estimated_time_to_regain_access: 7,
      }),
    ]);
    expect(JSON.parse(throttled.headers.get('x-ad-account-usage') ?? '{}')).toMatchObject({
      acc_id_util_pct: 100,
      reset_time_duration: 420,
    });
    expect(throttled.headers.get('retry-after')).toBeNull();

    sim.addFault({
      path: '/me/adaccounts',
      times: 1,
      status: 429,
      error: { code: 4 },
      headers: { 'Retry-After': '2', 'X-App-Usage': '{"call_count":100,"total_cputime":5,"total_time":5}' },
    });
    const appThrottle = await graphGet(sim, '/me/adaccounts', userA.accessToken);
    expect(appThrottle.status).toBe(429);
    expect(graphErrorOf(appThrottle)).toMatchObject({
      code: 4,
      message: '(#4) Application request limit reached',
    });
    expect(appThrottle.headers.get('retry-after')).toBe('2');
    expect(JSON.parse(appThrottle.headers.get('x-app-usage') ?? '{}')).toEqual({
      call_count: 100,
      total_cputime: 5,
      total_time: 5,
    });
  });

  it('normal ad account answers carry X-App-Usage and X-Ad-Account-Usage', async () => {
    const answer = await graphGet(sim, `/${adAccountId}`, userA.accessToken);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.headers.get('x-app-usage') ?? '')).toEqual({
      call_count: expect.any(Number),
      total_cputime: expect.any(Number),
      total_time: expect.any(Number),
    });
    expect(JSON.parse(answer.headers.get('x-ad-account-usage') ?? '')).toEqual({
      acc_id_util_pct: expect.any(Number),
      reset_time_duration: 0,
      ads_api_access_tier: 'standard_access',
    });
  });

  it('latency rules slow matching calls only; global latency does not serialize requests', async () => {
    sim.addFault({ path: '/me/businesses', latencyMs: 150 });
    let started = Date.now();
    expect((await graphGet(sim, '/me/businesses', userA.accessToken)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    started = Date.now();
    await graphGet(sim, '/me', userA.accessToken);
    expect(Date.now() - started).toBeLessThan(140);

    sim.clearFaults();
    sim.setLatency(100);
    started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => graphGet(sim, '/me', userA.accessToken)),
    );
    const elapsed = Date.now() - started;
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(95);
    expect(elapsed).toBeLessThan(400);

    // A rule's latency comes on top of the global one.
    sim.addFault({ path: '/me/businesses', latencyMs: 150 });
    started = Date.now();
    expect((await graphGet(sim, '/me/businesses', userA.accessToken)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('the same controls work over HTTP under /__sim/', async () => {
    const added = await getUrl(`${sim.url}/__sim/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ path: '/me', times: 1, status: 500, error: { code: 1 } }),
    });
    expect(added.status).toBe(201);
    expect(added.body.id).toEqual(expect.any(String));
    expect((await graphGet(sim, '/me', userA.accessToken)).status).toBe(500);
    expect((await graphGet(sim, '/me', userA.accessToken)).status).toBe(200);

    const invalid = await getUrl(`${sim.url}/__sim/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ path: '^(', status: 'teapot' }),
    });
    expect(invalid.status).toBe(400);

    const latency = await fetch(`${sim.url}/__sim/latency`, {
      method: 'POST',
      body: JSON.stringify({ ms: 0 }),
    });
    expect(latency.status).toBe(204);

    const log = await getUrl(`${sim.url}/__sim/requests?path=/me&token=${userA.id}`);
    expect(log.body.count).toBe(2);
    expect(JSON.stringify(log.body)).not.toContain(userA.accessToken);

    const revoke = await fetch(`${sim.url}/__sim/tokens/revoke`, {
      method: 'POST',
      body: JSON.stringify({ accessToken: userB.accessToken }),
    });
    expect(revoke.status).toBe(204);
    expect(graphErrorOf(await graphGet(sim, '/me', userB.accessToken))).toMatchObject({ code: 190 });

    expect((await fetch(`${sim.url}/__sim/faults`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${sim.url}/__sim/requests`, { method: 'DELETE' })).status).toBe(204);
    expect(sim.requests()).toEqual([]);
  });
});
