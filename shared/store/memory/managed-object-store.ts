import type { ManagedObject } from '../../domain/managed-object';
import type { CappedObject } from '../../domain/spend-caps';
import type {
  ManagedObjectListOptions,
  ManagedObjectPage,
  ManagedObjectStore,
} from '../managed-object-store';
import { pageOf } from './page-of';

/**
 * The managed-object mirror in this process's memory, for unit tests: a `put` replaces the
 * object whole (as the DynamoDB store's SET/REMOVE does for our fields), lists order by ad
 * account then id like the DynamoDB store.
 */
export class InMemoryManagedObjectStore implements ManagedObjectStore {
  private readonly objects = new Map<string, ManagedObject>();

  async get(adAccountId: string, id: string): Promise<ManagedObject | undefined> {
    const object = this.objects.get(keyOf(adAccountId, id));
    return object ? structuredClone(object) : undefined;
  }

  async getMany(adAccountId: string, ids: readonly string[]): Promise<ManagedObject[]> {
    return [...new Set(ids)].flatMap((id) => {
      const object = this.objects.get(keyOf(adAccountId, id));
      return object ? [structuredClone(object)] : [];
    });
  }

  async listAccount(adAccountId: string): Promise<ManagedObject[]> {
    return this.sorted().filter((o) => o.adAccountId === adAccountId);
  }

  async listBudgets(adAccountId: string): Promise<CappedObject[]> {
    return (await this.listAccount(adAccountId))
      .filter((o) => o.level !== 'ad' && (o.status === 'ACTIVE' || o.status === 'PAUSED'))
      .map(
        ({ id, level, status, adAccountId: account, currency, dailyBudget, lifetimeBudget, campaignId }) => ({
          id,
          level,
          status,
          adAccountId: account,
          currency,
          ...(dailyBudget === undefined ? {} : { dailyBudget }),
          ...(lifetimeBudget === undefined ? {} : { lifetimeBudget }),
          ...(campaignId === undefined ? {} : { campaignId }),
        }),
      );
  }

  async list(adAccountIds: readonly string[], options: ManagedObjectListOptions): Promise<ManagedObjectPage> {
    const matching = this.sorted().filter(
      (o) =>
        adAccountIds.includes(o.adAccountId) &&
        o.level === options.level &&
        (options.includeDeleted || o.status !== 'DELETED') &&
        (options.campaignId === undefined || o.campaignId === options.campaignId) &&
        (options.adSetId === undefined || o.adSetId === options.adSetId),
    );
    return pageOf(matching, options.limit, options.cursor);
  }

  async put(object: ManagedObject): Promise<void> {
    this.putNow(object);
  }

  /** `put` without awaiting, for InMemoryMutationCommit's all-or-nothing write. */
  putNow(object: ManagedObject): void {
    // What webhooks pushed stays when the new state does not know it (as in DynamoDB).
    const before = this.objects.get(keyOf(object.adAccountId, object.id));
    const kept = {
      ...(before?.effectiveStatus !== undefined ? { effectiveStatus: before.effectiveStatus } : {}),
      ...(before?.reviewFeedback !== undefined ? { reviewFeedback: before.reviewFeedback } : {}),
    };
    this.objects.set(keyOf(object.adAccountId, object.id), structuredClone({ ...kept, ...object }));
  }

  private sorted(): ManagedObject[] {
    return [...this.objects.values()]
      .sort((a, b) => a.adAccountId.localeCompare(b.adAccountId) || a.id.localeCompare(b.id))
      .map((o) => structuredClone(o));
  }
}

function keyOf(adAccountId: string, id: string): string {
  return `${adAccountId}#${id}`;
}
