import { LOGIN_TOKEN_ID } from '../../../shared/connect/complete-connect';
import { confirmConnect } from '../../../shared/connect/confirm-connect';
import { disconnect } from '../../../shared/connect/disconnect';
import {
  confirmDecision,
  newCompletionId,
  openPendingToken,
  type PendingLogin,
  sealPendingToken,
} from '../../../shared/domain/pending-login';
import { AppError, StoreThrottledError } from '../../../shared/platform/errors';
import { alice, bob, carol, connectHarness } from './connect-harness';
import { connectAs, loginAs } from './connected-workspace';

/** The error `promise` rejects with, as status and code. */
async function refusal(promise: Promise<unknown>): Promise<{ status: number; code: string }> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return { status: err.status, code: err.code };
}

describe('connect: confirm (login CSRF, RFC 6749 §10.12)', () => {
  it("connects the user who started the login: the held token becomes the workspace's login token", async () => {
    const h = connectHarness();
    const completion = await loginAs(h, alice, 'c1');
    const connection = await confirmConnect(h.deps, alice, completion);
    expect(connection).toMatchObject({
      status: 'connected',
      metaUserId: 'user-of-c1',
      scopes: ['ads_management', 'ads_read'],
      declinedScopes: ['business_management', 'pages_show_list', 'catalog_management'],
      connectedBy: 'alice',
    });
    expect(await h.deps.connections.get('ws-1')).toMatchObject({ status: 'connected' });
    const tokens = await h.deps.connections.listTokens('ws-1');
    expect(tokens).toEqual([
      expect.objectContaining({ tokenId: LOGIN_TOKEN_ID, kind: 'user', status: 'active' }),
    ]);
    expect(tokens[0]?.expiresAt).toBeDefined();
    // One secret, under the login name: the held token never was one.
    expect([...h.deps.vault.secrets.keys()]).toEqual([expect.stringMatching(/^meta\/token\/ws-1\/login-/)]);
    const stored = await h.deps.vault.get(tokens[0]?.secretId ?? '');
    expect((await h.deps.meta.debugToken(stored)).isValid).toBe(true);
    expect(JSON.stringify(connection)).not.toContain(stored);
    expect(h.syncs).toEqual(['ws-1']);
  });

  it.each([
    ['another user of the same workspace', carol],
    ['a user of another workspace', bob],
  ])('refuses %s with 403 connect_not_yours and drops the held token', async (_name, other) => {
    const h = connectHarness();
    const completion = await loginAs(h, alice, 'victims-code');
    expect(await refusal(confirmConnect(h.deps, other, completion))).toEqual({
      status: 403,
      code: 'connect_not_yours',
    });
    expect(h.deps.vault.secrets.size).toBe(0);
    expect(h.deps.pendingLogins.pending.size).toBe(0);
    for (const ws of ['ws-1', 'ws-2']) {
      expect((await h.deps.connections.get(ws)).status).toBe('disconnected');
      expect(await h.deps.connections.listTokens(ws)).toEqual([]);
    }
    expect(h.syncs).toEqual([]);
    // Dropped means gone: not even the user who started it can confirm it now.
    expect(await refusal(confirmConnect(h.deps, alice, completion))).toEqual({
      status: 404,
      code: 'not_found',
    });
  });

  it('answers 404 to a replayed completion and to an unknown one', async () => {
    const h = connectHarness();
    const completion = await loginAs(h, alice, 'c1');
    await confirmConnect(h.deps, alice, completion);
    expect(await refusal(confirmConnect(h.deps, alice, completion))).toMatchObject({ status: 404 });
    expect(await refusal(confirmConnect(h.deps, alice, 'never-issued-completion-id'))).toMatchObject({
      status: 404,
    });
    expect(h.syncs).toEqual(['ws-1']);
  });

  it('answers 404 to an expired completion and drops it', async () => {
    const h = connectHarness();
    const completion = await loginAs(h, alice, 'c1');
    h.clock.now += 601_000;
    expect(await refusal(confirmConnect(h.deps, alice, completion))).toMatchObject({ status: 404 });
    expect(h.deps.vault.secrets.size).toBe(0);
    expect(h.deps.pendingLogins.pending.size).toBe(0);
    expect((await h.deps.connections.get('ws-1')).status).toBe('disconnected');
  });

  it('answers 404 when the workspace was disconnected since the login started, and writes nothing', async () => {
    const h = connectHarness();
    const completion = await loginAs(h, alice, 'c1');
    const c = await h.deps.connections.get('ws-1');
    await h.deps.connections.put({ ...c, generation: c.generation + 1 });
    expect(await refusal(confirmConnect(h.deps, alice, completion))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(h.deps.vault.secrets.size).toBe(0);
    expect(await h.deps.connections.listTokens('ws-1')).toEqual([]);
    expect(h.syncs).toEqual([]);
  });

  it('keeps the live login when a login voided by a disconnect is confirmed after a newer one', async () => {
    const h = connectHarness();
    await connectAs(h, alice, 'l0');
    const stale = await loginAs(h, alice, 'l1');
    await disconnect(h.deps, 'ws-1', 'alice');
    await connectAs(h, alice, 'l2');
    const live = await h.deps.connections.listTokens('ws-1');
    const liveSecrets = new Map(h.deps.vault.secrets);
    expect(await refusal(confirmConnect(h.deps, alice, stale))).toMatchObject({ status: 404 });
    expect(await h.deps.connections.listTokens('ws-1')).toEqual(live);
    expect(h.deps.vault.secrets).toEqual(liveSecrets);
    const stored = await h.deps.vault.get(live[0]?.secretId ?? '');
    expect(await h.deps.meta.debugToken(stored)).toMatchObject({ isValid: true, userId: 'user-of-l2' });
    expect(await h.deps.connections.get('ws-1')).toMatchObject({
      status: 'connected',
      metaUserId: 'user-of-l2',
    });
  });

  it('leaves the live login alone when a disconnect lands while a confirm writes', async () => {
    const h = connectHarness();
    await connectAs(h, alice, 'l1');
    const stale = await loginAs(h, alice, 'l2');
    // The disconnect lands (and a new login is confirmed) after the confirm's check, before its write.
    const put = h.deps.vault.put.bind(h.deps.vault);
    let raced = false;
    h.deps.vault.put = async (name, token) => {
      if (!raced) {
        raced = true;
        await disconnect(h.deps, 'ws-1', 'alice');
        await connectAs(h, alice, 'l3');
      }
      return put(name, token);
    };
    expect(await refusal(confirmConnect(h.deps, alice, stale))).toMatchObject({ status: 404 });
    const [login] = await h.deps.connections.listTokens('ws-1');
    expect(login).toMatchObject({ tokenId: LOGIN_TOKEN_ID, metaUserId: 'user-of-l3' });
    expect([...h.deps.vault.secrets.keys()]).toEqual([login?.secretId]);
    const stored = await h.deps.vault.get(login?.secretId ?? '');
    expect(await h.deps.meta.debugToken(stored)).toMatchObject({ isValid: true, userId: 'user-of-l3' });
  });

  it('replaces the login token on reconnect and deletes the old secret', async () => {
    const h = connectHarness();
    await connectAs(h, alice, 'l1');
    await connectAs(h, alice, 'l2');
    const [login] = await h.deps.connections.listTokens('ws-1');
    expect(login).toMatchObject({ metaUserId: 'user-of-l2' });
    expect([...h.deps.vault.secrets.keys()]).toEqual([login?.secretId]);
  });
});

describe('connect: a login confirmed by someone else is revoked at Meta', () => {
  it("revokes the other person's token at Meta when no connected workspace holds their Meta user", async () => {
    const h = connectHarness();
    const completion = await loginAs(h, alice, 'victim');
    expect(await refusal(confirmConnect(h.deps, bob, completion))).toMatchObject({ status: 403 });
    expect(h.deps.meta.calls.at(-1)).toBe('revokePermissions');
    expect(h.deps.meta.revoked.size).toBeGreaterThan(0);
  });

  it('does not revoke when another connected workspace holds a token of that Meta user', async () => {
    const h = connectHarness();
    await connectAs(h, bob, 'shared');
    const completion = await loginAs(h, alice, 'shared');
    h.deps.meta.calls = [];
    expect(await refusal(confirmConnect(h.deps, carol, completion))).toMatchObject({
      status: 403,
      code: 'connect_not_yours',
    });
    expect(h.deps.meta.calls).toEqual([]);
    expect(h.deps.meta.revoked.size).toBe(0);
  });

  it('still answers 403 when Meta fails the revocation', async () => {
    const h = connectHarness();
    const completion = await loginAs(h, alice, 'victim');
    h.deps.meta.failRevoke = true;
    expect(await refusal(confirmConnect(h.deps, bob, completion))).toEqual({
      status: 403,
      code: 'connect_not_yours',
    });
    expect(h.deps.meta.calls.at(-1)).toBe('revokePermissions');
  });
});

describe('sealPendingToken', () => {
  const login = { workspaceId: 'ws-1', sub: 'alice' };
  const completion = newCompletionId();
  const sealed = sealPendingToken(completion, login, 'EAAB-long-lived-token');

  it('opens with the completion, for the login it was sealed for', () => {
    expect(sealed).not.toContain('EAAB');
    expect(openPendingToken(completion, login, sealed)).toBe('EAAB-long-lived-token');
  });

  it.each([
    ['another completion', newCompletionId(), login, sealed],
    ['another user', completion, { workspaceId: 'ws-1', sub: 'carol' }, sealed],
    ['another workspace', completion, { workspaceId: 'ws-2', sub: 'alice' }, sealed],
    ['a tampered seal', completion, login, `${sealed.slice(0, -2)}AA`],
    ['no seal at all', completion, login, 'not-a-seal'],
  ])('does not open with %s', (_name, withCompletion, forLogin, seal) => {
    expect(() => openPendingToken(withCompletion, forLogin, seal)).toThrow();
  });
});

describe('confirmDecision', () => {
  const pending: PendingLogin = {
    workspaceId: 'ws-1',
    sub: 'alice',
    generation: 0,
    sealedToken: 'iv.tag.sealed',
    metaUserId: 'u',
    scopes: [],
    validUntil: 1000,
  };
  it.each([
    [{ workspaceId: 'ws-1', sub: 'alice' }, 999, 'yours'],
    [{ workspaceId: 'ws-1', sub: 'carol' }, 999, 'not_yours'],
    [{ workspaceId: 'ws-2', sub: 'alice' }, 999, 'not_yours'],
    [{ workspaceId: 'ws-1', sub: 'alice' }, 1000, 'expired'],
    [{ workspaceId: 'ws-2', sub: 'bob' }, 1000, 'expired'],
  ])('%o at %i → %s', (who, now, decision) => {
    expect(confirmDecision(pending, who, now)).toBe(decision);
  });

  it('reads again and connects when DynamoDB throttles or conflicts with the first write', async () => {
    const h = connectHarness();
    const completion = await loginAs(h, alice, 'c1');
    const connections = h.deps.connections;
    const write = connections.putWithToken.bind(connections);
    let refused = 0;
    connections.putWithToken = async (next, token, replacing) => {
      if (refused++ === 0)
        throw new StoreThrottledError('DynamoDB cancelled the transaction: TransactionConflict');
      return write(next, token, replacing);
    };
    expect(await confirmConnect(h.deps, alice, completion)).toMatchObject({ status: 'connected' });
    expect(refused).toBe(2);
    const [login] = await connections.listTokens('ws-1');
    expect(await h.deps.vault.get(login?.secretId ?? '')).toBeTruthy();
  });
});
