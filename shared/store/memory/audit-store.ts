import type { AuditEntry } from '../../domain/mutation';
import type { AuditListOptions, AuditPage, AuditStore } from '../audit-store';
import { pageOf } from './page-of';

/** The audit trail in this process's memory, for unit tests; `entries` in append order. */
export class InMemoryAuditStore implements AuditStore {
  readonly entries: AuditEntry[] = [];

  async append(entry: AuditEntry): Promise<void> {
    this.appendNow(entry);
  }

  /** `append` without awaiting, for InMemoryMutationCommit's all-or-nothing write. */
  appendNow(entry: AuditEntry): void {
    this.entries.push(structuredClone(entry));
  }

  async list(workspaceId: string, options: AuditListOptions): Promise<AuditPage> {
    const matching = this.entries
      .filter(
        (e) =>
          e.workspaceId === workspaceId &&
          (options.objectId === undefined || e.objectId === options.objectId) &&
          (options.actorKind === undefined || e.actor.kind === options.actorKind) &&
          (options.actorSub === undefined || e.actor.sub === options.actorSub),
      )
      // Newest first, as the DynamoDB store's `AUDIT#<at>#<id>` keys sort in reverse.
      .sort((a, b) => `${b.at}#${b.id}`.localeCompare(`${a.at}#${a.id}`));
    return pageOf(structuredClone(matching), options.limit, options.cursor);
  }
}
