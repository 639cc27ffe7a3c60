import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { businessAssets, startMetaSimulator } from '../../../infra/local/meta-simulator';
import { decideLogin } from '../support/meta-login';

const REDIRECT = 'http://127.0.0.1:9/integrations/meta/callback';

/** Adds the `appsecret_proof` of the call's `access_token`, as the simulator requires. */
function withProof(appSecret: string, params: Record<string, string>): Record<string, string> {
  const token = params.access_token;
  if (token === undefined) return params;
  return { ...params, appsecret_proof: createHmac('sha256', appSecret).update(token).digest('hex') };
}

/** `npm start` keeps `.local/`: what the app stored must still work at Meta after a restart. */
describe('simulator state kept across restarts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-state-'));
  const stateFile = join(dir, 'meta-simulator.json');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps issued tokens, revocations and webhook subscriptions', async () => {
    const first = await startMetaSimulator({ stateFile });
    const appToken = `${first.appId}|${first.appSecret}`;
    const graph = (path: string, params: Record<string, string>, method = 'GET') =>
      fetch(`${first.url}/v26.0${path}?${new URLSearchParams(withProof(first.appSecret, params))}`, {
        method,
      }).then((r) => r.json());
    const dialog = new URL(`${first.url}/v26.0/dialog/oauth`);
    for (const [k, v] of Object.entries({
      client_id: first.appId,
      redirect_uri: REDIRECT,
      state: 's',
      scope: 'ads_management',
    }))
      dialog.searchParams.set(k, v);
    const code = (await decideLogin(dialog.toString(), 'continue')).searchParams.get('code') ?? '';
    const { access_token: shortLived } = await graph('/oauth/access_token', {
      client_id: first.appId,
      client_secret: first.appSecret,
      redirect_uri: REDIRECT,
      code,
    });
    const { access_token: kept } = await graph('/oauth/access_token', {
      grant_type: 'fb_exchange_token',
      client_id: first.appId,
      client_secret: first.appSecret,
      fb_exchange_token: shortLived,
    });
    const { data: accounts } = await graph('/me/adaccounts', { access_token: kept, fields: 'id' });
    const adAccountId: string = accounts[0].id;
    expect((await graph(`/${adAccountId}/subscribed_apps`, { access_token: kept }, 'POST')).success).toBe(
      true,
    );
    first.revokeToken(shortLived);
    await first.close();

    const second = await startMetaSimulator({ stateFile });
    try {
      const debug = (token: string) =>
        fetch(
          `${second.url}/v26.0/debug_token?${new URLSearchParams({ input_token: token, access_token: appToken })}`,
        )
          .then((r) => r.json())
          .then((b: { data: { is_valid: boolean } }) => b.data.is_valid);
      expect(await debug(kept)).toBe(true);
      expect(await debug(shortLived)).toBe(false);
      const subscribed = await fetch(
        `${second.url}/v26.0/${adAccountId}/subscribed_apps?${new URLSearchParams(withProof(second.appSecret, { access_token: kept }))}`,
      ).then((r) => r.json());
      expect(subscribed.data).toEqual([expect.objectContaining({ id: second.appId })]);
      // New tokens do not collide with the kept ones.
      const fresh = second.seed({
        businesses: 1,
        tokens: 1,
        perBusiness: businessAssets({ ownedAdAccounts: 1 }),
      });
      expect(fresh.tokens.map((t) => t.accessToken)).not.toContain(kept);
    } finally {
      await second.close();
    }
  });
});
