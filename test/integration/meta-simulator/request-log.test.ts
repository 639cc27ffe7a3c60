import { type MetaSimulator, startMetaSimulator } from '@infra/local/meta-simulator';
import { graphGet, SMALL_COUNTS } from './graph-test-client';

describe('Meta simulator request log', () => {
  let sim: MetaSimulator;

  beforeAll(async () => {
    sim = await startMetaSimulator({ seed: { businesses: 1, tokens: 2, perBusiness: SMALL_COUNTS } });
  });
  afterAll(() => sim.close());

  it('counts calls by path, regex, token and method, and never stores the token', async () => {
    const [a, b] = sim.scenario.tokens;
    if (!a || !b) throw new Error('seed gave no tokens');
    sim.resetRequests();
    await graphGet(sim, '/me', a.accessToken);
    await graphGet(sim, '/me/businesses', a.accessToken);
    await graphGet(sim, '/me', b.accessToken);
    await graphGet(sim, '/act_1', b.accessToken);
    await graphGet(sim, '/me', 'EAAnot-a-token');

    expect(sim.countRequests()).toBe(5);
    expect(sim.countRequests({ path: '/me' })).toBe(3);
    expect(sim.countRequests({ path: /^\/me/ })).toBe(4);
    expect(sim.countRequests({ token: a.id })).toBe(2);
    expect(sim.countRequests({ token: 'unknown' })).toBe(1);
    expect(sim.countRequests({ method: 'get', path: '/act_1' })).toBe(1);

    const entries = sim.requests();
    expect(entries[3]).toEqual({
      method: 'GET',
      path: '/act_1',
      token: b.id,
      tokenIn: 'query',
      secretsInUrl: ['access_token'],
      status: 400,
      at: expect.any(Number),
      viaBatch: false,
    });
    expect(JSON.stringify(entries)).not.toContain(a.accessToken);

    sim.resetRequests();
    expect(sim.countRequests()).toBe(0);
  });
});
