import {
  blockedForSeconds,
  parseUsageHeaders,
  peakUtilizationPct,
  throttleWaitSeconds,
} from '../../../shared/domain/usage-headers';

const NOW = Date.parse('2026-08-01T12:00:00Z');

function lookup(headers: Record<string, string>) {
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return (name: string) => lower.get(name.toLowerCase());
}

describe('parseUsageHeaders', () => {
  it('reads all four usage headers', () => {
    const usage = parseUsageHeaders(
      lookup({
        'X-App-Usage': '{"call_count":28,"total_time":25,"total_cputime":12}',
        'X-Ad-Account-Usage':
          '{"acc_id_util_pct":9.67,"reset_time_duration":100,"ads_api_access_tier":"standard_access"}',
        'X-Business-Use-Case-Usage':
          '{"66782684":[{"type":"ads_management","call_count":95,"total_cputime":20,"total_time":20,"estimated_time_to_regain_access":0,"ads_api_access_tier":"development_access"}]}',
        'X-FB-Ads-Insights-Throttle':
          '{"app_id_util_pct":5,"acc_id_util_pct":40,"ads_api_access_tier":"standard_access"}',
      }),
      NOW,
    );
    expect(usage).toEqual({
      app: { callCount: 28, totalCputime: 12, totalTime: 25 },
      adAccount: { utilPct: 9.67, resetTimeDurationSeconds: 100, accessTier: 'standard_access' },
      businessUseCases: [
        {
          businessId: '66782684',
          type: 'ads_management',
          callCount: 95,
          totalCputime: 20,
          totalTime: 20,
          estimatedTimeToRegainAccessMinutes: 0,
          accessTier: 'development_access',
        },
      ],
      insights: { appUtilPct: 5, accUtilPct: 40, accessTier: 'standard_access' },
    });
  });

  it('reads several business objects and use cases', () => {
    const usage = parseUsageHeaders(
      lookup({
        'x-business-use-case-usage': JSON.stringify({
          '1': [
            { type: 'ads_insights', call_count: 100, estimated_time_to_regain_access: 12 },
            { type: 'ads_management', call_count: 10 },
          ],
          '2': [{ type: 'custom_audience', call_count: '7', estimated_time_to_regain_access: '3' }],
        }),
      }),
      NOW,
    );
    expect(
      usage.businessUseCases.map((b) => [
        b.businessId,
        b.type,
        b.callCount,
        b.estimatedTimeToRegainAccessMinutes,
      ]),
    ).toEqual([
      ['1', 'ads_insights', 100, 12],
      ['1', 'ads_management', 10, 0],
      ['2', 'custom_audience', 7, 3],
    ]);
  });

  it('ignores missing and malformed headers instead of failing the call', () => {
    expect(parseUsageHeaders(lookup({}), NOW)).toEqual({ businessUseCases: [] });
    const usage = parseUsageHeaders(
      lookup({
        'x-app-usage': 'not json',
        'x-ad-account-usage': '[1,2]',
        'x-business-use-case-usage': '{"1": "nope", "2": [null, {"call_count": "many"}]}',
        'retry-after': 'soon',
      }),
      NOW,
    );
    expect(usage.app).toBeUndefined();
    expect(usage.adAccount).toBeUndefined();
    expect(usage.retryAfterSeconds).toBeUndefined();
    expect(usage.businessUseCases).toEqual([
      {
        businessId: '2',
        callCount: 0,
        totalCputime: 0,
        totalTime: 0,
        estimatedTimeToRegainAccessMinutes: 0,
      },
    ]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseUsageHeaders(lookup({ 'Retry-After': '30' }), NOW).retryAfterSeconds).toBe(30);
    const date = new Date(NOW + 90_000).toUTCString();
    expect(parseUsageHeaders(lookup({ 'Retry-After': date }), NOW).retryAfterSeconds).toBe(90);
    const past = new Date(NOW - 90_000).toUTCString();
    expect(parseUsageHeaders(lookup({ 'Retry-After': past }), NOW).retryAfterSeconds).toBe(0);
  });

  it('never reports a negative reset time or regain time', () => {
    const usage = parseUsageHeaders(
      lookup({
        'x-ad-account-usage': '{"acc_id_util_pct":1,"reset_time_duration":-5}',
        'x-business-use-case-usage': '{"1":[{"estimated_time_to_regain_access":-2}]}',
      }),
      NOW,
    );
    expect(usage.adAccount?.resetTimeDurationSeconds).toBe(0);
    expect(usage.businessUseCases[0]?.estimatedTimeToRegainAccessMinutes).toBe(0);
  });
});

describe('peakUtilizationPct', () => {
  it('is the highest percentage of any header', () => {
    const usage = parseUsageHeaders(
      lookup({
        'x-app-usage': '{"call_count":28,"total_time":25,"total_cputime":12}',
        'x-ad-account-usage': '{"acc_id_util_pct":61}',
        'x-business-use-case-usage': '{"1":[{"call_count":10,"total_cputime":88,"total_time":3}]}',
      }),
      NOW,
    );
    expect(peakUtilizationPct(usage)).toBe(88);
  });

  it('is 0 without headers', () => {
    expect(peakUtilizationPct({ businessUseCases: [] })).toBe(0);
  });
});

describe('throttle waits', () => {
  it('takes the regain time in minutes from the business use case header', () => {
    const usage = parseUsageHeaders(
      lookup({
        'x-business-use-case-usage':
          '{"1":[{"estimated_time_to_regain_access":3},{"estimated_time_to_regain_access":1}]}',
      }),
      NOW,
    );
    expect(blockedForSeconds(usage)).toBe(180);
    expect(throttleWaitSeconds(usage)).toBe(180);
  });

  it('takes reset_time_duration in seconds from the ad account header', () => {
    const usage = parseUsageHeaders(
      lookup({ 'x-ad-account-usage': '{"acc_id_util_pct":100,"reset_time_duration":1}' }),
      NOW,
    );
    expect(blockedForSeconds(usage)).toBe(0);
    expect(throttleWaitSeconds(usage)).toBe(1);
  });

  it('takes the longest of regain time, reset time and Retry-After', () => {
    const usage = parseUsageHeaders(
      lookup({
        'x-business-use-case-usage': '{"1":[{"estimated_time_to_regain_access":1}]}',
        'x-ad-account-usage': '{"reset_time_duration":300}',
        'retry-after': '10',
      }),
      NOW,
    );
    expect(throttleWaitSeconds(usage)).toBe(300);
  });

  it('names no wait when every header says 0 (the caller backs off instead)', () => {
    const usage = parseUsageHeaders(
      lookup({
        'x-business-use-case-usage': '{"1":[{"estimated_time_to_regain_access":0}]}',
        'x-ad-account-usage': '{"reset_time_duration":0}',
      }),
      NOW,
    );
    expect(throttleWaitSeconds(usage)).toBeUndefined();
    expect(throttleWaitSeconds({ businessUseCases: [] })).toBeUndefined();
  });
});
