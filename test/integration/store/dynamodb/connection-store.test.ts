import { disconnectedConnection, type TokenRef } from '../../../../shared/domain/connection';
import { DynamoConnectionStore } from '../../../../shared/store/dynamodb/connection-store';
import { useLocalAppTable } from '../../support/local-app-table';

const token = (workspaceId: string, tokenId: string): TokenRef => ({
  tokenId,
  workspaceId,
  kind: 'user',
  label: `Token ${tokenId}`,
  metaUserId: 'u1',
  secretId: `secret-${tokenId}`,
  scopes: ['ads_read'],
  status: 'active',
  generation: 1,
  createdAt: '2026-11-23T00:00:00.000Z',
});

describe('DynamoConnectionStore on DynamoDB Local', () => {
  beforeAll(async () => {
    await useLocalAppTable('connection-store');
  });
  const store = new DynamoConnectionStore();

  it('reads the connection and the asked tokens that exist in one call', async () => {
    const connection = {
      ...disconnectedConnection('ws-gwt', '2026-11-23T00:00:00.000Z'),
      status: 'connected' as const,
    };
    expect(await store.put(connection)).toBe(true);
    await store.putToken(token('ws-gwt', 'a'));
    await store.putToken(token('ws-gwt', 'b'));
    await store.putToken(token('ws-other', 'c'));

    const read = await store.getWithTokens('ws-gwt', ['b', 'gone', 'c', 'b']);
    expect(read.connection).toMatchObject({ workspaceId: 'ws-gwt', status: 'connected' });
    // Only this workspace's tokens, each once, in the order asked; missing ones left out.
    expect(read.tokens).toEqual([token('ws-gwt', 'b')]);
    expect(await store.getWithTokens('ws-gwt', [])).toMatchObject({ tokens: [] });
  });

  it('writes the token with the connection, or neither when the connection write is refused', async () => {
    const base = disconnectedConnection('ws-pwt', '2026-11-23T00:00:00.000Z');
    const connected = { ...base, status: 'connected' as const, metaUserId: 'u1', adAccountId: 'act_9' };
    expect(await store.putWithToken(connected, token('ws-pwt', 'login'), undefined)).toBe(true);
    expect(await store.listTokens('ws-pwt')).toEqual([token('ws-pwt', 'login')]);
    expect(await store.workspacesUsingAdAccount('act_9')).toEqual(['ws-pwt']);
    // Based on a stale read (revision 0): refused, and the token is not replaced either.
    const stale = { ...token('ws-pwt', 'login'), secretId: 'secret-stale' };
    expect(await store.putWithToken(connected, stale, token('ws-pwt', 'login').secretId)).toBe(false);
    expect(await store.listTokens('ws-pwt')).toEqual([token('ws-pwt', 'login')]);
  });

  it('writes the token with the connection only over the token that was read', async () => {
    const base = disconnectedConnection('ws-pwr', '2026-11-23T00:00:00.000Z');
    const first = token('ws-pwr', 'login');
    expect(await store.putWithToken({ ...base, status: 'connected' }, first, undefined)).toBe(true);
    const current = await store.get('ws-pwr');
    const relogin = { ...first, secretId: 'secret-relogin' };
    // Read as absent, or as naming another secret (it moved into the vault meanwhile): refused.
    expect(await store.putWithToken(current, relogin, undefined)).toBe(false);
    expect(await store.putWithToken(current, relogin, 'secret-moved-away')).toBe(false);
    expect(await store.get('ws-pwr')).toEqual(current);
    expect(await store.putWithToken(current, relogin, first.secretId)).toBe(true);
    expect(await store.listTokens('ws-pwr')).toEqual([relogin]);
  });

  it('keeps an owed unsubscription on a disconnected record, outside the ad account index', async () => {
    const current = await store.get('ws-pwt');
    const { adAccountId: _dropped, ...rest } = current;
    expect(await store.put({ ...rest, status: 'disconnected', pendingUnsubscribe: 'act_9' })).toBe(true);
    expect(await store.get('ws-pwt')).toMatchObject({ status: 'disconnected', pendingUnsubscribe: 'act_9' });
    expect(await store.workspacesUsingAdAccount('act_9')).toEqual([]);
  });

  it('reads a never-connected workspace as disconnected, with no tokens', async () => {
    expect(await store.getWithTokens('ws-never', ['a'])).toEqual({
      connection: disconnectedConnection('ws-never', new Date(0).toISOString()),
      tokens: [],
    });
  });

  it('moves a token to another secret only while it still names the old one, keeping its lease', async () => {
    const old = token('ws-mv', 'login');
    await store.putToken(old);
    expect(await store.leaseToken('ws-mv', 'login', 1_000, 60_000)).toBe(true);
    expect(await store.moveTokenSecret('ws-mv', 'login', 'secret-other', 'vault:ws-mv/login-2')).toBe(false);
    expect(await store.moveTokenSecret('ws-mv', 'login', old.secretId, 'vault:ws-mv/login-2')).toBe(true);
    expect(await store.listTokens('ws-mv')).toEqual([
      { ...old, secretId: 'vault:ws-mv/login-2', refreshLeaseUntil: 61_000 },
    ]);
    // A deleted token (a disconnect) is not written back.
    await store.deleteToken('ws-mv', 'login');
    expect(await store.moveTokenSecret('ws-mv', 'login', 'vault:ws-mv/login-2', 'vault:ws-mv/login-3')).toBe(
      false,
    );
    expect(await store.listTokens('ws-mv')).toEqual([]);
  });

  it('replaces a token only while it names the same secret: never over a new login, never after a delete', async () => {
    const old = token('ws-rp', 'login');
    await store.putToken(old);
    expect(await store.replaceToken({ ...old, scopes: ['ads_read', 'ads_management'] })).toBe(true);
    const relogged = { ...old, secretId: 'vault:ws-rp/login-2', createdAt: '2026-11-24T00:00:00.000Z' };
    await store.putToken(relogged);
    expect(await store.replaceToken({ ...old, status: 'invalid' })).toBe(false);
    expect(await store.listTokens('ws-rp')).toEqual([relogged]);
    await store.deleteToken('ws-rp', 'login');
    expect(await store.replaceToken(relogged)).toBe(false);
    expect(await store.listTokens('ws-rp')).toEqual([]);
  });
});
