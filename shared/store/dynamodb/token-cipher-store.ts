import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoDocumentClient } from '../aws-clients';
import type { TokenCipherStore } from '../token-cipher-store';
import type { TokenOwner } from '../token-vault';
import { appKeys, appTableName } from './app-table';
import { applied } from './conditional-write';

/** Sealed tokens in the app table: `WS#<ws>/TOKEN_CIPHER#<tokenId>`, the ciphertext as a binary attribute. */
export class DynamoTokenCipherStore implements TokenCipherStore {
  async put(owner: TokenOwner, ciphertext: Uint8Array): Promise<void> {
    await dynamoDocumentClient().send(
      new PutCommand({ TableName: appTableName(), Item: item(owner, ciphertext) }),
    );
  }

  replace(owner: TokenOwner, ciphertext: Uint8Array): Promise<boolean> {
    return applied(
      dynamoDocumentClient().send(
        new PutCommand({
          TableName: appTableName(),
          Item: item(owner, ciphertext),
          ConditionExpression: 'attribute_exists(pk)',
        }),
      ),
    );
  }

  async get(owner: TokenOwner): Promise<Uint8Array | undefined> {
    const out = await dynamoDocumentClient().send(
      new GetCommand({ TableName: appTableName(), Key: key(owner), ConsistentRead: true }),
    );
    const ciphertext: unknown = out.Item?.ciphertext;
    return ciphertext instanceof Uint8Array ? ciphertext : undefined;
  }

  async delete(owner: TokenOwner): Promise<void> {
    await dynamoDocumentClient().send(new DeleteCommand({ TableName: appTableName(), Key: key(owner) }));
  }
}

function key(owner: TokenOwner) {
  return { pk: appKeys.workspace(owner.workspaceId), sk: appKeys.tokenCipher(owner.tokenId) };
}

function item(owner: TokenOwner, ciphertext: Uint8Array) {
  return { ...key(owner), ...owner, ciphertext, sealedAt: new Date().toISOString() };
}
