import { AdObjectStore } from '@infra/local/meta-simulator/ad-object-store';
import { IdList } from '@infra/local/meta-simulator/id-list';
import { attributionParam, windowsOf } from '@infra/local/meta-simulator/insights-attribution';
import { adDayMetrics, metaDecimal } from '@infra/local/meta-simulator/insights-metrics';
import { readInsightsRequest } from '@infra/local/meta-simulator/insights-params';
import { insightsPage } from '@infra/local/meta-simulator/insights-rendering';
import { type InsightsRowQuery, insightsRows } from '@infra/local/meta-simulator/insights-rows';
import { InsightsStore, resolveInsightsOptions } from '@infra/local/meta-simulator/insights-store';

const DAY_MS = 86_400_000;
const NOW = Date.UTC(2026, 11, 1, 12);
const ACT = 'act_1';

function graphError(fn: () => unknown): { code?: number; message?: string } {
  try {
    fn();
  } catch (err: unknown) {
    return (err as { fields: { code: number; message: string } }).fields;
  }
  throw new Error('expected a Graph error');
}

describe('Insights metrics generator', () => {
  it('is deterministic per (ad, date) and differs across days', () => {
    expect(adDayMetrics('9', '2026-11-01', 'USD')).toEqual(adDayMetrics('9', '2026-11-01', 'USD'));
    expect(adDayMetrics('9', '2026-11-01', 'USD')).not.toEqual(adDayMetrics('9', '2026-11-02', 'USD'));
  });

  it('never counts more 1-day click purchases than 7-day ones, restated or not', () => {
    for (let d = 1; d <= 28; d += 1) {
      const date = `2026-11-${String(d).padStart(2, '0')}`;
      const m = adDayMetrics('42', date, 'EUR', [{ from: '2026-11-10', to: '2026-11-20', seed: 3 }]);
      expect(m.purchases['1d_click']).toBeLessThanOrEqual(m.purchases['7d_click']);
      expect(m.clicks).toBeLessThanOrEqual(m.impressions);
    }
  });

  it('a restatement changes purchases and their value on its days only, nothing else', () => {
    const restated = [{ from: '2026-11-10', to: '2026-11-10', seed: 1 }];
    const before = adDayMetrics('7', '2026-11-10', 'USD');
    const after = adDayMetrics('7', '2026-11-10', 'USD', restated);
    expect({ ...after, purchases: 0, purchaseValueMinor: 0 }).toEqual({
      ...before,
      purchases: 0,
      purchaseValueMinor: 0,
    });
    expect(after.purchases['1d_click']).toBeGreaterThan(before.purchases['1d_click']);
    expect(after.purchases['7d_click']).toBeGreaterThan(before.purchases['7d_click']);
    expect(adDayMetrics('7', '2026-11-11', 'USD', restated)).toEqual(adDayMetrics('7', '2026-11-11', 'USD'));
  });

  it('writes money as Meta does: two decimals, whole units for JPY, "0" for nothing', () => {
    expect(metaDecimal(1234, 'USD')).toBe('12.34');
    expect(metaDecimal(1230, 'USD')).toBe('12.30');
    expect(metaDecimal(5, 'EUR')).toBe('0.05');
    expect(metaDecimal(1234, 'JPY')).toBe('1234');
    expect(metaDecimal(0, 'USD')).toBe('0');
  });
});

describe('attribution settings', () => {
  const params = (spec: unknown) => new URLSearchParams({ attribution_spec: JSON.stringify(spec) });

  it('reads Meta attribution_spec and counts the matching windows', () => {
    const oneDay = attributionParam(params([{ event_type: 'CLICK_THROUGH', window_days: 1 }]));
    expect(oneDay).toEqual({ clickDays: 1, viewDays: 0 });
    expect(windowsOf({ clickDays: 1, viewDays: 0 })).toEqual(['1d_click']);
    const standard = attributionParam(
      params([
        { event_type: 'CLICK_THROUGH', window_days: 7 },
        { event_type: 'VIEW_THROUGH', window_days: 1 },
      ]),
    );
    expect(windowsOf(standard ?? { clickDays: 1, viewDays: 0 })).toEqual(['7d_click', '1d_view']);
    expect(attributionParam(new URLSearchParams())).toBeUndefined();
  });

  it('refuses the retired 7-day view window and a spec without a click window', () => {
    expect(
      graphError(() =>
        attributionParam(
          params([
            { event_type: 'CLICK_THROUGH', window_days: 7 },
            { event_type: 'VIEW_THROUGH', window_days: 7 },
          ]),
        ),
      ).code,
    ).toBe(100);
    expect(
      graphError(() => attributionParam(params([{ event_type: 'VIEW_THROUGH', window_days: 1 }]))).code,
    ).toBe(100);
  });
});

