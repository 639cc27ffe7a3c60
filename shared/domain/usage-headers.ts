import * as z from 'zod';

/**
 * Meta's rate-limit usage headers, read on every response, errors included (Meta sends no
 * Retry-After of its own; the wait comes from these).
 * https://developers.facebook.com/docs/graph-api/overview/rate-limiting
 */
export interface UsageSnapshot {
  /** `X-App-Usage`: percent of the app's platform limit. */
  app?: { callCount: number; totalCputime: number; totalTime: number };
  /** `X-Ad-Account-Usage`: percent of the ad account's limit; seconds until it resets. */
  adAccount?: { utilPct: number; resetTimeDurationSeconds: number; accessTier?: string };
  /** `X-Business-Use-Case-Usage`: one entry per business object and use case. */
  businessUseCases: BusinessUseCaseUsage[];
  /** `X-FB-Ads-Insights-Throttle` on Insights calls. */
  insights?: { appUtilPct: number; accUtilPct: number; accessTier?: string };
  /** A standard `Retry-After` (seconds or HTTP date), should a proxy or a stand-in send one. */
  retryAfterSeconds?: number;
}

export interface BusinessUseCaseUsage {
  businessId: string;
  type?: string;
  callCount: number;
  totalCputime: number;
  totalTime: number;
  /** Minutes until the business object may call again; 0 when not blocked. */
  estimatedTimeToRegainAccessMinutes: number;
  accessTier?: string;
}

/** Reads one response header by name (case-insensitive, like `Headers.get`). */
export type HeaderLookup = (name: string) => string | null | undefined;

/** A number Meta may send as a number or a numeric string; anything else counts as absent. */
const num = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^\s*-?\d+(\.\d+)?\s*$/)
      .transform(Number),
  ])
  .optional()
  .catch(undefined);
const text = z.string().optional().catch(undefined);

const appUsage = z.object({ call_count: num, total_cputime: num, total_time: num });
const adAccountUsage = z.object({
  acc_id_util_pct: num,
  reset_time_duration: num,
  ads_api_access_tier: text,
});
const bucEntry = z.object({
  type: text,
  call_count: num,
  total_cputime: num,
  total_time: num,
  estimated_time_to_regain_access: num,
  ads_api_access_tier: text,
});
const bucUsage = z.record(z.string(), z.unknown());
const insightsThrottle = z.object({ app_id_util_pct: num, acc_id_util_pct: num, ads_api_access_tier: text });

/**
 * Parses the usage headers of one response; a missing or malformed header is simply absent.
 * @example parseUsageHeaders((n) => headers.get(n), Date.now())
 */
export function parseUsageHeaders(header: HeaderLookup, nowMs: number): UsageSnapshot {
  const snapshot: UsageSnapshot = { businessUseCases: [] };

  const app = parseJson(header('x-app-usage'), appUsage);
  if (app) {
    snapshot.app = {
      callCount: app.call_count ?? 0,
      totalCputime: app.total_cputime ?? 0,
      totalTime: app.total_time ?? 0,
    };
  }

  const account = parseJson(header('x-ad-account-usage'), adAccountUsage);
  if (account) {
    snapshot.adAccount = {
      utilPct: account.acc_id_util_pct ?? 0,
      resetTimeDurationSeconds: Math.max(0, account.reset_time_duration ?? 0),
      ...(account.ads_api_access_tier === undefined ? {} : { accessTier: account.ads_api_access_tier }),
    };
  }

  const buc = parseJson(header('x-business-use-case-usage'), bucUsage);
  for (const [businessId, entries] of Object.entries(buc ?? {})) {
    if (!Array.isArray(entries)) continue;
    for (const raw of entries) {
      const entry = bucEntry.safeParse(raw);
      if (!entry.success) continue;
      const e = entry.data;
      snapshot.businessUseCases.push({
        businessId,
        ...(e.type === undefined ? {} : { type: e.type }),
        callCount: e.call_count ?? 0,
        totalCputime: e.total_cputime ?? 0,
        totalTime: e.total_time ?? 0,
        estimatedTimeToRegainAccessMinutes: Math.max(0, e.estimated_time_to_regain_access ?? 0),
        ...(e.ads_api_access_tier === undefined ? {} : { accessTier: e.ads_api_access_tier }),
      });
    }
  }

  const insights = parseJson(header('x-fb-ads-insights-throttle'), insightsThrottle);
  if (insights) {
    snapshot.insights = {
      appUtilPct: insights.app_id_util_pct ?? 0,
      accUtilPct: insights.acc_id_util_pct ?? 0,
      ...(insights.ads_api_access_tier === undefined ? {} : { accessTier: insights.ads_api_access_tier }),
    };
  }

  const retryAfter = parseRetryAfter(header('retry-after'), nowMs);
  if (retryAfter !== undefined) snapshot.retryAfterSeconds = retryAfter;
  return snapshot;
}

/** The highest utilization any header reports, in percent (0 when none). */
export function peakUtilizationPct(usage: UsageSnapshot): number {
  const values = [
    usage.app?.callCount,
    usage.app?.totalCputime,
    usage.app?.totalTime,
    usage.adAccount?.utilPct,
    usage.insights?.appUtilPct,
    usage.insights?.accUtilPct,
    ...usage.businessUseCases.flatMap((b) => [b.callCount, b.totalCputime, b.totalTime]),
  ];
  return Math.max(0, ...values.filter((v): v is number => v !== undefined && Number.isFinite(v)));
}

/**
 * Seconds Meta says the caller is blocked for, on any response: the longest
 * `estimated_time_to_regain_access` (minutes). 0 when not blocked.
 */
export function blockedForSeconds(usage: UsageSnapshot): number {
  return Math.max(0, ...usage.businessUseCases.map((b) => b.estimatedTimeToRegainAccessMinutes * 60));
}

/**
 * How long to wait after a throttling error, from the headers: the longest of
 * `estimated_time_to_regain_access` (minutes), `reset_time_duration` (seconds) and Retry-After.
 * `undefined` when no header names a wait: the caller backs off exponentially instead.
 */
export function throttleWaitSeconds(usage: UsageSnapshot): number | undefined {
  const wait = Math.max(
    blockedForSeconds(usage),
    usage.adAccount?.resetTimeDurationSeconds ?? 0,
    usage.retryAfterSeconds ?? 0,
  );
  return wait > 0 ? wait : undefined;
}

function parseJson<T extends z.ZodType>(
  value: string | null | undefined,
  schema: T,
): z.output<T> | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}
