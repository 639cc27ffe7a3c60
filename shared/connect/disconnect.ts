import { MetaError } from '../platform/errors';
import { logger } from '../platform/observability';
import { unsubscribeIfUnused } from './ad-accounts';
import { LOGIN_TOKEN_ID } from './complete-connect';
import type { ConnectDeps } from './connect-deps';
import { updateConnection } from './update-connection';
import { usableTokens } from './workspace-tokens';

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
  const tokens = await usableTokens(deps, workspaceId).catch(() => []);
  const allRefs = await deps.connections.listTokens(workspaceId);
  const nowIso = new Date(deps.now()).toISOString();
  let before: Awaited<ReturnType<typeof deps.connections.get>> | undefined;
  const written = await updateConnection(deps.connections, workspaceId, (current) => {
    before = current;
    if (current.status === 'disconnected' && allRefs.length === 0) return undefined;
    return {
      workspaceId,
      status: 'disconnected',
      generation: current.generation + 1,
      revision: current.revision,
      scopes: [],
      declinedScopes: [],
      ...(current.lastSync ? { lastSync: current.lastSync } : {}),
      updatedAt: nowIso,
    };
  });
  if (!written || !before) return { disconnected: false, revocation: 'none', unsubscription: 'none' };

  // 1. Everything that needs a token, while the tokens still work.
  const adAccountId = before.adAccountId;
  let unsubscription: DisconnectOutcome['unsubscription'] = 'none';
  if (adAccountId) {
    const candidates = tokens.map((t) => ({ id: t.ref.tokenId, accessToken: t.accessToken }));
    unsubscription = await metaCall('unsubscribe', async () =>
      (await unsubscribeIfUnused(deps, adAccountId, candidates)) === 'in_use' ? 'kept' : 'unsubscribed',
    );
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
