import { FaultBook, pathMatcher } from '@infra/local/meta-simulator/fault-book';

describe('pathMatcher', () => {
  it.each([
    ['/me/businesses', '/me/businesses', true],
    ['/me/businesses', '/me/businesses/x', false],
    ['/*/owned_ad_accounts', '/123/owned_ad_accounts', true],
    ['/*/owned_ad_accounts', '/1/2/owned_ad_accounts', false],
    ['/act_*', '/act_42', true],
    ['/act_*', '/act_42/adspixels', false],
    ['/act_**', '/act_42/adspixels', true],
    ['^/act_\\d+/ads', '/act_42/adspixels', true],
    ['/a.b', '/aXb', false],
  ])('%s matches %s: %s', (pattern, path, expected) => {
    expect(pathMatcher(pattern).test(path)).toBe(expected);
  });
});

describe('FaultBook', () => {
  it('fires a rule `times` times, then passes; latency-only rules add up', () => {
    const book = new FaultBook();
    book.add({ path: '/me', latencyMs: 5 });
    book.add({ path: '/me', times: 2, status: 503, latencyMs: 10 });
    const decisions = [1, 2, 3].map(() => book.decide({ path: '/me', method: 'GET' }));
    expect(decisions.map((d) => d.failure?.status)).toEqual([503, 503, undefined]);
    expect(decisions.map((d) => d.latencyMs)).toEqual([15, 15, 5]);
  });

  it('matches method and token label or raw token', () => {
    const book = new FaultBook();
    book.add({ path: '/me', method: 'delete', token: 'tok-1', status: 500 });
    expect(book.decide({ path: '/me', method: 'GET', tokenLabel: 'tok-1' }).failure).toBeUndefined();
    expect(book.decide({ path: '/me', method: 'DELETE', tokenLabel: 'tok-2' }).failure).toBeUndefined();
    expect(book.decide({ path: '/me', method: 'DELETE', tokenLabel: 'tok-1' }).failure?.status).toBe(500);
    const byRaw = new FaultBook();
    byRaw.add({ path: '/me', token: 'EAAraw', status: 500 });
    expect(byRaw.decide({ path: '/me', method: 'GET', accessToken: 'EAAraw' }).failure?.status).toBe(500);
  });

  it('a ratio rule draws the same sequence for the same rule and seed', () => {
    const draw = (seed?: number) => {
      const book = new FaultBook();
      book.add({ path: '/x', ratio: 0.25, status: 500, ...(seed === undefined ? {} : { seed }) });
      return Array.from(
        { length: 200 },
        () => book.decide({ path: '/x', method: 'GET' }).failure !== undefined,
      );
    };
    const first = draw();
    expect(draw()).toEqual(first);
    const share = first.filter(Boolean).length / first.length;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.35);
    // Another seed draws another sequence of the same share; the same seed, the same one.
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(first);
    expect(draw(8)).not.toEqual(draw(7));
  });
});

describe('FaultBook lostAnswer rules', () => {
  it('decides to run the call and lose its answer, within times, without a failure', () => {
    const book = new FaultBook();
    book.add({ path: '/act_*/campaigns', method: 'POST', kind: 'lostAnswer', answer: 'drop', times: 1 });
    const first = book.decide({ path: '/act_1/campaigns', method: 'POST' });
    expect(first.lostAnswer).toMatchObject({ kind: 'lostAnswer', answer: 'drop' });
    expect(first.failure).toBeUndefined();
    expect(book.decide({ path: '/act_1/campaigns', method: 'POST' }).lostAnswer).toBeUndefined();
    expect(book.decide({ path: '/act_1/campaigns', method: 'GET' }).lostAnswer).toBeUndefined();
  });
});
