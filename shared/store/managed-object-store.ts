import type { ManagedLevel, ManagedObject } from '../domain/managed-object';
import type { CappedObject } from '../domain/spend-caps';

export interface ManagedObjectListOptions {
  level: ManagedLevel;
  limit: number;
  cursor?: string;
  /** DELETED objects are listed only when asked (DESIGN §5). */
  includeDeleted: boolean;
  campaignId?: string;
  adSetId?: string;
}

export interface ManagedObjectPage {
  items: ManagedObject[];
  nextCursor?: string;
}

/**
 * The campaigns, ad sets and ads we manage, in the same per-ad-account records as the
 * webhook mirror (shared/store/ad-object-mirror.ts): webhooks keep writing their status
 * fields there, this store writes the object's own fields and leaves theirs alone. A
 * record that only webhooks wrote (no name or status of ours yet: an object made in Ads
 * Manager) reads as `undefined` and is left out of lists until a refresh `put`s it.
 */
export interface ManagedObjectStore {
  get(adAccountId: string, id: string): Promise<ManagedObject | undefined>;
  /** Those of `ids` that exist, in the order asked, in as few round trips as DynamoDB allows. */
  getMany(adAccountId: string, ids: readonly string[]): Promise<ManagedObject[]>;
  /** Every object of the ad account, all levels, DELETED and ARCHIVED too (cap checks filter with isLive). */
  listAccount(adAccountId: string): Promise<ManagedObject[]>;
  /**
   * The live (ACTIVE or PAUSED) campaigns and ad sets of an ad account with only what a spend
   * cap sums: a small read however large the account's objects are.
   */
  listBudgets(adAccountId: string): Promise<CappedObject[]>;
  /** A page of one level's objects of these ad accounts (ad account by ad account, then by id). */
  list(adAccountIds: readonly string[], options: ManagedObjectListOptions): Promise<ManagedObjectPage>;
  /** Writes the object's fields; a field absent from `object` is removed (a PATCH that drops a budget). */
  put(object: ManagedObject): Promise<void>;
}