describe('Insights request parameters', () => {
  const base = {
    level: 'ad',
    time_increment: '1',
    time_range: JSON.stringify({ since: '2026-11-01', until: '2026-11-30' }),
  };
  const read = (over: Record<string, string>) =>
    readInsightsRequest(new URLSearchParams({ ...base, ...over }), ACT, '2026-12-01');

  it('reads level, range, unified flag and status filters', () => {
    const request = read({
      use_unified_attribution_setting: 'true',
      filtering: JSON.stringify([{ field: 'ad.effective_status', operator: 'IN', value: ['ARCHIVED'] }]),
      fields: 'ad_id,spend',
    });
    expect(request.query).toMatchObject({
      level: 'ad',
      since: '2026-11-01',
      until: '2026-11-30',
      unified: true,
    });
    expect(request.query.filters[0]?.values.has('ARCHIVED')).toBe(true);
    expect(request.fields).toEqual(['ad_id', 'spend']);
  });

  it('refuses since after until, ranges past 37 months (#3018), unknown fields and statuses', () => {
    expect(
      graphError(() => read({ time_range: JSON.stringify({ since: '2026-11-02', until: '2026-11-01' }) }))
        .code,
    ).toBe(100);
    expect(
      graphError(() => read({ time_range: JSON.stringify({ since: '2023-10-31', until: '2026-11-01' }) }))
        .code,
    ).toBe(3018);
    expect(() =>
      read({ time_range: JSON.stringify({ since: '2023-11-01', until: '2023-11-02' }) }),
    ).not.toThrow();
    expect(graphError(() => read({ fields: 'spend,cpm_magic' })).message).toContain('cpm_magic');
    expect(
      graphError(() =>
        read({
          filtering: JSON.stringify([{ field: 'ad.effective_status', operator: 'IN', value: ['GONE'] }]),
        }),
      ).code,
    ).toBe(100);
    expect(
      graphError(() =>
        read({
          level: 'campaign',
          filtering: JSON.stringify([{ field: 'ad.effective_status', operator: 'IN', value: ['ACTIVE'] }]),
        }),
      ).code,
    ).toBe(100);
  });
});

