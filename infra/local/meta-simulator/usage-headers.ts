/**
 * Meta's rate-limit headers: `X-App-Usage` on Graph answers, `X-Ad-Account-Usage` and
 * `X-Business-Use-Case-Usage` on ad account calls, errors included. Values are percent of
 * the limit; `estimated_time_to_regain_access` is in minutes, `reset_time_duration` in seconds.
 * https://developers.facebook.com/docs/graph-api/overview/rate-limiting
 */

/** Business use case of each 80000-range throttle code. */
const BUSINESS_USE_CASES: Record<number, string> = {
  80000: 'ads_insights',
  80001: 'pages',
  80002: 'instagram',
  80003: 'custom_audience',
  80004: 'ads_management',
  80005: 'leadgen',
  80006: 'messenger',
  80008: 'whatsapp_business_management',
  80009: 'catalog_management',
  80014: 'catalog_batch',
};

const ACCESS_TIER = 'standard_access';
const HOUR_MS = 3_600_000;
/** Budgets behind the simulated percentages (calls per hour). */
const APP_CALLS_PER_HOUR = 200_000;
const AD_ACCOUNT_CALLS_PER_HOUR = 10_000;

export function isThrottleCode(code: number): boolean {
  return code === 4 || code === 17 || code === 32 || code === 613 || (code >= 80000 && code <= 80014);
}

function adAccountIdOf(path: string): string | undefined {
  return /^\/act_(\d+)(?:\/|$)/.exec(path)?.[1];
}

/** The object a business use case counts against: the ad account, else the node, else the app. */
function usageObjectId(path: string, appId: string): string {
  return adAccountIdOf(path) ?? /^\/(\d+)(?:\/|$)/.exec(path)?.[1] ?? appId;
}

function percent(calls: number, budget: number): number {
  return Math.min(99, Math.floor((calls * 100) / budget));
}

const INSIGHTS_PATH = /^\/act_(\d+)\/insights(?:\/|$)/;

/**
 * Counts calls in fixed one-hour windows, enough to make the normal headers move. Insights
 * calls count in their own per-account bucket (`ads_insights`), apart from management.
 */
export class UsageMeter {
  private windowStart = 0;
  private appCalls = 0;
  private readonly adAccountCalls = new Map<string, number>();
  private readonly insightsCalls = new Map<string, number>();

  private roll(nowMs: number): void {
    if (nowMs - this.windowStart >= HOUR_MS) {
      this.windowStart = nowMs;
      this.appCalls = 0;
      this.adAccountCalls.clear();
      this.insightsCalls.clear();
    }
  }

  /**
   * Records one call of `points` (Meta: 1 for a read, 3 for a write) and returns the usage
   * headers of its answer. `adAccountId` (`act_…`) names the account of a call on one of its
   * objects (`/{campaign_id}`), whose path does not say it. `/act_{id}/insights` counts in the
   * account's Insights bucket.
   */
  record(path: string, nowMs: number, points = 1, adAccountId?: string): Record<string, string> {
    this.roll(nowMs);
    this.appCalls += 1;
    const appPercent = percent(this.appCalls, APP_CALLS_PER_HOUR);
    const headers: Record<string, string> = {
      'X-App-Usage': JSON.stringify({
        call_count: appPercent,
        total_cputime: appPercent,
        total_time: appPercent,
      }),
    };
    const insightsAccount = INSIGHTS_PATH.exec(path)?.[1];
    if (insightsAccount) return { ...headers, ...this.countInsights(insightsAccount, points) };
    const accountId = adAccountIdOf(path) ?? adAccountId?.replace(/^act_/, '');
    if (accountId) {
      const calls = (this.adAccountCalls.get(accountId) ?? 0) + points;
      this.adAccountCalls.set(accountId, calls);
      const accountPercent = percent(calls, AD_ACCOUNT_CALLS_PER_HOUR);
      headers['X-Ad-Account-Usage'] = JSON.stringify({
        acc_id_util_pct: accountPercent,
        reset_time_duration: 0,
        ads_api_access_tier: ACCESS_TIER,
      });
      headers['X-Business-Use-Case-Usage'] = JSON.stringify({
        [accountId]: [businessUseCase('ads_management', accountPercent)],
      });
    }
    return headers;
  }

  /**
   * Counts an Insights call of an ad account whose path does not name it (`/{report_run_id}`)
   * and returns its Insights headers.
   */
  recordInsights(adAccountId: string, nowMs: number, points = 1): Record<string, string> {
    this.roll(nowMs);
    return this.countInsights(adAccountId.replace(/^act_/, ''), points);
  }

  private countInsights(accountId: string, points: number): Record<string, string> {
    const calls = (this.insightsCalls.get(accountId) ?? 0) + points;
    this.insightsCalls.set(accountId, calls);
    const accountPercent = percent(calls, AD_ACCOUNT_CALLS_PER_HOUR);
    return {
      'X-FB-Ads-Insights-Throttle': JSON.stringify({
        app_id_util_pct: percent(this.appCalls, APP_CALLS_PER_HOUR),
        acc_id_util_pct: accountPercent,
        ads_api_access_tier: ACCESS_TIER,
      }),
      'X-Business-Use-Case-Usage': JSON.stringify({
        [accountId]: [businessUseCase('ads_insights', accountPercent)],
      }),
    };
  }
}

function businessUseCase(type: string, usedPercent: number): Record<string, unknown> {
  return {
    type,
    call_count: usedPercent,
    total_cputime: usedPercent,
    total_time: usedPercent,
    estimated_time_to_regain_access: 0,
    ads_api_access_tier: ACCESS_TIER,
  };
}

/** The usage headers Meta sends with a throttle error of this code on this path. */
export function throttleHeaders(
  code: number,
  path: string,
  appId: string,
  regainMinutes: number,
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (code === 4) {
    headers['X-App-Usage'] = JSON.stringify({ call_count: 100, total_cputime: 31, total_time: 42 });
    return headers;
  }
  const type = BUSINESS_USE_CASES[code] ?? (code === 32 ? 'pages' : 'ads_management');
  headers['X-Business-Use-Case-Usage'] = JSON.stringify({
    [usageObjectId(path, appId)]: [
      {
        type,
        call_count: 100,
        total_cputime: 27,
        total_time: 35,
        estimated_time_to_regain_access: regainMinutes,
        ads_api_access_tier: ACCESS_TIER,
      },
    ],
  });
  if (code === 80000) {
    headers['X-FB-Ads-Insights-Throttle'] = JSON.stringify({
      app_id_util_pct: 100,
      acc_id_util_pct: 100,
      ads_api_access_tier: ACCESS_TIER,
    });
  } else if (adAccountIdOf(path)) {
    headers['X-Ad-Account-Usage'] = JSON.stringify({
      acc_id_util_pct: 100,
      reset_time_duration: regainMinutes * 60,
      ads_api_access_tier: ACCESS_TIER,
    });
  }
  return headers;
}

/** Overlays `extra` on `base`, header names compared case-insensitively. */
export function mergeHeaders(
  base: Record<string, string>,
  extra: Record<string, string>,
): Record<string, string> {
  const merged: Record<string, string> = {};
  const overridden = new Set(Object.keys(extra).map((name) => name.toLowerCase()));
  for (const [name, value] of Object.entries(base))
    if (!overridden.has(name.toLowerCase())) merged[name] = value;
  return { ...merged, ...extra };
}
