/**
 * Which webhook changes were already applied, by dedupe key, for as long as Meta may still
 * redeliver them. The consumer marks a change only after applying it in full, so a failure
 * anywhere before (enqueue, mirror, notifications) leaves no mark and the retry gets through.
 */
export interface WebhookDedupeStore {
  /** True when `key` was marked and the mark has not expired. */
  isProcessed(key: string): Promise<boolean>;
  /** Marks `key`; false when a live mark was already there (another consumer got there first). */
  markProcessed(key: string): Promise<boolean>;
}
