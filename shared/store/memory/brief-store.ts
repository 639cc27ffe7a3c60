import type { BriefRecord } from '../../domain/creative-brief';
import type { BriefPage, BriefStore } from '../brief-store';
import type { KeyedWrite } from '../keyed-write';
import type { InMemoryIdempotencyStore } from './idempotency-store';
import { pageOf } from './page-of';

/** Briefs in this process's memory, with the DynamoDB store's rules, for unit tests. */
export class InMemoryBriefStore implements BriefStore {
  private readonly briefs = new Map<string, BriefRecord>();

  /** @param idempotency where a keyed create's answer goes, in the same step */
  constructor(private readonly idempotency?: InMemoryIdempotencyStore) {}

  async create(brief: BriefRecord, keyed?: KeyedWrite): Promise<void> {
    if (this.briefs.has(keyOf(brief.workspaceId, brief.id))) throw new Error(`Brief ${brief.id} exists`);
    if (keyed && !this.idempotency) throw new Error('InMemoryBriefStore has no idempotency store');
    this.briefs.set(keyOf(brief.workspaceId, brief.id), structuredClone(brief));
    if (keyed) this.idempotency?.completeNow(keyed.scope, keyed.fingerprint, keyed.answer, keyed.ttlSeconds);
  }

  async get(workspaceId: string, id: string): Promise<BriefRecord | undefined> {
    const brief = this.briefs.get(keyOf(workspaceId, id));
    return brief ? structuredClone(brief) : undefined;
  }

  async replace(brief: BriefRecord): Promise<boolean> {
    if (!this.briefs.has(keyOf(brief.workspaceId, brief.id))) return false;
    this.briefs.set(keyOf(brief.workspaceId, brief.id), structuredClone(brief));
    return true;
  }

  async delete(workspaceId: string, id: string): Promise<boolean> {
    return this.briefs.delete(keyOf(workspaceId, id));
  }

  async list(workspaceId: string, options: { limit: number; cursor?: string }): Promise<BriefPage> {
    const mine = [...this.briefs.values()]
      .filter((brief) => brief.workspaceId === workspaceId)
      // Newest first: brief ids sort by creation time.
      .sort((a, b) => b.id.localeCompare(a.id));
    return pageOf(structuredClone(mine), options.limit, options.cursor);
  }
}

function keyOf(workspaceId: string, id: string): string {
  return `${workspaceId}#${id}`;
}
