import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TokenRef } from '../../../../shared/domain/connection';
import { resetConfig } from '../../../../shared/platform/config';
import { dynamoDocumentClient } from '../../../../shared/store/aws-clients';
import { tokenVault } from '../../../../shared/store/container-token-vault';
import { DynamoConnectionStore } from '../../../../shared/store/dynamodb/connection-store';
import { DynamoTokenCipherStore } from '../../../../shared/store/dynamodb/token-cipher-store';
import { EnvelopeTokenVault } from '../../../../shared/store/envelope/envelope-token-vault';
import { TokenCipher, TokenContextMismatchError } from '../../../../shared/store/envelope/token-cipher';
import { tokenKeyring } from '../../../../shared/store/envelope/token-keyring';
import { tokenSecretName } from '../../../../shared/store/token-vault';
import { useLocalAppTable } from '../../support/local-app-table';

const TOKEN = 'EAAGm0PX4ZCpsBAKZCLrealLookingToken0123456789';

/** The envelope vault as the functions build it locally: the raw AES keyring, ciphertext in the app table. */
describe('EnvelopeTokenVault on DynamoDB Local (raw AES keyring)', () => {
  let table: string;
  const key = randomBytes(32);
  const vault = new EnvelopeTokenVault(
    new TokenCipher(tokenKeyring({ keyring: 'rawAes', key: Uint8Array.from(key) })),
    new DynamoTokenCipherStore(),
  );
  const itemAt = async (pk: string, sk: string) =>
    (await dynamoDocumentClient().send(new GetCommand({ TableName: table, Key: { pk, sk } }))).Item;

  beforeAll(async () => {
    table = await useLocalAppTable('envelope-vault');
  });

  it('keeps the token sealed beside the refs, under WS#<ws>/TOKEN_CIPHER#<id>, and opens it by id', async () => {
    const id = await vault.put(tokenSecretName('ws-rt', 'login-1'), TOKEN);
    expect(id).toBe('vault:ws-rt/login-1');
    const item = await itemAt('WS#ws-rt', 'TOKEN_CIPHER#login-1');
    expect(item).toMatchObject({
      workspaceId: 'ws-rt',
      tokenId: 'login-1',
      ciphertext: expect.any(Uint8Array),
    });
    expect(Buffer.from(item?.ciphertext).includes(Buffer.from(TOKEN))).toBe(false);
    expect(JSON.stringify(item)).not.toContain(TOKEN);
    expect(await vault.get(id)).toBe(TOKEN);
  });

  it("refuses a ciphertext item copied under another workspace's key", async () => {
    await vault.put(tokenSecretName('ws-alice', 'login'), TOKEN);
    const alices = await itemAt('WS#ws-alice', 'TOKEN_CIPHER#login');
    await dynamoDocumentClient().send(
      new PutCommand({
        TableName: table,
        Item: { ...alices, pk: 'WS#ws-mallory', sk: 'TOKEN_CIPHER#login', workspaceId: 'ws-mallory' },
      }),
    );
    await expect(vault.get('vault:ws-mallory/login')).rejects.toBeInstanceOf(TokenContextMismatchError);
    expect(await vault.get('vault:ws-alice/login')).toBe(TOKEN);
  });

  it('replaces only an existing token and deletes the item', async () => {
    await expect(vault.replace('vault:ws-gone/login', TOKEN)).rejects.toThrow('no sealed token');
    expect(await itemAt('WS#ws-gone', 'TOKEN_CIPHER#login')).toBeUndefined();
    const id = await vault.put(tokenSecretName('ws-rep', 'su-1'), TOKEN);
    await vault.replace(id, 'EAA-next');
    expect(await vault.get(id)).toBe('EAA-next');
    await vault.delete(id);
    expect(await itemAt('WS#ws-rep', 'TOKEN_CIPHER#su-1')).toBeUndefined();
    await expect(vault.get(id)).rejects.toThrow('no sealed token vault:ws-rep/su-1');
  });

  it('stays out of the token refs: listing a workspace’s tokens reads no ciphertext', async () => {
    const store = new DynamoConnectionStore();
    const ref: TokenRef = {
      tokenId: 'login',
      workspaceId: 'ws-list',
      kind: 'user',
      label: 'Facebook login',
      metaUserId: 'u1',
      secretId: await vault.put(tokenSecretName('ws-list', 'login-1'), TOKEN),
      scopes: [],
      status: 'active',
      generation: 0,
      createdAt: '2026-11-23T00:00:00.000Z',
    };
    await store.putToken(ref);
    expect(await store.listTokens('ws-list')).toEqual([ref]);
    const all = await dynamoDocumentClient().send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'WS#ws-list' },
      }),
    );
    expect(all.Items?.map((i) => i.sk).sort()).toEqual(['TOKEN#login', 'TOKEN_CIPHER#login-1']);
  });

  it('is what the composition roots build from TOKEN_LOCAL_AES_KEY', async () => {
    process.env.TOKEN_LOCAL_AES_KEY = key.toString('base64');
    resetConfig();
    const id = await tokenVault().put(tokenSecretName('ws-root', 'login-1'), TOKEN);
    expect(id).toBe('vault:ws-root/login-1');
    // The same key: this file's own vault opens what the root sealed.
    expect(await vault.get(id)).toBe(TOKEN);
  });
});
