import type { ActorKind } from '../domain/managed-object';
import type { AuditEntry } from '../domain/mutation';

export interface AuditListOptions {
  limit: number;
  cursor?: string;
  objectId?: string;
  actorKind?: ActorKind;
  actorSub?: string;
}

export interface AuditPage {
  items: AuditEntry[];
  nextCursor?: string;
}

/** Every mutation of a workspace, denied and proposed ones too (DESIGN §5 audit entry). */
export interface AuditStore {
  append(entry: AuditEntry): Promise<void>;
  /** Newest first; filters keep filling the page until `limit` entries or the end. */
  list(workspaceId: string, options: AuditListOptions): Promise<AuditPage>;
}
