import type { ManagedLevel, ManagedObject } from '../domain/managed-object';
import { managedObjectFromMeta } from '../domain/meta-write-params';
import { withTokenFailover } from '../meta/token-failover';
import type { Principal } from '../platform/auth';
import { MetaError } from '../platform/errors';
import { logger } from '../platform/observability';
import type { CampaignDeps } from './campaign-deps';
import { findObject } from './find-object';
import { type AdObjectView, objectView } from './object-view';
import { adAccountOf, loadWorkspace } from './workspace-context';

export interface ObjectListQuery {
  limit: number;
  cursor?: string;
  adAccountId?: string;
  includeDeleted: boolean;
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

/** Meta's current state over the mirrored record; who made and approved it is ours. */
function refreshed(
  mirrored: ManagedObject,
  fromMeta: Omit<ManagedObject, 'updatedAt'>,
  nowMs: number,
): ManagedObject {
  return {
    ...fromMeta,
    ...(mirrored.createdBy ? { createdBy: mirrored.createdBy } : {}),
    ...(mirrored.approvedBy ? { approvedBy: mirrored.approvedBy } : {}),
    ...(mirrored.updatedBy ? { updatedBy: mirrored.updatedBy } : {}),
    ...(mirrored.createdAt ? { createdAt: mirrored.createdAt } : {}),
    updatedAt: new Date(nowMs).toISOString(),
  };
}
