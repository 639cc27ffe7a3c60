import type { CreativeRecord } from '../../domain/creative-record';
import type { CreativePage, CreativeStore } from '../creative-store';
import type { KeyedWrite } from '../keyed-write';
import type { InMemoryIdempotencyStore } from './idempotency-store';
import { pageOf } from './page-of';

/**
 * Creatives in this process's memory, with the DynamoDB store's rules, for unit tests.
 * `failNextWith` makes the next save throw having written nothing (a cancelled transaction).
 */
export class InMemoryCreativeStore implements CreativeStore {
  private readonly creatives = new Map<string, CreativeRecord>();
  private pendingFailure: Error | undefined;

  /** @param idempotency where a keyed save's answer goes, in the same step */
  constructor(private readonly idempotency?: InMemoryIdempotencyStore) {}

  failNextWith(error: Error): void {
    this.pendingFailure = error;
  }

  get all(): CreativeRecord[] {
    return structuredClone([...this.creatives.values()]);
  }

  async save(creative: CreativeRecord, keyed?: KeyedWrite): Promise<void> {
    const failure = this.pendingFailure;
    this.pendingFailure = undefined;
    if (failure) throw failure;
    if (keyed && !this.idempotency) throw new Error('InMemoryCreativeStore has no idempotency store');
    this.creatives.set(keyOf(creative), structuredClone(creative));
    if (keyed) this.idempotency?.completeNow(keyed.scope, keyed.fingerprint, keyed.answer, keyed.ttlSeconds);
  }

  async list(workspaceId: string, options: { limit: number; cursor?: string }): Promise<CreativePage> {
    const mine = [...this.creatives.entries()]
      .filter(([, creative]) => creative.workspaceId === workspaceId)
      // Newest first, as the DynamoDB sort key (time, then id) reads backwards.
      .sort(([a], [b]) => b.localeCompare(a))
      .map(([, creative]) => creative);
    return pageOf(structuredClone(mine), options.limit, options.cursor);
  }
}

function keyOf(creative: CreativeRecord): string {
  return `${creative.workspaceId}#${creative.createdAt}#${creative.id}`;
}
