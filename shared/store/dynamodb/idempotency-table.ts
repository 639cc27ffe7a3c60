import { tables } from '../../../infra/resources';
import { resourceName } from '../../platform/config';

/** The idempotency table's name; its key is `id`, its TTL attribute `expiration` (epoch seconds). */
export function idempotencyTableName(): string {
  return resourceName(tables.idempotency.envVar);
}

/** Keys are scoped to the workspace: the same Idempotency-Key in two workspaces is two records. */
export function idempotencyRecordId(scope: { workspaceId: string; key: string }): string {
  return `${scope.workspaceId}#${scope.key}`;
}
