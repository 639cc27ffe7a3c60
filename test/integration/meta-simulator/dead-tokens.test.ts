import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type MetaSimulator,
  type ScenarioSpec,
  type SeededToken,
  startMetaSimulator,
} from '@infra/local/meta-simulator';
import { type GraphAnswer, getUrl, graphErrorOf, graphGet, proofOf, SMALL_COUNTS } from './graph-test-client';

const SPEC: ScenarioSpec = { businesses: 2, tokens: 4, systemUserTokens: 2, perBusiness: SMALL_COUNTS };

type Death = 'deauthorized' | 'invalidated' | 'expired' | 'systemUserRemoved';

/** The 190 subcode Meta gives for each way a token dies. */
const SUBCODE: Record<Death, number> = {
  deauthorized: 458,
  invalidated: 460,
  expired: 463,
  systemUserRemoved: 467,
};

function tokenOf(sim: MetaSimulator, kind: SeededToken['kind'], index: number): SeededToken {
  const token = sim.scenario.tokens.filter((t) => t.kind === kind)[index];
  if (!token) throw new Error(`the seed has no ${kind} token #${index}`);
  return token;
}

async function kill(sim: MetaSimulator, death: Death, token: SeededToken): Promise<void> {
  if (death === 'deauthorized') {
    const revoke = await getUrl(
      `${sim.url}/v26.0/me/permissions?${new URLSearchParams({ access_token: token.accessToken, appsecret_proof: proofOf(sim, token.accessToken) })}`,
      { method: 'DELETE' },
    );
    expect(revoke.body).toEqual({ success: true });
  } else if (death === 'invalidated') {
    sim.revokeToken(token.accessToken);
  } else if (death === 'expired') {
    sim.expireToken(token.accessToken);
  } else {
    const removed = await fetch(`${sim.url}/__sim/system-users/${token.userId}`, { method: 'DELETE' });
    expect(removed.status).toBe(204);
  }
}

/** The form a Graph write takes: token and proof in the body. */
function form(sim: MetaSimulator, accessToken: string, extra: Record<string, string> = {}): URLSearchParams {
  return new URLSearchParams({
    access_token: accessToken,
    appsecret_proof: proofOf(sim, accessToken),
    ...extra,
  });
}

