import type { ManagedObject } from '../domain/managed-object';

/**
 * Meta's current state of an object over its mirrored record: who made, approved and last
 * changed it (and when it was made) are ours, Meta does not know them.
 */
export function refreshed(
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
