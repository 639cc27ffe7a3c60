import type { TokenRef } from '../domain/connection';
import { MetaError } from '../platform/errors';
import { logger } from '../platform/observability';
import { unsubscribeIfUnused } from './ad-accounts';
import { LOGIN_TOKEN_ID } from './complete-connect';
import type { ConnectDeps } from './connect-deps';
import { updateConnection } from './update-connection';
import { sortedForUse, type UsableToken } from './workspace-tokens';

export interface DisconnectOutcome {
  /** False when the workspace was not connected (nothing to do). */
  disconnected: boolean;
  /** `revoked`, `kept` (another workspace shares the Meta user), `failed` (Meta refused or was down), `none`. */
  revocation: 'revoked' | 'kept' | 'failed' | 'none';
  /**
   * The picked ad account's webhook subscription: `unsubscribed`, `kept` (another connected
   * workspace uses the ad account), `failed` (Meta did not confirm), `none` (none picked).
   */
  unsubscription: 'unsubscribed' | 'kept' | 'failed' | 'none';
}

/**
 * Disconnects: the generation is bumped first so every queued message of the old connection
 * turns into a no-op; then every Meta call that needs a token (unsubscribing the app from the
 * picked ad account when no other connected workspace uses it), and the revocation of the
 * login LAST, since Meta refuses every call of a revoked token (code 190); then every secret
 * is deleted. A Meta failure never keeps the workspace connected: the notification says what
 * Meta did not confirm. Campaigns on Meta are untouched; synced history stays.
 */
export async function disconnect(
  deps: ConnectDeps,
  workspaceId: string,
  sub: string,
): Promise<DisconnectOutcome> {
  const refsBefore = await deps.connections.listTokens(workspaceId);
  const nowIso = new Date(deps.now()).toISOString();
  const written = await updateConnection(deps.connections, workspaceId, (current) => {
    const owed = current.adAccountId ?? current.pendingUnsubscribe;
    if (current.status === 'disconnected' && refsBefore.length === 0 && !owed) return undefined;
    return {
      workspaceId,
      status: 'disconnected',
      generation: current.generation + 1,
      revision: current.revision,
      scopes: [],
      declinedScopes: [],
      // Kept until settled below: a disconnect that dies after this write is retried and finishes it.
      ...(owed ? { pendingUnsubscribe: owed } : {}),
      ...(current.lastSync ? { lastSync: current.lastSync } : {}),
      updatedAt: nowIso,
    };
  });
  if (!written) return { disconnected: false, revocation: 'none', unsubscription: 'none' };
  // Listed after the generation bump: no confirm writes a token of the old connection after it.
  const allRefs = await deps.connections.listTokens(workspaceId);
  const tokens = await readableTokens(deps, allRefs);

  // 1. Everything that needs a token, while the tokens still work.
  const adAccountId = written.pendingUnsubscribe;
  let unsubscription: DisconnectOutcome['unsubscription'] = 'none';
  if (adAccountId) {
    const candidates = tokens.map((t) => ({ id: t.ref.tokenId, accessToken: t.accessToken }));
    // No token left (an earlier attempt got as far as deleting them): nothing to ask Meta
    // with, so the unsubscription stays unconfirmed and the notification says what to do.
    unsubscription =
      candidates.length === 0
        ? 'failed'
        : await metaCall('unsubscribe', async () =>
            (await unsubscribeIfUnused(deps, adAccountId, candidates)) === 'in_use' ? 'kept' : 'unsubscribed',
          );
    // Settled: after the revocation below no token of this workspace could retry it anyway.
    await settleUnsubscription(deps, workspaceId, adAccountId);
  }
  // 2. The revocation, last: after it the login token is dead at Meta.
  const login = tokens.find((t) => t.ref.tokenId === LOGIN_TOKEN_ID);
  let revocation: DisconnectOutcome['revocation'] = 'none';
  if (login) {
    const sharing = await deps.connections.workspacesOfMetaUser(login.ref.metaUserId);
    revocation =
      sharing.length > 0
        ? 'kept'
        : await metaCall('revoke', async () => {
            await deps.meta.revokePermissions(login.accessToken);
            return 'revoked';
          });
  }
  for (const ref of allRefs) {
    await deps.vault.delete(ref.secretId);
    await deps.connections.deleteToken(workspaceId, ref.tokenId);
  }
  await deps.notifications.add({
    id: deps.newId(),
    workspaceId,
    kind: 'disconnected',
    title: 'Meta Ads disconnected',
    message: disconnectMessage(revocation, unsubscription, adAccountId),
    at: nowIso,
    data: { by: sub, revocation, unsubscription, ...(adAccountId ? { adAccountId } : {}) },
  });
  return { disconnected: true, revocation, unsubscription };
}

/**
 * The active tokens whose secret still reads, the login token first. One whose secret an
 * earlier attempt already deleted is skipped, not a reason to call Meta with none.
 */
async function readableTokens(deps: ConnectDeps, refs: readonly TokenRef[]): Promise<UsableToken[]> {
  const read = await Promise.all(
    sortedForUse(refs.filter((t) => t.status === 'active')).map(async (ref) => {
      try {
        return [{ ref, accessToken: await deps.vault.get(ref.secretId) }];
      } catch {
        return [];
      }
    }),
  );
  return read.flat();
}

async function settleUnsubscription(
  deps: ConnectDeps,
  workspaceId: string,
  adAccountId: string,
): Promise<void> {
  await updateConnection(deps.connections, workspaceId, (current) => {
    if (current.pendingUnsubscribe !== adAccountId) return undefined;
    const { pendingUnsubscribe: _settled, ...rest } = current;
    return { ...rest, updatedAt: new Date(deps.now()).toISOString() };
  });
}

/** What the user reads: what happened, and what Meta did not confirm with what to do about it. */
export function disconnectMessage(
  revocation: DisconnectOutcome['revocation'],
  unsubscription: DisconnectOutcome['unsubscription'],
  adAccountId: string | undefined,
): string {
  const unconfirmed: string[] = [];
  if (unsubscription === 'failed')
    unconfirmed.push(
      `Meta did not confirm that the app was unsubscribed from ad account ${adAccountId}, so Meta may still send that ad account's events to the app; remove the app from the ad account in Meta Business Settings to be sure.`,
    );
  if (revocation === 'failed')
    unconfirmed.push(
      'Meta did not confirm the revocation; remove the app in your Facebook settings to be sure.',
    );
  if (unconfirmed.length === 0) return 'Disconnected. Campaigns on Meta keep running; synced history stays.';
  return `Disconnected here, but: ${unconfirmed.join(' ')}`;
}

/** A Meta failure during disconnect is reported, never a reason to stay connected. */
async function metaCall<T extends string>(what: string, call: () => Promise<T>): Promise<T | 'failed'> {
  try {
    return await call();
  } catch (err: unknown) {
    if (!(err instanceof MetaError)) throw err;
    logger.warn(`${what} at Meta failed during disconnect`, { code: err.code, metaCode: err.graph.code });
    return 'failed';
  }
}
