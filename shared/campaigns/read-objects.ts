import type { ManagedLevel, ManagedObject } from '../domain/managed-object';
import { managedObjectFromMeta } from '../domain/meta-write-params';
import { withTokenFailover } from '../meta/token-failover';
import type { Principal } from '../platform/auth';
import { MetaError } from '../platform/errors';
import { logger } from '../platform/observability';
import type { CampaignDeps } from './campaign-deps';
import { findObject } from './find-object';
import { type AdObjectView, objectView } from './object-view';
import { refreshed } from './refreshed-object';
import { adAccountOf, loadWorkspace } from './workspace-context';

export interface ObjectListQuery {
  limit: number;
  cursor?: string;
  adAccountId?: string;
  includeDeleted: boolean;
  /** Bring the mirror up to date from Meta before listing. */
  refresh?: boolean;
  campaignId?: string;
  adSetId?: string;
}

/** A page of one level's objects of an ad account of the workspace (the picked one by default), from the mirror. */
export async function listObjects(
  deps: CampaignDeps,
  principal: Principal,
  level: ManagedLevel,
  query: ObjectListQuery,
): Promise<{ items: AdObjectView[]; nextCursor?: string }> {
  const context = await loadWorkspace(deps, principal.workspaceId);
  const account = await adAccountOf(context, query.adAccountId);
  if (query.refresh && query.cursor === undefined) await refreshAccount(deps, context, level, account);
  const page = await deps.objects.list([account.id], {
    level,
    limit: query.limit,
    includeDeleted: query.includeDeleted,
    ...(query.cursor ? { cursor: query.cursor } : {}),
    ...(query.campaignId ? { campaignId: query.campaignId } : {}),
    ...(query.adSetId ? { adSetId: query.adSetId } : {}),
  });
  return { items: page.items.map(objectView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

/**
 * One object, read fresh from Meta and the mirror brought up to date (what Ads Manager changed
 * shows at once); when Meta cannot answer now, the mirror's copy.
 */
export async function getObject(
  deps: CampaignDeps,
  principal: Principal,
  level: ManagedLevel,
  id: string,
): Promise<AdObjectView> {
  const context = await loadWorkspace(deps, principal.workspaceId);
  const found = await findObject(deps, context, level, id);
  if (found.fromMeta) {
    await deps.objects.put(found.object);
    return objectView(found.object);
  }
  const mirrored = found.object;
  try {
    const tokens = await context.tokens();
    const { value: node } = await withTokenFailover(tokens, (token) =>
      deps.meta.read(level, id, token, mirrored.adAccountId),
    );
    const fresh = refreshed(mirrored, managedObjectFromMeta(level, node, mirrored), deps.now());
    await deps.objects.put(fresh);
    return objectView(fresh);
  } catch (err: unknown) {
    if (!(err instanceof MetaError)) throw err;
    logger.info('answering from the mirror; Meta did not answer', { objectId: id, code: err.code });
    return objectView(mirrored);
  }
}

/** Writes at once while a refresh brings the mirror up to date. */
const REFRESH_WRITES = 10;

/**
 * The mirror of one level of an ad account brought up to date from Meta: objects made or
 * changed in Ads Manager appear, ours keep who made and approved them; unchanged ones are not
 * rewritten.
 */
async function refreshAccount(
  deps: CampaignDeps,
  context: Awaited<ReturnType<typeof loadWorkspace>>,
  level: ManagedLevel,
  account: { id: string; currency: string },
): Promise<void> {
  const tokens = await context.tokens();
  const [{ value: nodes }, mirrored] = await Promise.all([
    withTokenFailover(tokens, (token) => deps.meta.listOfAccount(level, account.id, token)),
    deps.objects.listAccount(account.id),
  ]);
  const byId = new Map(mirrored.map((object) => [object.id, object]));
  const changed = nodes.flatMap((node) => {
    const fromMeta = managedObjectFromMeta(level, node, {
      adAccountId: account.id,
      currency: account.currency,
    });
    const before = byId.get(fromMeta.id);
    const fresh = before
      ? refreshed(before, fromMeta, deps.now())
      : { ...fromMeta, updatedAt: new Date(deps.now()).toISOString() };
    return before && sameState(before, fresh) ? [] : [fresh];
  });
  for (let i = 0; i < changed.length; i += REFRESH_WRITES) {
    await Promise.all(changed.slice(i, i + REFRESH_WRITES).map((object) => deps.objects.put(object)));
  }
}

/** Equal but for the time of our last write and Meta's own bookkeeping. */
function sameState(a: ManagedObject, b: ManagedObject): boolean {
  const strip = ({ updatedAt: _u, ...rest }: ManagedObject & { metaUpdatedTime?: string }) => {
    const { metaUpdatedTime: _m, ...kept } = rest;
    return JSON.stringify(Object.fromEntries(Object.entries(kept).sort(([x], [y]) => x.localeCompare(y))));
  };
  return strip(a) === strip(b);
}
