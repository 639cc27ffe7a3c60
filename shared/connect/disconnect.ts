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
}

/**
 * Disconnects: the generation is bumped first so every queued message of the old connection
 * turns into a no-op, then the login is revoked at Meta (unless another connected workspace
 * holds a token of the same Meta user), webhooks unsubscribed when unused, and every secret
 * deleted. Campaigns on Meta are untouched; synced history stays.
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
  if (!written || !before) return { disconnected: false, revocation: 'none' };

  const login = tokens.find((t) => t.ref.tokenId === LOGIN_TOKEN_ID);
  let revocation: DisconnectOutcome['revocation'] = 'none';
  if (login) {
    const sharing = await deps.connections.workspacesOfMetaUser(login.ref.metaUserId);
    if (sharing.length > 0) {
      revocation = 'kept';
    } else {
      revocation = await metaCall(() => deps.meta.revokePermissions(login.accessToken), 'revoke');
    }
  }
  if (before.adAccountId && tokens[0]) {
    const token = tokens[0].accessToken;
    const adAccountId = before.adAccountId;
    await metaCall(() => unsubscribeIfUnused(deps, adAccountId, token), 'unsubscribe');
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
    message:
      revocation === 'failed'
        ? 'Disconnected here, but Meta did not confirm the revocation; remove the app in your Facebook settings to be sure.'
        : 'Disconnected. Campaigns on Meta keep running; synced history stays.',
    at: nowIso,
    data: { by: sub, revocation },
  });
  return { disconnected: true, revocation };
}

/** A Meta failure during disconnect is reported, never a reason to stay connected. */
async function metaCall(call: () => Promise<unknown>, what: string): Promise<'revoked' | 'failed'> {
  try {
    await call();
    return 'revoked';
  } catch (err: unknown) {
    if (!(err instanceof MetaError)) throw err;
    logger.warn(`${what} at Meta failed during disconnect`, { code: err.code, metaCode: err.graph.code });
    return 'failed';
  }
}
