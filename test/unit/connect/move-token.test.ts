import { confirmConnect } from '../../../shared/connect/confirm-connect';
import { moveTokenIntoVault } from '../../../shared/connect/move-token';
import { refreshWorkspaceTokens } from '../../../shared/connect/refresh-tokens';
import { addSystemUserToken } from '../../../shared/connect/system-user-token';
import type { TokenRef } from '../../../shared/domain/connection';
import { RoutingTokenVault } from '../../../shared/store/routing-token-vault';
import { isSealedTokenId, type TokenVault } from '../../../shared/store/token-vault';
import { envelopeVault } from '../store/local-token-cipher';
import { alice, connectHarness } from './connect-harness';
import { connectAs, loginAs } from './connected-workspace';

const DAY = 86_400_000;

/**
 * A workspace connected by the code of before the vault: its login token is a "Secrets
 * Manager" secret (the harness's in-memory vault). Then the deps of now: the routing vault
 * over the sealed store and that same Secrets Manager.
 */
async function connectedBeforeTheVault() {
  const h = connectHarness();
  await connectAs(h, alice, 'c1');
  const secretsManager = h.deps.vault;
  const sealed = envelopeVault();
  const deps = {
    ...h.deps,
    vault: new RoutingTokenVault(sealed.vault, secretsManager) as TokenVault,
    isLegacyTokenSecret: (secretId: string) => !isSealedTokenId(secretId),
  };
  const [login] = await h.deps.connections.listTokens('ws-1');
  if (!login) throw new Error('not connected');
  return { h, deps, secretsManager, sealed, login, token: await secretsManager.get(login.secretId) };
}

