import { randomBytes } from 'node:crypto';

/** Ids that sort by time (audit entries and approvals list newest first by key). */
export function newTimeSortableId(): string {
  return `${Date.now().toString(36).padStart(9, '0')}${randomBytes(6).toString('hex')}`;
}
