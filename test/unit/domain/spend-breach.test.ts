import type { DailyMetricRow } from '../../../shared/domain/daily-metrics';
import {
  breachNotificationId,
  campaignsSpendingOn,
  guardedDays,
  guardPauseKey,
  spendBreaches,
} from '../../../shared/domain/spend-breach';

function row(campaignId: string, date: string, spend: string, currency = 'USD'): DailyMetricRow {
  return {
    workspaceId: 'ws-1',
    adAccountId: 'act_1',
    level: 'campaign',
    entityId: campaignId,
    campaignId,
    date,
    spend,
    impressions: 1,
    clicks: 0,
    conversions: 0,
    conversionValue: '0',
    currency,
    updatedAt: 'x',
  };
}

const TODAY = '2026-12-01';
const base = { adAccountId: 'act_1', currency: 'USD', days: [TODAY] };

describe('guardedDays', () => {
  // 2026-12-01T03:00Z is still Nov 30 in New York and already Dec 1 in Tokyo.
  const at = Date.parse('2026-12-01T03:00:00.000Z');
  const given = ['2026-11-29', '2026-11-30', '2026-12-01', '2026-11-02'];

  it("keeps today and yesterday in the ad account's zone, nothing older", () => {
    expect(guardedDays(given, at, 'America/New_York')).toEqual(['2026-11-29', '2026-11-30']);
    expect(guardedDays(given, at, 'Asia/Tokyo')).toEqual(['2026-11-30', '2026-12-01']);
    expect(guardedDays(given, at, undefined)).toEqual(['2026-11-30', '2026-12-01']);
  });

  it('pauses nothing for a restated day weeks ago', () => {
    expect(guardedDays(['2026-11-02', '2026-11-02'], at, 'UTC')).toEqual([]);
  });
});

describe('spendBreaches', () => {
  it('compares a campaign day with campaignDaily in minor units, strictly above the cap', () => {
    const dayRows = [row('1', TODAY, '50.01'), row('2', TODAY, '50.00'), row('3', '2026-11-30', '99.00')];
    expect(spendBreaches({ ...base, caps: { campaignDaily: 5000 }, dayRows })).toEqual([
      {
        capKind: 'campaignDaily',
        adAccountId: 'act_1',
        campaignId: '1',
        date: TODAY,
        cap: 5000,
        spend: 5001,
        currency: 'USD',
      },
    ]);
  });

  it("sums the account's campaigns of each day against its adAccountDaily cap", () => {
    const dayRows = [row('1', TODAY, '30.10'), row('2', TODAY, '20.00'), row('1', '2026-11-30', '10')];
    const caps = { adAccountDaily: { act_1: 5000, act_2: 1 } };
    expect(spendBreaches({ ...base, days: ['2026-11-30', TODAY], caps, dayRows })).toEqual([
      {
        capKind: 'adAccountDaily',
        adAccountId: 'act_1',
        date: TODAY,
        cap: 5000,
        spend: 5010,
        currency: 'USD',
      },
    ]);
    // Another account's cap does not apply.
    expect(spendBreaches({ ...base, caps: { adAccountDaily: { act_2: 1 } }, dayRows })).toEqual([]);
  });

  it('counts whole units for JPY (offset 1) and cents for USD (offset 100): never 100× off', () => {
    const yen = [row('1', TODAY, '5001', 'JPY')];
    expect(spendBreaches({ ...base, currency: 'JPY', caps: { campaignDaily: 5000 }, dayRows: yen })).toEqual([
      expect.objectContaining({ spend: 5001, cap: 5000, currency: 'JPY' }),
    ]);
    const dollars = [row('1', TODAY, '5001')];
    expect(spendBreaches({ ...base, caps: { campaignDaily: 5000 }, dayRows: dollars })).toEqual([
      expect.objectContaining({ spend: 500100 }),
    ]);
    // Decimal strings never become floats: 0.1 + 0.2 is exactly 30 cents.
    const exact = [row('1', TODAY, '0.1'), row('2', TODAY, '0.2')];
    expect(spendBreaches({ ...base, caps: { adAccountDaily: { act_1: 29 } }, dayRows: exact })).toEqual([
      expect.objectContaining({ spend: 30 }),
    ]);
    expect(spendBreaches({ ...base, caps: { adAccountDaily: { act_1: 30 } }, dayRows: exact })).toEqual([]);
  });

  it("dates a passed lifetime today even before Meta reported today's row, so today's guard pauses it", () => {
    const dayRows = [row('1', '2026-11-30', '10.00')];
    const lifetimeRows = [...dayRows, row('1', '2026-10-01', '95.00')];
    const days = ['2026-11-30', TODAY];
    expect(
      spendBreaches({ ...base, days, caps: { campaignLifetime: 10000 }, dayRows, lifetimeRows }),
    ).toEqual([
      expect.objectContaining({ capKind: 'campaignLifetime', campaignId: '1', date: TODAY, spend: 10500 }),
    ]);
  });

  it('compares the lifetime of each campaign spending today with campaignLifetime, dated today', () => {
    const dayRows = [row('1', TODAY, '10.00'), row('2', TODAY, '1.00')];
    const lifetimeRows = [...dayRows, row('1', '2026-10-01', '95.00'), row('2', '2026-10-01', '1.00')];
    expect(spendBreaches({ ...base, caps: { campaignLifetime: 10000 }, dayRows, lifetimeRows })).toEqual([
      {
        capKind: 'campaignLifetime',
        adAccountId: 'act_1',
        campaignId: '1',
        date: TODAY,
        cap: 10000,
        spend: 10500,
        currency: 'USD',
      },
    ]);
  });

  it('refuses a row in another currency than the account (adding yen to cents is the 100× bug)', () => {
    const dayRows = [row('1', TODAY, '10.00', 'JPY')];
    expect(() => spendBreaches({ ...base, caps: { campaignDaily: 1 }, dayRows })).toThrow();
  });

  it('finds nothing without caps or rows', () => {
    expect(spendBreaches({ ...base, caps: {}, dayRows: [row('1', TODAY, '999')] })).toEqual([]);
    expect(spendBreaches({ ...base, caps: { campaignDaily: 0 }, dayRows: [] })).toEqual([]);
  });
});

describe('exactly-once keys', () => {
  const breach = {
    capKind: 'campaignDaily' as const,
    adAccountId: 'act_1',
    campaignId: '7',
    date: TODAY,
    cap: 1,
    spend: 2,
    currency: 'USD',
  };

  it('names the notification by cap kind, entity and date, not by amounts', () => {
    expect(breachNotificationId(breach)).toBe('spend_cap:campaignDaily:act_1:7:2026-12-01');
    expect(breachNotificationId({ ...breach, spend: 99 })).toBe(breachNotificationId(breach));
    const { campaignId: _none, ...account } = breach;
    expect(breachNotificationId({ ...account, capKind: 'adAccountDaily' })).toBe(
      'spend_cap:adAccountDaily:act_1:account:2026-12-01',
    );
  });

  it('keys the pause by cap kind, campaign and date', () => {
    expect(guardPauseKey('campaignLifetime', '7', TODAY)).toBe('spend-guard:campaignLifetime:7:2026-12-01');
  });

  it('lists the campaigns spending on the guarded days', () => {
    expect(
      campaignsSpendingOn([row('1', TODAY, '1'), row('1', '2026-11-30', '1'), row('2', TODAY, '0')]),
    ).toEqual(['1', '2']);
  });
});
