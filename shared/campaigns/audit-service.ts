import type { AuditEntry } from '../domain/mutation';
import type { Principal } from '../platform/auth';
import type { CampaignDeps } from './campaign-deps';
import { objectView } from './object-view';

/** The audit trail, newest first; an agent reads the entries of its own actions. */
export async function listAudit(
  deps: Pick<CampaignDeps, 'audit'>,
  principal: Principal,
  query: { limit: number; cursor?: string; objectId?: string; actor?: AuditEntry['actor']['kind'] },
) {
  const page = await deps.audit.list(principal.workspaceId, {
    limit: query.limit,
    ...(query.cursor ? { cursor: query.cursor } : {}),
    ...(query.objectId ? { objectId: query.objectId } : {}),
    ...(principal.actor === 'agent'
      ? { actorKind: 'agent' as const, actorSub: principal.sub }
      : query.actor
        ? { actorKind: query.actor }
        : {}),
  });
  return {
    items: page.items.map(({ workspaceId: _ws, before, after, actor, ...entry }) => ({
      ...entry,
      actor: { kind: actor.kind, sub: actor.sub },
      ...(before ? { before: objectView(before) } : {}),
      ...(after ? { after: objectView(after) } : {}),
    })),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}
