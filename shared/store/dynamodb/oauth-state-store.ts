import { PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { OAuthStatePayload } from '../../domain/oauth-state';
import { dynamoDocumentClient } from '../aws-clients';
import type { OAuthStateStore } from '../oauth-state-store';
import { appTableName } from './app-table';
import { takeItem } from './take-item';

const storedState = z.object({
  nonce: z.string(),
  workspaceId: z.string(),
  sub: z.string(),
  generation: z.number(),
  expiresAt: z.number(),
});

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
    const held = await takeItem(key(nonce));
    if (!held) return undefined;
    return storedState.parse(held);
  }
}

let sharedOAuthStateStore: OAuthStateStore | undefined;

/** The one DynamoOAuthStateStore of the container, for the composition roots (shared/<area>/*-root.ts, roots/). */
export function oauthStateStore(): OAuthStateStore {
  sharedOAuthStateStore ??= new DynamoOAuthStateStore();
  return sharedOAuthStateStore;
}
