import type { Asset } from '../../../shared/domain/asset-record';
import type { Controls } from '../../../shared/domain/controls';
import type { DailyMetricRow } from '../../../shared/domain/daily-metrics';
import type { CappedObject } from '../../../shared/domain/spend-caps';
import {
  guardSpend,
  type PauseCampaign,
  pausesFor,
  type SpendGuardDeps,
} from '../../../shared/insights/spend-guard';
import { InMemoryDailyMetricsStore } from '../../../shared/store/memory/daily-metrics-store';
import { InMemoryNotificationStore } from '../../../shared/store/memory/notification-store';

const NOW = Date.parse('2026-12-01T15:00:00.000Z');
const TODAY = '2026-12-01';

function row(campaignId: string, date: string, spend: string): DailyMetricRow {
  return {
    workspaceId: 'ws-1',
    adAccountId: 'act_1',
    level: 'campaign',
    entityId: campaignId,
    campaignId,
    entityName: `Campaign ${campaignId}`,
    date,
    spend,
    impressions: 1,
    clicks: 0,
    conversions: 0,
    conversionValue: '0',
    currency: 'USD',
    updatedAt: 'x',
  };
}

const campaign = (id: string, status: CappedObject['status'] = 'ACTIVE'): CappedObject => ({
  id,
  level: 'campaign',
  status,
  adAccountId: 'act_1',
  currency: 'USD',
});

async function world(controls: Controls | undefined, rows: DailyMetricRow[], mirror: CappedObject[]) {
  const metrics = new InMemoryDailyMetricsStore();
  await metrics.upsert(rows, 'now');
  const notifications = new InMemoryNotificationStore();
  const pauses: Parameters<PauseCampaign>[0][] = [];
  const failing = new Set<string>();
  const deps: SpendGuardDeps = {
    controls: { get: async () => controls },
    assets: {
      get: async (_ws, _type, id) =>
        id === 'act_1'
          ? ({ id, status: 'active', currency: 'USD', timezone: 'UTC', type: 'ad-accounts' } as Asset)
          : undefined,
    },
    metrics,
    objects: { listBudgets: async () => mirror },
    notifications,
    pauseCampaign: async (pause) => {
      pauses.push(pause);
      if (failing.has(pause.campaignId)) throw new Error('Meta is down');
    },
    now: () => NOW,
  };
  return { deps, notifications, pauses, failing };
}

const guard = (deps: SpendGuardDeps, dates = [TODAY]) =>
  guardSpend(deps, { workspaceId: 'ws-1', adAccountId: 'act_1', dates });