describe('Insights rows', () => {
  function world() {
    const store = new AdObjectStore();
    store.nowMs = () => NOW;
    const createdMs = NOW - 4 * DAY_MS;
    const base = (id: string) => ({
      id,
      adAccountId: ACT,
      name: `n${id}`,
      createdMs,
      updatedMs: createdMs,
      labelIds: new IdList(),
    });
    store.addCampaign({
      ...base('c1'),
      status: 'ACTIVE',
      objective: 'OUTCOME_SALES',
      specialAdCategories: [],
    });
    const adset = { campaignId: 'c1', billingEvent: 'IMPRESSIONS', targeting: {}, budgetChangesMs: [] };
    store.addAdset({ ...base('s1'), ...adset, status: 'ACTIVE', attribution: { clickDays: 1, viewDays: 0 } });
    store.addAdset({ ...base('s2'), ...adset, status: 'ACTIVE' });
    const ad = { campaignId: 'c1', creativeId: '', review: { decidedAtMs: createdMs } };
    store.addAd({ ...base('a1'), ...ad, adsetId: 's1', status: 'ACTIVE' });
    store.addAd({ ...base('a2'), ...ad, adsetId: 's1', status: 'ARCHIVED', updatedMs: NOW });
    store.addAd({ ...base('a3'), ...ad, adsetId: 's2', status: 'DELETED', updatedMs: NOW });
    return store;
  }
  const account = { currency: 'USD', timezoneName: 'UTC', restatements: [] };
  const query = (over: Partial<InsightsRowQuery>): InsightsRowQuery => ({
    adAccountId: ACT,
    level: 'ad',
    since: '2026-11-01',
    until: '2026-12-01',
    unified: true,
    filters: [],
    ...over,
  });
  const all = {
    level: 'ad' as const,
    kind: 'effective_status' as const,
    include: true,
    values: new Set(['ACTIVE', 'ARCHIVED', 'DELETED']),
  };

  it('hides ARCHIVED and DELETED ads unless the status filter names them', () => {
    const hidden = insightsRows(world(), account, query({}), NOW);
    expect(new Set(hidden.map((r) => r.entityId))).toEqual(new Set(['a1']));
    const shown = insightsRows(world(), account, query({ filters: [all] }), NOW);
    expect(new Set(shown.map((r) => r.entityId))).toEqual(new Set(['a1', 'a2', 'a3']));
    // From the created day (4 days ago) to today (removed today): 5 days each, ordered by date.
    expect(shown).toHaveLength(15);
    expect(shown.map((r) => r.date)).toEqual([...shown.map((r) => r.date)].sort());
  });

  it('sums ads into ad sets and campaigns, each ad set under its own setting when unified', () => {
    const store = world();
    const ads = insightsRows(store, account, query({ filters: [all] }), NOW);
    const campaigns = insightsRows(store, account, query({ level: 'campaign' }), NOW);
    const day = '2026-11-28';
    const dayAds = ads.filter((r) => r.date === day);
    const campaignDay = campaigns.find((r) => r.date === day);
    expect(campaignDay?.spendMinor).toBe(dayAds.reduce((sum, r) => sum + r.spendMinor, 0));
    expect(campaignDay?.purchases).toBe(dayAds.reduce((sum, r) => sum + r.purchases, 0));
    const oneDayClick = adDayMetrics('a1', day, 'USD').purchases['1d_click'];
    expect(dayAds.find((r) => r.entityId === 'a1')?.purchases).toBe(oneDayClick);
    const standard = adDayMetrics('a1', day, 'USD');
    const notUnified = insightsRows(store, account, query({ unified: false }), NOW).find(
      (r) => r.date === day,
    );
    expect(notUnified?.purchases).toBe(standard.purchases['7d_click'] + standard.purchases['1d_view']);
  });

  it('spends the traps of the next jobs before the row limit', () => {
    const store = new InsightsStore();
    store.options = resolveInsightsOptions({
      syncRowLimit: 10,
      asyncJobMs: 0,
      stallAtHundred: 1,
      failJobs: 1,
      asyncRowLimit: 5,
    });
    expect([store.nextFate(1), store.nextFate(1), store.nextFate(1), store.nextFate(6)]).toEqual([
      'stall',
      'fail',
      'complete',
      'fail',
    ]);
  });

  it('refuses an Insights cursor older than its age as #2642, and on demand for the next N reads', () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ i })) as never[];
    const link = { url: 'http://sim/v1/act_1/insights', params: new URLSearchParams() };
    const render = () => ({});
    const first = insightsPage(rows, { limit: 2 }, link, render, { nowMs: NOW }) as {
      paging: { cursors: { after: string } };
    };
    const after = first.paging.cursors.after;
    const fresh = { nowMs: NOW + 59_000, maxAgeMs: 60_000 };
    expect(insightsPage(rows, { limit: 2, after }, link, render, fresh)).toMatchObject({ data: [{}, {}] });
    const stale = { nowMs: NOW + 61_000, maxAgeMs: 60_000 };
    expect(graphError(() => insightsPage(rows, { limit: 2, after }, link, render, stale))).toMatchObject({
      code: 2642,
      message: '(#2642) Invalid cursors values',
    });
    const store = new InsightsStore();
    store.options = resolveInsightsOptions({ invalidCursors: 1 });
    expect([store.spendInvalidCursor(), store.spendInvalidCursor()]).toEqual([true, false]);
  });
});