describe('moving Secrets Manager tokens into the vault (the hourly refresh)', () => {
  it('moves the login token: the ref names the sealed copy, the old secret is gone, Meta still accepts it', async () => {
    const { h, deps, secretsManager, sealed, login, token } = await connectedBeforeTheVault();
    h.deps.meta.calls = [];
    const outcome = await refreshWorkspaceTokens(deps, { workspaceId: 'ws-1', generation: 0 });
    expect(outcome).toEqual({
      refreshed: [],
      invalid: [],
      checked: ['login'],
      moved: ['login'],
      superseded: [],
    });
    const [moved] = await h.deps.connections.listTokens('ws-1');
    expect(moved?.secretId).toMatch(/^vault:ws-1\/login-id-\d+$/);
    expect({ ...moved, secretId: login.secretId }).toEqual(login);
    expect(await deps.vault.get(moved?.secretId ?? '')).toBe(token);
    expect(secretsManager.secrets.size).toBe(0);
    expect(sealed.store.items.size).toBe(1);
    // The re-check ran on the moved token.
    expect(h.deps.meta.calls).toEqual(['debugToken']);

    const again = await refreshWorkspaceTokens(deps, { workspaceId: 'ws-1', generation: 0 });
    expect(again.moved).toEqual([]);
    expect((await h.deps.connections.listTokens('ws-1'))[0]?.secretId).toBe(moved?.secretId);
  });

  it('moves a token nearing expiry first, then stores its exchanged successor sealed', async () => {
    const { h, deps, secretsManager, login, token } = await connectedBeforeTheVault();
    h.clock.now = Date.parse(login.expiresAt ?? '') - 2 * DAY;
    const outcome = await refreshWorkspaceTokens(deps, { workspaceId: 'ws-1', generation: 0 });
    expect(outcome).toMatchObject({ refreshed: ['login'], moved: ['login'], superseded: [] });
    const [after] = await h.deps.connections.listTokens('ws-1');
    expect(isSealedTokenId(after?.secretId ?? '')).toBe(true);
    const exchanged = await deps.vault.get(after?.secretId ?? '');
    expect(exchanged).not.toBe(token);
    expect(h.deps.meta.tokens.get(exchanged)?.isValid).toBe(true);
    expect(secretsManager.secrets.size).toBe(0);
  });

  it('moves an invalid token too, without asking Meta about it', async () => {
    const { h, deps, secretsManager, login } = await connectedBeforeTheVault();
    await h.deps.connections.replaceToken({ ...login, status: 'invalid' });
    h.deps.meta.calls = [];
    const outcome = await refreshWorkspaceTokens(deps, { workspaceId: 'ws-1', generation: 0 });
    expect(outcome).toEqual({ refreshed: [], invalid: [], checked: [], moved: ['login'], superseded: [] });
    expect(h.deps.meta.calls).toEqual([]);
    expect(secretsManager.secrets.size).toBe(0);
  });

  it('leaves the ref and the old secret alone when the ref changed during the move, and keeps no sealed copy', async () => {
    const { h, deps, secretsManager, sealed, login } = await connectedBeforeTheVault();
    const reconnected: TokenRef = { ...login, secretId: 'meta/token/ws-1/login-reconnected' };
    const racing: TokenVault = {
      get: (id) => deps.vault.get(id),
      replace: (id, value) => deps.vault.replace(id, value),
      delete: (id) => deps.vault.delete(id),
      put: async (name, value) => {
        const id = await deps.vault.put(name, value);
        // A reconnect lands between the copy and the switch.
        await h.deps.connections.putToken(reconnected);
        return id;
      },
    };
    const outcome = await refreshWorkspaceTokens(
      { ...deps, vault: racing },
      { workspaceId: 'ws-1', generation: 0 },
    );
    expect(outcome.moved).toEqual([]);
    expect(await h.deps.connections.listTokens('ws-1')).toEqual([reconnected]);
    expect(sealed.store.items.size).toBe(0);
    // The old secret is the reconnect's to delete (confirm-connect deletes the replaced login's).
    expect(secretsManager.secrets.has(login.secretId)).toBe(true);
  });

  it('re-adding a system user whose token is a Secrets Manager secret deletes that secret', async () => {
    const { h, deps, secretsManager, sealed } = await connectedBeforeTheVault();
    const first = h.deps.meta.issue({ userId: 'su-9', type: 'SYSTEM_USER' });
    // Stored the old way: the harness's own vault is the "Secrets Manager" one.
    await addSystemUserToken(h.deps, 'ws-1', { accessToken: first, label: 'BM system user' });
    expect(secretsManager.secrets.size).toBe(2);
    const second = h.deps.meta.issue({ userId: 'su-9', type: 'SYSTEM_USER' });
    const ref = await addSystemUserToken(deps, 'ws-1', { accessToken: second, label: 'BM system user' });
    expect(ref.secretId).toBe('vault:ws-1/su-su-9');
    expect(await deps.vault.get(ref.secretId)).toBe(second);
    expect([...secretsManager.secrets.keys()]).toEqual([expect.stringMatching(/^meta\/token\/ws-1\/login-/)]);
    expect(sealed.store.items.size).toBe(1);
  });

  it('a reconnect overtaken by a move reads again and leaves no sealed copy of the old login behind', async () => {
    const { h, deps, secretsManager, sealed, login } = await connectedBeforeTheVault();
    const connections = deps.connections;
    const read = connections.getWithTokens.bind(connections);
    let moved = false;
    connections.getWithTokens = async (workspaceId, tokenIds) => {
      const seen = await read(workspaceId, tokenIds);
      if (!moved) {
        moved = true;
        expect(await moveTokenIntoVault(deps, login)).toBeDefined();
      }
      return seen;
    };
    await confirmConnect(deps, alice, await loginAs(h, alice, 'c2'));
    const [relogin] = await connections.listTokens('ws-1');
    expect(relogin?.metaUserId).toBe('user-of-c2');
    expect(isSealedTokenId(relogin?.secretId ?? '')).toBe(true);
    // Only the new login is stored: the moved copy went with the login it replaced.
    expect([...sealed.store.items.keys()]).toHaveLength(1);
    expect(await deps.vault.get(relogin?.secretId ?? '')).toBeTruthy();
    expect(secretsManager.secrets.size).toBe(0);
  });
});
