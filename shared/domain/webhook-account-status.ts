/**
 * Meta's AdAccount `account_status` and `disable_reason` enums (Marketing API AdAccount
 * reference), with the words a marketer reads in a notification. Unknown codes keep working:
 * they read as "status <n>" rather than failing the change.
 */

const ACCOUNT_STATUSES: Record<number, { name: string; label: string }> = {
  1: { name: 'ACTIVE', label: 'active' },
  2: { name: 'DISABLED', label: 'disabled' },
  3: { name: 'UNSETTLED', label: 'unsettled (a payment is overdue)' },
  7: { name: 'PENDING_RISK_REVIEW', label: 'pending a risk review' },
  8: { name: 'PENDING_SETTLEMENT', label: 'pending settlement' },
  9: { name: 'IN_GRACE_PERIOD', label: 'in its grace period' },
  100: { name: 'PENDING_CLOSURE', label: 'pending closure' },
  101: { name: 'CLOSED', label: 'closed' },
  201: { name: 'ANY_ACTIVE', label: 'active' },
  202: { name: 'ANY_CLOSED', label: 'closed' },
};

const DISABLE_REASONS: Record<number, { name: string; label: string }> = {
  0: { name: 'NONE', label: 'no reason given' },
  1: { name: 'ADS_INTEGRITY_POLICY', label: 'an advertising policy violation' },
  2: { name: 'ADS_IP_REVIEW', label: 'an intellectual-property review' },
  3: { name: 'RISK_PAYMENT', label: 'a payment risk' },
  4: { name: 'GRAY_ACCOUNT_SHUT_DOWN', label: 'the account being shut down' },
  5: { name: 'ADS_AFC_REVIEW', label: 'an advertiser review' },
  6: { name: 'BUSINESS_INTEGRITY_RAR', label: 'a business integrity review' },
  7: { name: 'PERMANENT_CLOSE', label: 'a permanent closure' },
  8: { name: 'UNUSED_RESELLER_ACCOUNT', label: 'an unused reseller account' },
  9: { name: 'UNUSED_ACCOUNT', label: 'the account being unused' },
  10: { name: 'UMBRELLA_AD_ACCOUNT', label: 'an umbrella ad account' },
  11: { name: 'BUSINESS_MANAGER_INTEGRITY_POLICY', label: 'a Business Manager policy violation' },
  12: { name: 'MISREPRESENTED_AD_ACCOUNT', label: 'a misrepresented ad account' },
  13: { name: 'AOAB_DESHARE_LEGAL_ENTITY', label: 'a legal entity being unshared' },
  14: { name: 'CTX_THREAD_REVIEW', label: 'a messaging review' },
  15: { name: 'COMPROMISED_AD_ACCOUNT', label: 'the account being compromised' },
};

/** e.g. 2 → DISABLED; unknown → STATUS_<n>. */
export function accountStatusName(code: number): string {
  return ACCOUNT_STATUSES[code]?.name ?? `STATUS_${code}`;
}

export function accountStatusLabel(code: number): string {
  return ACCOUNT_STATUSES[code]?.label ?? `status ${code}`;
}

/** e.g. 1 → ADS_INTEGRITY_POLICY; unknown → REASON_<n>. */
export function disableReasonName(code: number): string {
  return DISABLE_REASONS[code]?.name ?? `REASON_${code}`;
}

export function disableReasonLabel(code: number): string {
  return DISABLE_REASONS[code]?.label ?? `reason ${code}`;
}

/** Statuses in which the account cannot deliver ads: worth a warning, not just a note. */
export function accountStatusBlocksDelivery(code: number): boolean {
  return code !== 1 && code !== 201 && code !== 9;
}