/** Every way a call can carry a token, on every kind of path the app uses. */
async function everyPath(
  sim: MetaSimulator,
  dead: SeededToken,
  live: SeededToken,
): Promise<Record<string, GraphAnswer>> {
  const adAccount = sim.scenario.expected.adAccounts[0]?.id ?? '';
  const proof = proofOf(sim, dead.accessToken);
  const header = (scheme: string) =>
    getUrl(`${sim.url}/v26.0/me?appsecret_proof=${proof}`, {
      headers: { Authorization: `${scheme} ${dead.accessToken}` },
    });
  const batch = (outer: string, item: { method: string; relative_url: string; body?: string }) =>
    getUrl(`${sim.url}/`, { method: 'POST', body: form(sim, outer, { batch: JSON.stringify([item]) }) });
  const paths: Record<string, GraphAnswer> = {
    'GET /me': await graphGet(sim, '/me', dead.accessToken),
    'GET /me/businesses': await graphGet(sim, '/me/businesses', dead.accessToken),
    'GET /me/permissions': await graphGet(sim, '/me/permissions', dead.accessToken),
    'Authorization: Bearer': await header('Bearer'),
    'Authorization: OAuth': await header('OAuth'),
    'POST subscribed_apps': await getUrl(`${sim.url}/v26.0/${adAccount}/subscribed_apps`, {
      method: 'POST',
      body: form(sim, dead.accessToken),
    }),
    'DELETE subscribed_apps': await getUrl(
      `${sim.url}/v26.0/${adAccount}/subscribed_apps?appsecret_proof=${proof}`,
      { method: 'DELETE', headers: { Authorization: `Bearer ${dead.accessToken}` } },
    ),
    'batch with the dead token': await batch(dead.accessToken, { method: 'GET', relative_url: 'me' }),
    'debug_token as inspector': await graphGet(sim, '/debug_token', dead.accessToken, {
      input_token: live.accessToken,
    }),
  };
  const item = await batch(live.accessToken, {
    method: 'GET',
    relative_url: 'me',
    body: form(sim, dead.accessToken).toString(),
  });
  const [itemAnswer] = item.body as unknown as { code: number; body: string }[];
  paths['batch item with its own dead token'] = {
    status: itemAnswer?.code ?? 0,
    headers: new Headers(),
    body: JSON.parse(itemAnswer?.body ?? '{}'),
  };
  if (dead.kind === 'user') {
    paths['fb_exchange_token'] = await getUrl(`${sim.url}/v26.0/oauth/access_token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'fb_exchange_token',
        client_id: sim.appId,
        client_secret: sim.appSecret,
        fb_exchange_token: dead.accessToken,
      }),
    });
  }
  return paths;
}

function refusals(paths: Record<string, GraphAnswer>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(paths).map(([path, answer]) => [
      path,
      answer.status === 400 ? graphErrorOf(answer) : { status: answer.status, body: answer.body },
    ]),
  );
}

describe('Meta simulator: a dead token fails every call, as at Meta', () => {
  let sim: MetaSimulator;

  beforeAll(async () => {
    sim = await startMetaSimulator({ seed: SPEC });
  });
  afterAll(() => sim.close());

  const cases: [Death, SeededToken['kind'], number][] = [
    ['deauthorized', 'user', 0],
    ['invalidated', 'user', 1],
    ['expired', 'user', 2],
    ['expired', 'system_user', 1],
    ['systemUserRemoved', 'system_user', 0],
  ];
  it.each(cases)('%s (%s token): 190 on every path', async (death, kind, index) => {
    const dead = tokenOf(sim, kind, index);
    const live = tokenOf(sim, 'user', 3);
    expect((await graphGet(sim, '/me', dead.accessToken)).status).toBe(200);
    await kill(sim, death, dead);

    const answers = refusals(await everyPath(sim, dead, live));
    const expected = Object.fromEntries(
      Object.keys(answers).map((path) => [
        path,
        expect.objectContaining({ code: 190, error_subcode: SUBCODE[death], type: 'OAuthException' }),
      ]),
    );
    expect(answers).toEqual(expected);
    // The live token still works, and debug_token says why the dead one does not.
    const debug = await graphGet(sim, '/debug_token', `${sim.appId}|${sim.appSecret}`, {
      input_token: dead.accessToken,
    });
    expect(debug.body.data).toMatchObject({
      is_valid: false,
      error: { code: 190, subcode: SUBCODE[death] },
    });
    expect((await graphGet(sim, '/me', live.accessToken)).status).toBe(200);
  });

  it('a removed system user leaves its BM, and removing it again is a 404', async () => {
    const removed = tokenOf(sim, 'system_user', 0);
    expect(
      (await fetch(`${sim.url}/__sim/system-users/${removed.userId}`, { method: 'DELETE' })).status,
    ).toBe(404);
    expect(sim.removeSystemUser(tokenOf(sim, 'user', 3).userId)).toBe(false);
  });
});

describe('Meta simulator: dead tokens stay dead across a restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-dead-'));
  const stateFile = join(dir, 'meta-simulator.json');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps deauthorized, expired and removed-system-user tokens refused', async () => {
    const first = await startMetaSimulator({ seed: SPEC, stateFile });
    const deauthorized = tokenOf(first, 'user', 0);
    const expired = tokenOf(first, 'user', 1);
    const removed = tokenOf(first, 'system_user', 0);
    await kill(first, 'deauthorized', deauthorized);
    await kill(first, 'expired', expired);
    await kill(first, 'systemUserRemoved', removed);
    await first.close();

    const second = await startMetaSimulator({ seed: SPEC, stateFile });
    try {
      const subcodes = await Promise.all(
        [deauthorized, expired, removed].map(
          async (token) => graphErrorOf(await graphGet(second, '/me', token.accessToken)).error_subcode,
        ),
      );
      expect(subcodes).toEqual([458, 463, 467]);
      expect((await graphGet(second, '/me', tokenOf(second, 'user', 2).accessToken)).status).toBe(200);
    } finally {
      await second.close();
    }
  });
});
