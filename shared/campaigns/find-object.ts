import type { ManagedLevel, ManagedObject } from '../domain/managed-object';
import { managedObjectFromMeta } from '../domain/meta-write-params';
import { withTokenFailover } from '../meta/token-failover';
import { MetaError, NotFoundError } from '../platform/errors';
import type { CampaignDeps } from './campaign-deps';
import type { WorkspaceContext } from './workspace-context';

/** What a lookup reads: the mirror by id, Meta's object, the clock. */
export interface FindObjectDeps {
  objects: Pick<CampaignDeps['objects'], 'get'>;
  meta: Pick<CampaignDeps['meta'], 'read'>;
  now: CampaignDeps['now'];
}

const LABEL: Record<ManagedLevel, string> = { campaign: 'Campaign', adset: 'Ad set', ad: 'Ad' };

/**
 * An object of the workspace by id: from the mirror of the workspace's ad accounts (one batch
 * read), else from Meta (made in Ads Manager, not mirrored yet), kept only when its ad account is
 * the workspace's. Another level's id, a foreign or an unknown id → 404 naming `field`.
 */
export async function findObject(
  deps: FindObjectDeps,
  context: WorkspaceContext,
  level: ManagedLevel,
  id: string,
  options: { field?: string; known?: readonly ManagedObject[] } = {},
): Promise<{ object: ManagedObject; fromMeta: boolean }> {
  const notFound = () =>
    new NotFoundError(`${LABEL[level]} ${id} was not found in this workspace.`, {
      ...(options.field ? { details: { field: options.field } } : {}),
    });
  const known = options.known?.find((object) => object.id === id);
  if (known) {
    if (known.level !== level) throw notFound();
    return { object: known, fromMeta: false };
  }
  const accounts = (await context.adAccounts()).map((account) => account.id);
  const mirrored = (await Promise.all(accounts.map((account) => deps.objects.get(account, id)))).find(
    (object) => object !== undefined,
  );
  if (mirrored) {
    if (mirrored.level !== level) throw notFound();
    return { object: mirrored, fromMeta: false };
  }
  const tokens = await context.tokens();
  let node: Record<string, unknown>;
  try {
    node = (await withTokenFailover(tokens, (token) => deps.meta.read(level, id, token))).value;
  } catch (err: unknown) {
    // Meta's answer to an id a token cannot see, or of another level, is a refusal (#100).
    if (err instanceof MetaError && err.status < 500 && err.status !== 429) throw notFound();
    throw err;
  }
  const accountId = typeof node.account_id === 'string' ? `act_${node.account_id}` : undefined;
  const account = accountId ? await context.adAccount(accountId) : undefined;
  if (!account) throw notFound();
  const object = managedObjectFromMeta(level, node, { adAccountId: account.id, currency: account.currency });
  return { object: { ...object, updatedAt: new Date(deps.now()).toISOString() }, fromMeta: true };
}
