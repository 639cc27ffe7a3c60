import type { ManagedObject } from '../../../shared/domain/managed-object';
import { spendCapBreach, spendCapError } from '../../../shared/domain/spend-caps';
import { ad, adSet, campaign } from './ad-object-fixtures';

/** Account act_1: a campaign budget campaign (100, $20/day) and an ad set budget campaign (101) with two ad sets. */
function mirroredAccount(): ManagedObject[] {
  return [
    campaign({ id: '100', dailyBudget: 2000 }),
    campaign({ id: '101' }),
    adSet({ id: '201', campaignId: '101', dailyBudget: 1000 }),
    adSet({ id: '202', campaignId: '101', dailyBudget: 1000, status: 'PAUSED' }),
    adSet({ id: '203', campaignId: '101', dailyBudget: 9000, status: 'DELETED' }),
    campaign({ id: '102', dailyBudget: 7000, status: 'ARCHIVED' }),
    ad(),
  ];
}

describe('spendCapBreach: adAccountDaily', () => {
  const caps = { adAccountDaily: { act_1: 5000 } };

  it('sums the daily budgets of live campaigns and ad sets (paused count, deleted and archived do not)', () => {
    const before = adSet({ id: '201', campaignId: '101', dailyBudget: 1000 });
    const breach = spendCapBreach(
      caps,
      { before, after: { ...before, dailyBudget: 2500 } },
      mirroredAccount(),
    );
    expect(breach).toEqual({
      rule: 'adAccountDaily',
      cap: 5000,
      current: 4000,
      requested: 5500,
      currency: 'USD',
      adAccountId: 'act_1',
    });
  });

  it('lets a change up to the cap through', () => {
    const before = adSet({ id: '201', campaignId: '101', dailyBudget: 1000 });
    expect(
      spendCapBreach(caps, { before, after: { ...before, dailyBudget: 2000 } }, mirroredAccount()),
    ).toBeUndefined();
  });

  it('adds a create to the sum', () => {
    const created = campaign({ dailyBudget: 1001 });
    const { id: _id, ...withoutId } = created;
    expect(spendCapBreach(caps, { after: withoutId }, mirroredAccount())).toMatchObject({
      current: 4000,
      requested: 5001,
    });
  });

  it('never refuses a lowering or a keeping, even over a cap lowered below the sum', () => {
    const lowered = { adAccountDaily: { act_1: 1000 } };
    const before = campaign({ id: '100', dailyBudget: 2000 });
    const renamed: ManagedObject = { ...before, name: 'renamed' };
    expect(
      spendCapBreach(lowered, { before, after: { ...before, dailyBudget: 1500 } }, mirroredAccount()),
    ).toBeUndefined();
    expect(spendCapBreach(lowered, { before, after: renamed }, mirroredAccount())).toBeUndefined();
    expect(
      spendCapBreach(lowered, { before, after: { ...before, status: 'DELETED' } }, mirroredAccount()),
    ).toBeUndefined();
  });

  it('refuses a resume of an archived campaign back into the sum', () => {
    const before = campaign({ id: '102', dailyBudget: 7000, status: 'ARCHIVED' });
    expect(
      spendCapBreach(caps, { before, after: { ...before, status: 'ACTIVE' } }, mirroredAccount()),
    ).toMatchObject({
      current: 4000,
      requested: 11_000,
    });
  });

  it('does not count ad sets of a deleted campaign', () => {
    const account = [
      campaign({ id: '101', status: 'DELETED' }),
      adSet({ id: '201', campaignId: '101', dailyBudget: 4000 }),
    ];
    const created = { ...campaign({ dailyBudget: 5000 }), id: undefined };
    expect(spendCapBreach(caps, { after: created }, account)).toBeUndefined();
  });

  it('ignores other ad accounts’ caps and objects', () => {
    const other = { adAccountDaily: { act_2: 1 } };
    const after = { ...campaign({ dailyBudget: 9999 }), id: undefined };
    expect(spendCapBreach(other, { after }, mirroredAccount())).toBeUndefined();
    const foreign = [campaign({ id: '900', adAccountId: 'act_2', dailyBudget: 4900 })];
    expect(spendCapBreach(caps, { after }, foreign)).toMatchObject({ current: 0, requested: 9999 });
  });

  it('counts yen exactly', () => {
    const yen = { adAccountDaily: { act_1: 100_000 } };
    const account = [campaign({ id: '100', currency: 'JPY', dailyBudget: 60_000 })];
    const after = { ...campaign({ currency: 'JPY', dailyBudget: 40_001 }), id: undefined };
    expect(spendCapBreach(yen, { after }, account)).toMatchObject({
      current: 60_000,
      requested: 100_001,
      currency: 'JPY',
    });
  });

  it('never checks an ad', () => {
    expect(
      spendCapBreach({ adAccountDaily: { act_1: 0 } }, { after: ad() }, mirroredAccount()),
    ).toBeUndefined();
  });
});

