import { createHmac } from 'node:crypto';
import { type MetaSimulator, type SeededToken, startMetaSimulator } from '@infra/local/meta-simulator';
import { getUrl, graphErrorOf, graphGet, pageOf, proofOf, SMALL_COUNTS } from './graph-test-client';

function proof(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message).digest('hex');
}

describe('Meta simulator access control and appsecret_proof', () => {
  let sim: MetaSimulator;
  let userA: SeededToken;
  let userB: SeededToken;
  let systemUser: SeededToken;
  let businessA: string;
  let businessB: string;

  beforeAll(async () => {
    sim = await startMetaSimulator({
      seed: { businesses: 2, tokens: 2, systemUserTokens: 1, overlap: 0, perBusiness: SMALL_COUNTS },
    });
    const [a, b, s] = sim.scenario.tokens;
    const [bmA, bmB] = sim.scenario.businessIds;
    if (!a || !b || !s || !bmA || !bmB) throw new Error('seed is incomplete');
    [userA, userB, systemUser, businessA, businessB] = [a, b, s, bmA, bmB];
  });
  afterAll(() => sim.close());

  const ownedBy = (tokenId: string) =>
    sim.scenario.expected.adAccounts.filter(
      (asset) => asset.tokenIds.length === 1 && asset.tokenIds[0] === tokenId,
    );

  it('a token sees only its own BMs and assets', async () => {
    expect(
      pageOf(await graphGet(sim, '/me/businesses', userA.accessToken)).data.map((row) => row.id),
    ).toEqual([businessA]);
    const foreignBusiness = await graphGet(sim, `/${businessB}/owned_ad_accounts`, userA.accessToken);
    expect(foreignBusiness.status).toBe(400);
    expect(graphErrorOf(foreignBusiness)).toMatchObject({
      code: 100,
      error_subcode: 33,
      type: 'GraphMethodException',
    });
    expect(graphErrorOf(foreignBusiness).message).toContain(`Object with ID '${businessB}' does not exist`);

    const foreignAccount = ownedBy(userB.id)[0]?.id ?? '';
    expect(graphErrorOf(await graphGet(sim, `/${foreignAccount}`, userA.accessToken))).toMatchObject({
      error_subcode: 33,
    });
    expect((await graphGet(sim, `/${foreignAccount}`, userB.accessToken)).status).toBe(200);
    expect(graphErrorOf(await graphGet(sim, `/${userB.userId}`, userA.accessToken)).error_subcode).toBe(33);
  });

  it('a system user reads its assigned assets, not its BM edges', async () => {
    expect(pageOf(await graphGet(sim, '/me/businesses', systemUser.accessToken)).data).toEqual([]);
    const assigned = pageOf(
      await graphGet(sim, `/${systemUser.userId}/assigned_ad_accounts`, systemUser.accessToken, {
        fields: 'name',
      }),
    );
    expect(assigned.data.length).toBeGreaterThan(0);
    const catalogs = pageOf(
      await graphGet(sim, `/${systemUser.userId}/assigned_product_catalogs`, systemUser.accessToken),
    );
    expect(catalogs.data.length).toBeGreaterThan(0);
    expect(
      graphErrorOf(await graphGet(sim, `/${businessA}/owned_ad_accounts`, systemUser.accessToken)).code,
    ).toBe(10);
    expect((await graphGet(sim, `/${businessA}`, systemUser.accessToken)).status).toBe(200);
    expect(
      graphErrorOf(await graphGet(sim, `/${systemUser.userId}/assigned_ad_accounts`, userA.accessToken))
        .error_subcode,
    ).toBe(33);
  });

  it('a token without the scope gets a (#200) permissions error', async () => {
    const location = new URL(`${sim.url}/v26.0/dialog/oauth/decision`);
    const form = new URLSearchParams({
      client_id: sim.appId,
      redirect_uri: 'http://127.0.0.1:9/cb',
      scope: 'public_profile',
      decision: 'continue',
      user_id: userA.userId,
    });
    const redirect = await fetch(location, { method: 'POST', body: form, redirect: 'manual' });
    const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const exchanged = await graphGet(sim, '/oauth/access_token', undefined, {
      client_id: sim.appId,
      client_secret: sim.appSecret,
      redirect_uri: 'http://127.0.0.1:9/cb',
      code,
    });
    const narrow = String(exchanged.body.access_token);
    expect(graphErrorOf(await graphGet(sim, '/me/businesses', narrow))).toMatchObject({
      code: 200,
      message: '(#200) Requires business_management permission to manage the object',
    });
    expect((await graphGet(sim, '/me', narrow)).status).toBe(200);
  });

  it('reads the token from Authorization: Bearer; no token is an error', async () => {
    const viaHeader = await getUrl(`${sim.url}/v26.0/me?appsecret_proof=${proofOf(sim, userA.accessToken)}`, {
      headers: { Authorization: `Bearer ${userA.accessToken}` },
    });
    expect(viaHeader.body).toMatchObject({ id: userA.userId });
    expect(graphErrorOf(await graphGet(sim, '/me')).code).toBe(2500);
    expect(graphErrorOf(await graphGet(sim, `/${businessA}`)).code).toBe(104);
  });

  it('checks appsecret_proof when sent: plain and time-stamped forms', async () => {
    const good = proof(sim.appSecret, userA.accessToken);
    expect((await graphGet(sim, '/me', userA.accessToken, { appsecret_proof: good })).status).toBe(200);

    const wrong = await graphGet(sim, '/me', userA.accessToken, {
      appsecret_proof: proof('other', userA.accessToken),
    });
    expect(wrong.status).toBe(400);
    expect(graphErrorOf(wrong)).toMatchObject({
      code: 100,
      type: 'GraphMethodException',
      message: 'Invalid appsecret_proof provided in the API argument',
    });

    const now = String(Math.floor(Date.now() / 1000));
    const timed = proof(sim.appSecret, `${userA.accessToken}|${now}`);
    expect(
      (await graphGet(sim, '/me', userA.accessToken, { appsecret_proof: timed, appsecret_time: now })).status,
    ).toBe(200);
    const stale = String(Math.floor(Date.now() / 1000) - 3600);
    const staleProof = proof(sim.appSecret, `${userA.accessToken}|${stale}`);
    expect(
      (await graphGet(sim, '/me', userA.accessToken, { appsecret_proof: staleProof, appsecret_time: stale }))
        .status,
    ).toBe(400);
  });

  it('requires appsecret_proof by default, and not with requireAppsecretProof: false', async () => {
    const token = userA.accessToken;
    expect(graphErrorOf(await graphGet(sim, '/me', token, {}, false))).toMatchObject({
      code: 100,
      type: 'GraphMethodException',
      message: 'API calls from the server require an appsecret_proof argument',
    });
    expect((await graphGet(sim, '/me', token)).status).toBe(200);
    const noProof = { code: 100, message: 'API calls from the server require an appsecret_proof argument' };
    const adAccount = sim.scenario.expected.adAccounts[0]?.id ?? '';
    for (const method of ['POST', 'DELETE']) {
      const write = await getUrl(`${sim.url}/v26.0/${adAccount}/subscribed_apps`, {
        method,
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(graphErrorOf(write)).toMatchObject(noProof);
    }
    const inspector = await graphGet(sim, '/debug_token', token, { input_token: userB.accessToken }, false);
    expect(graphErrorOf(inspector)).toMatchObject(noProof);
    const batch = await getUrl(`${sim.url}/`, {
      method: 'POST',
      body: new URLSearchParams({
        access_token: userB.accessToken,
        appsecret_proof: proofOf(sim, userB.accessToken),
        batch: JSON.stringify([
          { method: 'GET', relative_url: 'me', body: `access_token=${token}` },
          { method: 'GET', relative_url: 'me' },
        ]),
      }),
    });
    const items = batch.body as unknown as { code: number; body: string }[];
    expect(items.map((item) => item.code)).toEqual([400, 200]);
    expect(JSON.parse(items[0]?.body ?? '{}').error).toMatchObject(noProof);
    const lenient = await startMetaSimulator({
      requireAppsecretProof: false,
      seed: { businesses: 1, tokens: 1, perBusiness: SMALL_COUNTS },
    });
    try {
      const own = lenient.scenario.tokens[0]?.accessToken ?? '';
      expect((await graphGet(lenient, '/me', own, {}, false)).status).toBe(200);
    } finally {
      await lenient.close();
    }
  });
});
