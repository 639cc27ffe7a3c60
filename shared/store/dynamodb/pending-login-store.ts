import { PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { completionKey, type PendingLogin } from '../../domain/pending-login';
import { dynamoDocumentClient } from '../aws-clients';
import type { PendingLoginStore } from '../pending-login-store';
import { appKeys, appTableName } from './app-table';
import { takeItem } from './take-item';

const key = (completion: string) => ({ pk: appKeys.pendingLogin(completionKey(completion)), sk: 'LOGIN' });

const storedPendingLogin = z.object({
  workspaceId: z.string(),
  sub: z.string(),
  generation: z.number(),
  sealedToken: z.string(),
  metaUserId: z.string(),
  scopes: z.array(z.string()),
  tokenExpiresAt: z.string().optional(),
  dataAccessExpiresAt: z.string().optional(),
  validUntil: z.number(),
});

/** One item per pending login, deleted by the one confirm that consumes it (or by TTL). */
export class DynamoPendingLoginStore implements PendingLoginStore {
  async save(completion: string, login: PendingLogin): Promise<void> {
    await dynamoDocumentClient().send(
      new PutCommand({
        TableName: appTableName(),
        Item: { ...key(completion), ...login, ttl: login.validUntil },
      }),
    );
  }

  async consume(completion: string): Promise<PendingLogin | undefined> {
    const held = await takeItem(key(completion));
    if (!held) return undefined;
    const parsed = storedPendingLogin.parse(held);
    return {
      workspaceId: parsed.workspaceId,
      sub: parsed.sub,
      generation: parsed.generation,
      sealedToken: parsed.sealedToken,
      metaUserId: parsed.metaUserId,
      scopes: parsed.scopes,
      ...(parsed.tokenExpiresAt ? { tokenExpiresAt: parsed.tokenExpiresAt } : {}),
      ...(parsed.dataAccessExpiresAt ? { dataAccessExpiresAt: parsed.dataAccessExpiresAt } : {}),
      validUntil: parsed.validUntil,
    };
  }
}

let sharedPendingLoginStore: PendingLoginStore | undefined;

/** The one DynamoPendingLoginStore of the container, for the composition roots (shared/<area>/*-root.ts, roots/). */
export function pendingLoginStore(): PendingLoginStore {
  sharedPendingLoginStore ??= new DynamoPendingLoginStore();
  return sharedPendingLoginStore;
}
