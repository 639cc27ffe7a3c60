/**
 * The 12 `effective_status` values Meta lists for ads (campaigns and ad sets use a subset):
 * Meta derives one from an object's own `status` and its parents'. Edges and Insights leave
 * ARCHIVED and DELETED objects out unless a filter names them.
 */
export const META_EFFECTIVE_STATUSES = [
  'ACTIVE',
  'PAUSED',
  'DELETED',
  'PENDING_REVIEW',
  'DISAPPROVED',
  'PREAPPROVED',
  'PENDING_BILLING_INFO',
  'CAMPAIGN_PAUSED',
  'ARCHIVED',
  'ADSET_PAUSED',
  'IN_PROCESS',
  'WITH_ISSUES',
] as const;
export type MetaEffectiveStatus = (typeof META_EFFECTIVE_STATUSES)[number];

/** Whether `value` is one of Meta's effective statuses. */
export function isMetaEffectiveStatus(value: string): value is MetaEffectiveStatus {
  return (META_EFFECTIVE_STATUSES as readonly string[]).includes(value);
}
