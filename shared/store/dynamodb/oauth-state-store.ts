import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { OAuthStatePayload } from '../../domain/oauth-state';
import { dynamoDocumentClient } from '../aws-clients';
import type { OAuthStateStore } from '../oauth-state-store';
import { appTableName } from './app-table';
import { isConditionFailure } from './conditional-write';

const key = (nonce: string) => ({ pk: `OAUTH_STATE#${nonce}`, sk: 'STATE' });

export class DynamoOAuthStateStore implements OAuthStateStore {
  async save(payload: OAuthStatePayload): Promise<void> {
    await dynamoDocumentClient().send(
      new PutCommand({
        TableName: appTableName(),
        Item: { ...key(payload.nonce), ...payload, ttl: payload.expiresAt },
      }),
    );
  }

  async consume(nonce: string): Promise<OAuthStatePayload | undefined> {
    try {
      const out = await dynamoDocumentClient().send(
        new DeleteCommand({
          TableName: appTableName(),
          Key: key(nonce),
          ConditionExpression: 'attribute_exists(pk)',
          ReturnValues: 'ALL_OLD',
        }),
      );
      if (!out.Attributes) return undefined;
      const { pk: _pk, sk: _sk, ttl: _ttl, ...payload } = out.Attributes;
      return payload as OAuthStatePayload;
    } catch (err: unknown) {
      if (isConditionFailure(err)) return undefined;
      throw err;
    }
  }
}
