import { type MetaSimulator, startMetaSimulator } from '@infra/local/meta-simulator';
import { getUrl, graphErrorOf, graphGet, proofOf, ZERO_COUNTS } from './graph-test-client';

const REDIRECT_URI = 'http://127.0.0.1:9/integrations/meta/callback';
const DAY = 86_400;

describe('Meta simulator OAuth: login dialog, code exchange, long-lived token, debug_token, revoke', () => {
  let sim: MetaSimulator;

  beforeAll(async () => {
    sim = await startMetaSimulator();
  });
  afterAll(() => sim.close());

  function dialogUrl(extra: Record<string, string> = {}): string {
    const url = new URL(`${sim.url}/v26.0/dialog/oauth`);
    url.searchParams.set('client_id', sim.appId);
    url.searchParams.set('redirect_uri', REDIRECT_URI);
    url.searchParams.set('state', 'st-123');
    url.searchParams.set('scope', 'ads_management,business_management');
    url.searchParams.set('response_type', 'code');
    for (const [name, value] of Object.entries(extra)) url.searchParams.set(name, value);
    return url.toString();
  }

  /** Submits the dialog's form the way the browser does when a button is clicked. */
  async function submitDialog(decision: 'continue' | 'cancel'): Promise<URL> {
    const page = await fetch(dialogUrl());
    const html = await page.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    const form = new URLSearchParams();
    for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
      form.set(
        match[1] ?? '',
        (match[2] ?? '').replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))),
      );
    }
    form.set('decision', decision);
    const answer = await fetch(`${sim.url}${action}`, {
      method: 'POST',
      body: form,
      redirect: 'manual',
    });
    expect(answer.status).toBe(302);
    return new URL(answer.headers.get('location') ?? '');
  }

  async function exchange(params: Record<string, string>) {
    const url = new URL(`${sim.url}/v26.0/oauth/access_token`);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    return getUrl(url.toString());
  }

  it('serves a clickable login page for the dev user', async () => {
    const page = await fetch(dialogUrl());
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('id="continue"');
    expect(html).toContain('id="cancel"');
    expect(html).toContain('Dev Marketer');
  });

  it('refuses a dialog for another app id', async () => {
    const page = await fetch(dialogUrl({ client_id: '999' }));
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('Invalid App ID');
  });

  it('Cancel sends the user back with access_denied and the state', async () => {
    const location = await submitDialog('cancel');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('error_reason')).toBe('user_denied');
    expect(location.searchParams.get('error_description')).toBeTruthy();
    expect(location.searchParams.get('state')).toBe('st-123');
    expect(location.searchParams.has('code')).toBe(false);
  });

  it('Continue → code → short-lived token → long-lived token → debug_token → revoke', async () => {
    const location = await submitDialog('continue');
    expect(location.searchParams.get('state')).toBe('st-123');
    expect(location.hash).toBe('#_=_');
    const code = location.searchParams.get('code') ?? '';
    expect(code).toMatch(/^AQ/);

    const wrongSecret = await exchange({
      client_id: sim.appId,
      client_secret: 'nope',
      redirect_uri: REDIRECT_URI,
      code,
    });
    expect(wrongSecret.status).toBe(400);
    expect(graphErrorOf(wrongSecret)).toMatchObject({
      type: 'OAuthException',
      message: 'Error validating client secret.',
    });

    const wrongRedirect = await exchange({
      client_id: sim.appId,
      client_secret: sim.appSecret,
      redirect_uri: 'http://127.0.0.1:9/elsewhere',
      code,
    });
    expect(graphErrorOf(wrongRedirect)).toMatchObject({ code: 100, error_subcode: 36008 });

    const exchanged = await exchange({
      client_id: sim.appId,
      client_secret: sim.appSecret,
      redirect_uri: REDIRECT_URI,
      code,
    });
    expect(exchanged.status).toBe(200);
    expect(exchanged.body).toMatchObject({ token_type: 'bearer' });
    const shortLived = String(exchanged.body.access_token);
    expect(Number(exchanged.body.expires_in)).toBeLessThanOrEqual(2 * 3600);

    const reused = await exchange({
      client_id: sim.appId,
      client_secret: sim.appSecret,
      redirect_uri: REDIRECT_URI,
      code,
    });
    expect(graphErrorOf(reused)).toMatchObject({
      code: 100,
      message: 'This authorization code has been used.',
    });

    const me = await graphGet(sim, '/me', shortLived);
    expect(me.body).toEqual({ id: expect.any(String), name: 'Dev Marketer' });

    const longLivedAnswer = await exchange({
      grant_type: 'fb_exchange_token',
      client_id: sim.appId,
      client_secret: sim.appSecret,
      fb_exchange_token: shortLived,
    });
    expect(longLivedAnswer.status).toBe(200);
    const longLived = String(longLivedAnswer.body.access_token);
    expect(longLived).not.toBe(shortLived);
    expect(Number(longLivedAnswer.body.expires_in)).toBeGreaterThan(59 * DAY);

    const debug = await graphGet(sim, '/debug_token', `${sim.appId}|${sim.appSecret}`, {
      input_token: longLived,
    });
    expect(debug.status).toBe(200);
    const data = debug.body.data as Record<string, unknown>;
    expect(data).toMatchObject({
      app_id: sim.appId,
      type: 'USER',
      is_valid: true,
      user_id: me.body.id,
      scopes: expect.arrayContaining(['ads_management', 'business_management', 'public_profile']),
    });
    expect(Number(data.expires_at)).toBeGreaterThan(Date.now() / 1000 + 59 * DAY);
    expect(Number(data.data_access_expires_at)).toBeGreaterThan(Number(data.expires_at));
    expect(data.granular_scopes).toEqual(
      expect.arrayContaining([{ scope: 'business_management', target_ids: expect.any(Array) }]),
    );

    const revoke = await fetch(`${sim.url}/v26.0/me/permissions?appsecret_proof=${proofOf(sim, longLived)}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${longLived}` },
    });
    expect(await revoke.json()).toEqual({ success: true });

    for (const token of [longLived, shortLived]) {
      const after = await graphGet(sim, '/me', token);
      expect(after.status).toBe(400);
      expect(graphErrorOf(after)).toMatchObject({ code: 190, error_subcode: 458, type: 'OAuthException' });
      expect(after.headers.get('www-authenticate')).toContain('invalid_token');
    }
    const debugRevoked = await graphGet(sim, '/debug_token', `${sim.appId}|${sim.appSecret}`, {
      input_token: longLived,
    });
    expect(debugRevoked.body.data).toMatchObject({ is_valid: false, error: { code: 190, subcode: 458 } });
  });

  it('takes the exchange as a POST form, as a server should send its secret; not as a DELETE', async () => {
    const code = (await submitDialog('continue')).searchParams.get('code') ?? '';
    const posted = await getUrl(`${sim.url}/v26.0/oauth/access_token`, {
      method: 'POST',
      body: new URLSearchParams({
        client_id: sim.appId,
        client_secret: sim.appSecret,
        redirect_uri: REDIRECT_URI,
        code,
      }),
    });
    expect(posted.status).toBe(200);
    expect(posted.body).toMatchObject({ access_token: expect.any(String), token_type: 'bearer' });
    const deleted = await getUrl(
      `${sim.url}/v26.0/oauth/access_token?${new URLSearchParams({ client_id: sim.appId, client_secret: sim.appSecret, grant_type: 'client_credentials' })}`,
      { method: 'DELETE' },
    );
    expect(graphErrorOf(deleted)).toMatchObject({ code: 100 });
  });

  it('debug_token: unknown token is invalid inside data; a wrong app secret is a 190', async () => {
    const unknown = await graphGet(sim, '/debug_token', `${sim.appId}|${sim.appSecret}`, {
      input_token: 'EAAnope',
    });
    expect(unknown.status).toBe(200);
    expect(unknown.body.data).toMatchObject({ is_valid: false, error: { code: 190 } });

    const badApp = await graphGet(sim, '/debug_token', `${sim.appId}|wrong`, { input_token: 'EAAnope' });
    expect(badApp.status).toBe(400);
    expect(graphErrorOf(badApp).code).toBe(190);
  });

  it('system user tokens never expire; revoked and expired tokens answer 190 with 460 / 463', async () => {
    const [user, systemUser] = sim.seed({
      businesses: 1,
      tokens: 1,
      systemUserTokens: 1,
      perBusiness: { ...ZERO_COUNTS, ownedAdAccounts: 2 },
    }).tokens;
    if (!user || !systemUser) throw new Error('seed gave no tokens');

    const debug = await graphGet(sim, '/debug_token', `${sim.appId}|${sim.appSecret}`, {
      input_token: systemUser.accessToken,
    });
    expect(debug.body.data).toMatchObject({ type: 'SYSTEM_USER', expires_at: 0, is_valid: true });

    sim.revokeToken(systemUser.accessToken);
    expect(graphErrorOf(await graphGet(sim, '/me', systemUser.accessToken))).toMatchObject({
      code: 190,
      error_subcode: 460,
    });

    sim.expireToken(user.accessToken);
    expect(graphErrorOf(await graphGet(sim, '/me', user.accessToken))).toMatchObject({
      code: 190,
      error_subcode: 463,
    });
    expect(graphErrorOf(await graphGet(sim, '/me', 'EAAunknown'))).toMatchObject({ code: 190 });
  });
});
