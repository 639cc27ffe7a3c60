import * as z from 'zod';
import type { SyncError } from '../domain/sync-run';
import { decideTaskFailure } from '../domain/sync-task-failure';
import { MetaPermissionError, MetaTokenInvalidError } from '../platform/errors';
import { logger } from '../platform/observability';
import { invalidateToken } from './invalidate-token';
import type { SyncWorkDeps } from './sync-deps';
import type { PlanMessage } from './sync-messages';
import type { SyncToken } from './sync-tokens';

const businessItem = z.object({ id: z.string() });

/** What listing one token's BMs came to: its BMs, a failure of the run's plan, or a wait. */
export type BusinessListing =
  | { kind: 'listed'; businessIds: string[] }
  | { kind: 'error'; error: SyncError }
  | { kind: 'defer'; delaySeconds: number; nextAttempt: number };

/**
 * The BMs a token reaches, person or system user alike: an admin system user acts on
 * everything its BMs own or manage, so its BMs are read like a person's (a regular one's
 * refusal on their edges only means "not through this token"). Those `/me/businesses` lists,
 * and those debug_token named when the token was added (a system user's BM grants).
 */
export async function listBusinesses(
  deps: Pick<SyncWorkDeps, 'graph' | 'connections' | 'notifications' | 'now'>,
  token: SyncToken,
  message: PlanMessage,
): Promise<BusinessListing> {
  try {
    const businesses = await deps.graph.pageAll('/me/businesses', {
      accessToken: token.accessToken,
      tokenId: token.id,
      fields: ['id'],
      schema: businessItem,
    });
    return {
      kind: 'listed',
      businessIds: withGranted(
        token,
        businesses.map((b) => b.id),
      ),
    };
  } catch (err: unknown) {
    if (err instanceof MetaPermissionError) {
      // Without business_management the token sees no BM: only its assigned assets count.
      logger.info('token may not list Business Managers', { tokenId: token.id });
      return { kind: 'listed', businessIds: withGranted(token, []) };
    }
    if (err instanceof MetaTokenInvalidError) {
      await invalidateToken(deps, message.workspaceId, token.id, message.generation);
    }
    const decision = decideTaskFailure(err, message.attempt);
    if (decision.action === 'redeliver') throw err;
    if (decision.action === 'defer') return { kind: 'defer', ...decision };
    return { kind: 'error', error: { ...decision.error, tokenId: token.id } };
  }
}

/** The listed BMs and the ones debug_token granted the token, once each. */
function withGranted(token: SyncToken, listed: readonly string[]): string[] {
  return [...new Set([...listed, ...(token.ref.businessIds ?? [])])];
}