describe('spendCapBreach: campaign caps', () => {
  it('compares campaignDaily with a campaign’s own daily budget', () => {
    const before = campaign({ id: '100', dailyBudget: 2000 });
    const breach = spendCapBreach(
      { campaignDaily: 3000 },
      { before, after: { ...before, dailyBudget: 3500 } },
      mirroredAccount(),
    );
    expect(breach).toEqual({
      rule: 'campaignDaily',
      cap: 3000,
      current: 2000,
      requested: 3500,
      currency: 'USD',
      adAccountId: 'act_1',
      campaignId: '100',
    });
  });

  it('compares campaignDaily with the sum of the live ad sets of a campaign without a budget', () => {
    const created = { ...adSet({ campaignId: '101', dailyBudget: 1500 }), id: undefined };
    expect(spendCapBreach({ campaignDaily: 3000 }, { after: created }, mirroredAccount())).toMatchObject({
      rule: 'campaignDaily',
      current: 2000,
      requested: 3500,
      campaignId: '101',
    });
    expect(spendCapBreach({ campaignDaily: 3500 }, { after: created }, mirroredAccount())).toBeUndefined();
  });

  it('compares campaignLifetime likewise', () => {
    const account = [
      campaign({ id: '101' }),
      adSet({ id: '201', campaignId: '101', lifetimeBudget: 50_000 }),
    ];
    const before = account[1] as ManagedObject;
    expect(
      spendCapBreach(
        { campaignLifetime: 60_000 },
        { before, after: { ...before, lifetimeBudget: 70_000 } },
        account,
      ),
    ).toMatchObject({ rule: 'campaignLifetime', current: 50_000, requested: 70_000, campaignId: '101' });
    const created = { ...campaign({ lifetimeBudget: 60_001 }), id: undefined };
    const breach = spendCapBreach({ campaignLifetime: 60_000 }, { after: created }, account);
    expect(breach).toMatchObject({ rule: 'campaignLifetime', current: 0, requested: 60_001 });
    expect(breach).not.toHaveProperty('campaignId');
  });

  it('checks the account cap before the campaign caps', () => {
    const before = campaign({ id: '100', dailyBudget: 2000 });
    const caps = { adAccountDaily: { act_1: 1 }, campaignDaily: 1 };
    expect(
      spendCapBreach(caps, { before, after: { ...before, dailyBudget: 2001 } }, mirroredAccount())?.rule,
    ).toBe('adAccountDaily');
  });

  it('has nothing to say without caps', () => {
    const before = campaign({ id: '100', dailyBudget: 2000 });
    expect(
      spendCapBreach({}, { before, after: { ...before, dailyBudget: 10 ** 9 } }, mirroredAccount()),
    ).toBeUndefined();
  });
});

describe('spendCapError', () => {
  it('answers 422 spend_cap_exceeded with the amounts, formatted', () => {
    const err = spendCapError({
      rule: 'adAccountDaily',
      cap: 5000,
      current: 4000,
      requested: 6000,
      currency: 'USD',
      adAccountId: 'act_1',
    });
    expect(err.status).toBe(422);
    expect(err.code).toBe('spend_cap_exceeded');
    expect(err.message).toContain('would raise');
    expect(err.message).toContain('to $60.00/day, over the cap of $50.00');
    expect(err.message).toContain('at most $10.00/day more fits');
    expect(err.details).toEqual({
      rule: 'adAccountDaily',
      cap: 5000,
      current: 4000,
      requested: 6000,
      headroom: 1000,
      currency: 'USD',
      formatted: { cap: '$50.00', current: '$40.00', requested: '$60.00', headroom: '$10.00' },
      adAccountId: 'act_1',
    });
  });

  it('names the campaign and reads a lifetime cap in yen without /day', () => {
    const err = spendCapError({
      rule: 'campaignLifetime',
      cap: 100_000,
      current: 0,
      requested: 150_000,
      currency: 'JPY',
      adAccountId: 'act_1',
      campaignId: '100',
    });
    expect(err.message).toContain('campaign 100 to ¥150,000, over the cap of ¥100,000');
    expect(err.details).toMatchObject({ campaignId: '100', formatted: { requested: '¥150,000' } });
  });

  it('allows no more when the sum already passes the cap (headroom never negative)', () => {
    const err = spendCapError({
      rule: 'campaignDaily',
      cap: 1000,
      current: 1500,
      requested: 2000,
      currency: 'EUR',
      adAccountId: 'act_1',
      campaignId: '7',
    });
    expect(err.details).toMatchObject({ headroom: 0, formatted: { headroom: '€0.00' } });
    expect(err.message).toContain('at most €0.00/day more fits');
  });
});
