import { type TokenCandidate, withTokenFailover } from '../meta/token-failover';
import {
  MetaPermissionError,
  MetaRequestError,
  MetaTokenInvalidError,
  NotFoundError,
} from '../platform/errors';
import type { ConnectDeps } from './connect-deps';
import type { AdAccountSummary } from './meta-login-api';
import { updateConnection } from './update-connection';
import { requireConnection, usableTokens } from './workspace-tokens';

const AD_ACCOUNT_ID = /^act_\d+$/;

/** Ad accounts any of the workspace's tokens can reach, live from Meta, merged by id. */
export async function listPickableAdAccounts(
  deps: ConnectDeps,
  workspaceId: string,
): Promise<AdAccountSummary[]> {
  await requireConnection(deps, workspaceId);
  const tokens = await usableTokens(deps, workspaceId);
  const byId = new Map<string, AdAccountSummary>();
  let reached = 0;
  let lastError: unknown;
  for (const token of tokens) {
    try {
      for (const account of await deps.meta.listAdAccounts(token.accessToken)) byId.set(account.id, account);
      reached++;
    } catch (err: unknown) {
      lastError = err;
    }
  }
  if (reached === 0 && lastError) throw lastError;
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Picks the ad account to use: checked live at Meta with a token of the workspace (one none
 * can read is a 404), the app subscribed to its webhooks, and the previous one unsubscribed
 * when no other connected workspace still uses it.
 */
export async function pickAdAccount(
  deps: ConnectDeps,
  workspaceId: string,
  adAccountId: string,
): Promise<AdAccountSummary> {
  const connection = await requireConnection(deps, workspaceId);
  if (!AD_ACCOUNT_ID.test(adAccountId)) throw new NotFoundError(`Ad account ${adAccountId} was not found.`);
  const tokens = await usableTokens(deps, workspaceId);
  const candidates = tokens.map((t) => ({ id: t.ref.tokenId, accessToken: t.accessToken }));
  let found: Awaited<ReturnType<typeof withTokenFailover<AdAccountSummary>>>;
  try {
    found = await withTokenFailover(candidates, (t) => deps.meta.readAdAccount(t.accessToken, adAccountId));
  } catch (err: unknown) {
    if (
      !(
        err instanceof MetaTokenInvalidError ||
        err instanceof MetaPermissionError ||
        err instanceof MetaRequestError
      )
    ) {
      throw err;
    }
    throw new NotFoundError(
      `Ad account ${adAccountId} was not found or none of the workspace's tokens can read it.`,
    );
  }
  const account = found.value;
  const subscriber = candidates.find((c) => c.id === found.tokenId) ?? candidates[0];
  if (!subscriber) throw new NotFoundError(`Ad account ${adAccountId} was not found.`);
  await deps.meta.subscribeApp(subscriber.accessToken, adAccountId);
  const nowIso = new Date(deps.now()).toISOString();
  await updateConnection(deps.connections, workspaceId, (current) =>
    current.status === 'disconnected' ? undefined : { ...current, adAccountId, updatedAt: nowIso },
  );
  const previous = connection.adAccountId;
  if (previous && previous !== adAccountId) await unsubscribeIfUnused(deps, previous, [subscriber]);
  return account;
}

/**
 * Meta sends an ad account's events to the app once; stop only when no connected workspace
 * uses it. Tries each token in turn (one that was revoked or lost access is skipped); throws
 * the Meta error when none could unsubscribe.
 */
export async function unsubscribeIfUnused(
  deps: ConnectDeps,
  adAccountId: string,
  tokens: readonly TokenCandidate[],
): Promise<'unsubscribed' | 'in_use'> {
  const users = await deps.connections.workspacesUsingAdAccount(adAccountId);
  if (users.length > 0) return 'in_use';
  await withTokenFailover(tokens, (t) => deps.meta.unsubscribeApp(t.accessToken, adAccountId));
  return 'unsubscribed';
}