describe('guardSpend', () => {
  it('does nothing without caps', async () => {
    const w = await world(undefined, [row('1', TODAY, '999')], [campaign('1')]);
    await guard(w.deps);
    expect(w.notifications.items).toEqual([]);
    expect(w.pauses).toEqual([]);
  });

  it('notifies a campaign day past campaignDaily once, however often it runs; without autoPause no pause', async () => {
    const w = await world(
      { spendCaps: { campaignDaily: 5000 }, agentMatrix: [] },
      [row('1', TODAY, '60.00')],
      [campaign('1')],
    );
    await guard(w.deps);
    await guard(w.deps);
    expect(w.notifications.items).toEqual([
      expect.objectContaining({
        id: 'spend_cap:campaignDaily:act_1:1:2026-12-01',
        kind: 'spend_cap_breached',
        message:
          'Campaign "Campaign 1" (1) spent $60.00 on 2026-12-01, over the daily campaign cap of $50.00.',
        data: {
          capKind: 'campaignDaily',
          cap: 5000,
          spend: 6000,
          currency: 'USD',
          date: TODAY,
          adAccountId: 'act_1',
          campaignId: '1',
          autoPause: false,
        },
      }),
    ]);
    expect(w.pauses).toEqual([]);
  });

  it('with autoPause pauses the breaching campaign under its key, skipping ones the mirror shows not ACTIVE', async () => {
    const rows = [row('1', TODAY, '60.00'), row('2', TODAY, '70.00'), row('3', TODAY, '1.00')];
    const w = await world({ spendCaps: { campaignDaily: 5000 }, agentMatrix: [], autoPause: true }, rows, [
      campaign('1'),
      campaign('2', 'PAUSED'),
      campaign('3'),
    ]);
    await guard(w.deps);
    expect(w.pauses).toEqual([
      {
        workspaceId: 'ws-1',
        adAccountId: 'act_1',
        campaignId: '1',
        idempotencyKey: 'spend-guard:campaignDaily:1:2026-12-01',
      },
    ]);
    expect(w.notifications.items).toHaveLength(2);
  });

  it('pauses every ACTIVE campaign of an account past its cap; one failure does not stop the others', async () => {
    const rows = [row('1', TODAY, '30.00'), row('2', TODAY, '30.00')];
    const w = await world(
      { spendCaps: { adAccountDaily: { act_1: 5000 } }, agentMatrix: [], autoPause: true },
      rows,
      [campaign('1'), campaign('2'), campaign('4'), campaign('5', 'PAUSED')],
    );
    w.failing.add('1');
    await guard(w.deps);
    expect(w.pauses.map((p) => [p.campaignId, p.idempotencyKey])).toEqual([
      ['1', 'spend-guard:adAccountDaily:1:2026-12-01'],
      ['2', 'spend-guard:adAccountDaily:2:2026-12-01'],
      ['4', 'spend-guard:adAccountDaily:4:2026-12-01'],
    ]);
    expect(w.notifications.items.map((n) => [n.kind, n.id])).toEqual([
      ['spend_cap_breached', 'spend_cap:adAccountDaily:act_1:account:2026-12-01'],
      ['spend_guard_pause_failed', 'spend_guard_pause_failed:spend-guard:adAccountDaily:1:2026-12-01'],
    ]);
  });

  it('reads a lifetime from every stored row of the campaigns spending today', async () => {
    const rows = [
      row('1', TODAY, '10.00'),
      row('1', '2025-01-01', '95.00'),
      row('2', '2025-01-01', '500.00'),
    ];
    const w = await world(
      { spendCaps: { campaignLifetime: 10000 }, agentMatrix: [], autoPause: true },
      rows,
      [campaign('1'), campaign('2')],
    );
    await guard(w.deps);
    expect(w.pauses.map((p) => p.idempotencyKey)).toEqual(['spend-guard:campaignLifetime:1:2026-12-01']);
    expect(w.notifications.items[0]?.message).toBe(
      'Campaign "Campaign 1" (1) has spent $105.00, over the lifetime campaign cap of $100.00. Auto-pause is on: it is being paused.',
    );
  });

  it('guards today and yesterday only: a restated day weeks ago neither notifies nor pauses, yesterday only notifies', async () => {
    const rows = [
      row('1', '2026-11-02', '999.00'),
      row('2', '2026-11-30', '60.00'),
      row('3', TODAY, '70.00'),
    ];
    const w = await world({ spendCaps: { campaignDaily: 5000 }, agentMatrix: [], autoPause: true }, rows, [
      campaign('1'),
      campaign('2'),
      campaign('3'),
    ]);
    await guard(w.deps, ['2026-11-02', '2026-11-30', TODAY]);
    expect(w.pauses.map((p) => p.idempotencyKey)).toEqual([`spend-guard:campaignDaily:3:${TODAY}`]);
    const noticed = w.notifications.items.map((n) => [n.data?.campaignId, n.data?.date]);
    expect(noticed.sort()).toEqual([
      ['2', '2026-11-30'],
      ['3', TODAY],
    ]);
    expect(w.notifications.items.find((n) => n.data?.campaignId === '2')?.message).toContain(
      'that day is over',
    );
  });

  it('skips an ad account not in the inventory', async () => {
    const w = await world({ spendCaps: { campaignDaily: 1 }, agentMatrix: [] }, [], []);
    await guardSpend(w.deps, { workspaceId: 'ws-1', adAccountId: 'act_9', dates: [TODAY] });
    expect(w.notifications.items).toEqual([]);
  });
});

describe('pausesFor', () => {
  const breach = (capKind: 'campaignDaily' | 'adAccountDaily', date: string, campaignId?: string) => ({
    capKind,
    adAccountId: 'act_1',
    date,
    cap: 1,
    spend: 2,
    currency: 'USD',
    ...(campaignId ? { campaignId } : {}),
  });

  const mirror = new Map([
    ['1', 'ACTIVE'],
    ['2', 'ACTIVE'],
    ['3', 'PAUSED'],
  ]);

  it("pauses each campaign once, for its own cap first, and only for today's breaches", () => {
    const pauses = pausesFor(
      [
        breach('adAccountDaily', TODAY),
        breach('campaignDaily', '2026-11-30', '2'),
        breach('campaignDaily', TODAY, '1'),
      ],
      { mirror, dayRows: [], today: TODAY },
    );
    expect([...pauses].map(([id, b]) => [id, b.capKind, b.date])).toEqual([
      ['1', 'campaignDaily', TODAY],
      ['2', 'adAccountDaily', TODAY],
    ]);
  });

  it('leaves yesterday alone: its day is over and its key may have expired', () => {
    const pauses = pausesFor(
      [breach('campaignDaily', '2026-11-30', '1'), breach('adAccountDaily', '2026-11-30')],
      {
        mirror,
        dayRows: [],
        today: TODAY,
      },
    );
    expect(pauses.size).toBe(0);
  });

  it('pauses a breaching campaign the mirror does not know, and never one it knows is not ACTIVE', () => {
    const pauses = pausesFor(
      [
        breach('campaignDaily', TODAY, '3'),
        breach('campaignDaily', TODAY, '9'),
        breach('adAccountDaily', TODAY),
      ],
      {
        mirror,
        dayRows: [row('8', TODAY, '5.00'), row('3', TODAY, '1.00'), row('7', '2026-11-30', '1.00')],
        today: TODAY,
      },
    );
    expect([...pauses.keys()].sort()).toEqual(['1', '2', '8', '9']);
  });
});
