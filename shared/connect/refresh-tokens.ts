import type { TokenRef } from '../domain/connection';
import { isoFromEpochSeconds, needsRefresh } from '../domain/token-lifecycle';
import { errorFields } from '../platform/error-fields';
import { MetaTokenInvalidError } from '../platform/errors';
import { logger } from '../platform/observability';
import { LOGIN_TOKEN_ID } from './complete-connect';
import type { ConnectDeps } from './connect-deps';
import { moveTokenIntoVault } from './move-token';
import { updateConnection } from './update-connection';

/** One refresh message per connection; the generation voids it after a disconnect. */
export interface RefreshRequest {
  workspaceId: string;
  generation: number;
}

export interface RefreshOutcome {
  skipped?: 'stale' | 'disconnected';
  refreshed: string[];
  invalid: string[];
  checked: string[];
  /** Tokens moved from Secrets Manager into the envelope vault this time. */
  moved: string[];
  /** Tokens a reconnect or a disconnect replaced while they were being refreshed: left to it. */
  superseded: string[];
}

/** Long enough for an exchange and a debug_token; a crashed holder frees it by expiry. */
const LEASE_MS = 60_000;

/** The hourly job: one message per connected workspace, not one long loop. */
export async function refreshRequests(deps: Pick<ConnectDeps, 'connections'>): Promise<RefreshRequest[]> {
  const ids = await deps.connections.connectedWorkspaces();
  const connections = await Promise.all(ids.map((id) => deps.connections.get(id)));
  return connections
    .filter((c) => c.status !== 'disconnected')
    .map((c) => ({ workspaceId: c.workspaceId, generation: c.generation }));
}

/**
 * Exchanges every user token nearing expiry (under a lease, so concurrent runs exchange once)
 * and re-checks each token's validity. A token Meta reports invalid is retired; if it is the
 * login token the connection reads `needs_reauth` and the workspace is asked to reconnect.
 */
export async function refreshWorkspaceTokens(
  deps: ConnectDeps,
  request: RefreshRequest,
): Promise<RefreshOutcome> {
  const outcome: RefreshOutcome = { refreshed: [], invalid: [], checked: [], moved: [], superseded: [] };
  const connection = await deps.connections.get(request.workspaceId);
  if (connection.status === 'disconnected') return { ...outcome, skipped: 'disconnected' };
  if (connection.generation !== request.generation) return { ...outcome, skipped: 'stale' };

  for (const listed of await deps.connections.listTokens(request.workspaceId)) {
    if (listed.status !== 'active') {
      if (await movedRetired(deps, listed)) outcome.moved.push(listed.tokenId);
      continue;
    }
    const nowMs = deps.now();
    if (!(await deps.connections.leaseToken(listed.workspaceId, listed.tokenId, nowMs, LEASE_MS))) continue;
    const ref = await movedUnderLease(deps, listed);
    if (!ref) continue;
    if (ref.secretId !== listed.secretId) outcome.moved.push(ref.tokenId);
    const result = await refreshOne(deps, ref, nowMs);
    outcome[result].push(ref.tokenId);
  }
  if (outcome.invalid.includes(LOGIN_TOKEN_ID)) await askToReconnect(deps, request);
  return outcome;
}

/**
 * A token still in Secrets Manager moves into the vault first, under the lease, so the
 * refresh below replaces the sealed copy (the functions no longer write Secrets Manager). A
 * failed move fails the message and leaves the ref alone; the lease lapses before the retry.
 */
async function movedUnderLease(deps: ConnectDeps, ref: TokenRef): Promise<TokenRef | undefined> {
  return deps.isLegacyTokenSecret(ref.secretId) ? moveTokenIntoVault(deps, ref) : ref;
}

/**
 * An invalid token is never refreshed again but moves too, so the stack converges to no token
 * secret at all. Its move failing is only logged: the workspace's live tokens come first.
 */
async function movedRetired(deps: ConnectDeps, ref: TokenRef): Promise<boolean> {
  if (!deps.isLegacyTokenSecret(ref.secretId)) return false;
  try {
    return (await moveTokenIntoVault(deps, ref)) !== undefined;
  } catch (err: unknown) {
    logger.warn('moving an invalid token into the vault failed', {
      workspaceId: ref.workspaceId,
      tokenId: ref.tokenId,
      error: errorFields(err),
    });
    return false;
  }
}

async function refreshOne(
  deps: ConnectDeps,
  ref: TokenRef,
  nowMs: number,
): Promise<'refreshed' | 'invalid' | 'checked' | 'superseded'> {
  let accessToken = await deps.vault.get(ref.secretId);
  let next: TokenRef = { ...ref };
  delete next.refreshLeaseUntil;
  try {
    if (needsRefresh(ref, nowMs)) {
      const exchanged = await deps.meta.exchangeForLongLived(accessToken);
      accessToken = exchanged.accessToken;
      // Into the token's own secret: a login's secret is named per login (confirm-connect.ts).
      await deps.vault.replace(ref.secretId, accessToken);
      next = {
        ...next,
        refreshedAt: new Date(nowMs).toISOString(),
        ...(exchanged.expiresIn
          ? { expiresAt: new Date(nowMs + exchanged.expiresIn * 1000).toISOString() }
          : {}),
      };
    }
    const info = await deps.meta.debugToken(accessToken);
    if (!info.isValid)
      throw new MetaTokenInvalidError('debug_token reports the token invalid', {
        httpStatus: 200,
        message: 'invalid',
      });
    const expiresAt = isoFromEpochSeconds(info.expiresAt);
    const dataAccessExpiresAt = isoFromEpochSeconds(info.dataAccessExpiresAt);
    next = {
      ...next,
      scopes: info.scopes,
      ...(expiresAt ? { expiresAt } : {}),
      ...(dataAccessExpiresAt ? { dataAccessExpiresAt } : {}),
    };
  } catch (err: unknown) {
    if (!(err instanceof MetaTokenInvalidError)) {
      // Transient trouble: keep the token as it was (lease freed); the next hour tries again.
      // A login confirmed meanwhile names another secret, so this write leaves it alone.
      await deps.connections.replaceToken(next);
      throw err;
    }
    // The verdict is about the token read, not about a login that replaced it meanwhile.
    if (!(await deps.connections.replaceToken({ ...next, status: 'invalid' }))) return 'superseded';
    logger.warn('token is no longer valid', { tokenId: ref.tokenId, workspaceId: ref.workspaceId });
    return 'invalid';
  }
  if (!(await deps.connections.replaceToken(next))) {
    // Disconnected or reconnected meanwhile: nothing names this secret any more.
    await deps.vault.delete(ref.secretId);
    return 'superseded';
  }
  return next.refreshedAt !== ref.refreshedAt ? 'refreshed' : 'checked';
}

async function askToReconnect(deps: ConnectDeps, request: RefreshRequest): Promise<void> {
  const nowIso = new Date(deps.now()).toISOString();
  const written = await updateConnection(deps.connections, request.workspaceId, (current) =>
    current.generation === request.generation && current.status === 'connected'
      ? { ...current, status: 'needs_reauth', updatedAt: nowIso }
      : undefined,
  );
  if (!written) return;
  await deps.notifications.add({
    id: deps.newId(),
    workspaceId: request.workspaceId,
    kind: 'reconnect_required',
    title: 'Reconnect Meta Ads',
    message: 'Meta no longer accepts the Facebook login of this workspace. Click Connect to sign in again.',
    at: nowIso,
  });
}
