import { listAudit } from '../../shared/campaigns/audit-service';
import { campaignRecordDeps } from '../../shared/campaigns/roots/records';
import { listAuditRoute } from '../../shared/contracts/campaigns';
import { httpRoute } from '../../shared/platform/http';

/** `GET /meta/audit`: every mutation, denied and proposed ones too. */
export const handler = httpRoute(listAuditRoute, async ({ principal, query }) => ({
  status: 200,
  body: await listAudit(campaignRecordDeps(), principal, {
    limit: query.limit,
    ...(query.cursor ? { cursor: query.cursor } : {}),
    ...(query.objectId ? { objectId: query.objectId } : {}),
    ...(query.actor ? { actor: query.actor } : {}),
  }),
}));
