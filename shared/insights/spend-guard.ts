import { dayInZone, monthsBefore } from '../domain/account-days';
import { DEFAULT_CONTROLS } from '../domain/controls';
import type { DailyMetricRow } from '../domain/daily-metrics';
import { formatMoney } from '../domain/money';
import type { Notification } from '../domain/notification';
import {
  breachNotificationId,
  campaignsSpendingOn,
  guardedDays,
  guardPauseKey,
  type SpendBreach,
  spendBreaches,
} from '../domain/spend-breach';
import type { CapRule } from '../domain/spend-caps';
import { ConflictError } from '../platform/errors';
import { logger } from '../platform/observability';
import type { AssetStore } from '../store/asset-store';
import type { ControlsStore } from '../store/controls-store';
import type { DailyMetricsRange, DailyMetricsStore } from '../store/daily-metrics-store';
import type { ManagedObjectStore } from '../store/managed-object-store';
import type { NotificationStore } from '../store/notification-store';
import { activeAdAccount } from './insights-ad-account';
import type { SpendGuardInput } from './spend-guard-port';

/** Pauses one campaign as actor `system` under `idempotencyKey` (the REST pause's guarded, audited path). */
export type PauseCampaign = (pause: {
  workspaceId: string;
  adAccountId: string;
  campaignId: string;
  idempotencyKey: string;
}) => Promise<void>;

/** What the spend guard reads and writes; built in spend-guard-root.ts. */
export interface SpendGuardDeps {
  controls: Pick<ControlsStore, 'get'>;
  assets: Pick<AssetStore, 'get'>;
  metrics: Pick<DailyMetricsStore, 'list' | 'rowsOf'>;
  /** The campaign mirror: which campaigns are ACTIVE. */
  objects: Pick<ManagedObjectStore, 'listBudgets'>;
  notifications: Pick<NotificationStore, 'addOnce'>;
  pauseCampaign: PauseCampaign;
  now: () => number;
}

/** Meta keeps Insights 37 months: a campaign's lifetime is every stored day since. */
const LIFETIME_MONTHS = 37;
const DAY_ROWS_PAGE = 1000;
/** The order a campaign's pause key is chosen in when it breaches several caps. */
const CAP_ORDER: readonly CapRule[] = ['campaignDaily', 'campaignLifetime', 'adAccountDaily'];

/**
 * After a pull stored fresh campaign rows of these days: each day's spend (today and
 * yesterday only, in the ad account's zone: see guardedDays) against the caps of
 * `/controls`. Each breach notifies once; with `autoPause`, today's breaches pause (see
 * pausesFor) once through the REST pause's path (actor `system`, audited, keyed
 * `spend-guard:<capKind>:<campaignId>:<date>`). One failed pause does not stop the others.
 */
export async function guardSpend(deps: SpendGuardDeps, input: SpendGuardInput): Promise<void> {
  const { workspaceId, adAccountId } = input;
  const controls = (await deps.controls.get(workspaceId)) ?? DEFAULT_CONTROLS;
  const caps = controls.spendCaps;
  const accountCap = caps.adAccountDaily?.[adAccountId];
  if (accountCap === undefined && caps.campaignDaily === undefined && caps.campaignLifetime === undefined)
    return;

  const account = await activeAdAccount(deps, workspaceId, adAccountId);
  if (!account) {
    logger.warn('spend guard: ad account not in the workspace inventory', { workspaceId, adAccountId });
    return;
  }
  const nowMs = deps.now();
  const days = guardedDays(input.dates, nowMs, account.timezone);
  const today = dayInZone(nowMs, account.timezone);
  const first = days[0];
  const last = days.at(-1);
  if (first === undefined || last === undefined) return;

  const range = { workspaceId, adAccountId, level: 'campaign' as const };
  const dayRows = await allRows(deps, { ...range, from: first, to: last });
  const currency = account.currency ?? dayRows[0]?.currency;
  if (currency === undefined) return;
  const spending = campaignsSpendingOn(dayRows);
  const lifetimeRows =
    caps.campaignLifetime !== undefined && spending.length > 0
      ? await deps.metrics.rowsOf({ ...range, from: monthsBefore(last, LIFETIME_MONTHS), to: last }, spending)
      : [];

  const breaches = spendBreaches({ caps, adAccountId, currency, days, dayRows, lifetimeRows });
  if (breaches.length === 0) return;
  const autoPause = controls.autoPause === true;
  const at = new Date(nowMs).toISOString();
  for (const breach of breaches) {
    const added = await deps.notifications.addOnce(
      breachNotification(workspaceId, breach, dayRows, autoPause, today, at),
    );
    if (added) logger.info('spend cap breached', { workspaceId, ...breach });
  }
  if (!autoPause) return;

  const mirror = new Map(
    (await deps.objects.listBudgets(adAccountId)).flatMap((object) =>
      object.level === 'campaign' && object.id ? [[object.id, object.status] as const] : [],
    ),
  );
  for (const [campaignId, breach] of pausesFor(breaches, { mirror, dayRows, today })) {
    const idempotencyKey = guardPauseKey(breach.capKind, campaignId, breach.date);
    try {
      await deps.pauseCampaign({ workspaceId, adAccountId, campaignId, idempotencyKey });
    } catch (err: unknown) {
      // Another pull's guard is pausing it under the same key right now: that one reports.
      if (err instanceof ConflictError && err.code === 'idempotency_in_flight') continue;
      logger.error('spend guard: pause failed', { workspaceId, adAccountId, campaignId, err: String(err) });
      await deps.notifications.addOnce(
        pauseFailedNotification(workspaceId, campaignId, breach, idempotencyKey, at),
      );
    }
  }
}

/**
 * Which campaigns to pause, each once, for the first breach in CAP_ORDER that concerns it:
 * its own campaign caps, else its account's cap. Only today's breaches pause: a day that is
 * over spends no more, and a pause key lives 24 h, so a breach of today is acted on exactly
 * once while yesterday's could be acted on again after its key expired. A campaign is paused
 * unless the mirror knows it is not ACTIVE (one made in Ads Manager, not mirrored yet, is
 * read from Meta by the pause itself); an account's breach pauses its ACTIVE campaigns and
 * any unmirrored one that spent that day.
 */
export function pausesFor(
  breaches: readonly SpendBreach[],
  context: {
    /** Campaign id → its mirrored status. */
    mirror: ReadonlyMap<string, string>;
    dayRows: readonly DailyMetricRow[];
    today: string;
  },
): Map<string, SpendBreach> {
  const { mirror, dayRows, today } = context;
  const ordered = breaches
    .filter((breach) => breach.date === today)
    .sort((a, b) => CAP_ORDER.indexOf(a.capKind) - CAP_ORDER.indexOf(b.capKind));
  const pausable = (id: string) => {
    const status = mirror.get(id);
    return status === undefined || status === 'ACTIVE';
  };
  const accountTargets = () => [
    ...[...mirror].flatMap(([id, status]) => (status === 'ACTIVE' ? [id] : [])),
    ...dayRows.flatMap((row) => (row.date === today && !mirror.has(row.campaignId) ? [row.campaignId] : [])),
  ];
  const pauses = new Map<string, SpendBreach>();
  for (const breach of ordered) {
    const targets = breach.campaignId === undefined ? accountTargets() : [breach.campaignId];
    for (const campaignId of targets) {
      if (pausable(campaignId) && !pauses.has(campaignId)) pauses.set(campaignId, breach);
    }
  }
  return pauses;
}

async function allRows(
  deps: Pick<SpendGuardDeps, 'metrics'>,
  range: DailyMetricsRange,
): Promise<DailyMetricRow[]> {
  const rows: DailyMetricRow[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.metrics.list(range, { limit: DAY_ROWS_PAGE, ...(cursor ? { cursor } : {}) });
    rows.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

const CAP_WORDS: Record<CapRule, string> = {
  adAccountDaily: 'daily cap of the ad account',
  campaignDaily: 'daily campaign cap',
  campaignLifetime: 'lifetime campaign cap',
};

function breachNotification(
  workspaceId: string,
  breach: SpendBreach,
  dayRows: readonly DailyMetricRow[],
  autoPause: boolean,
  today: string,
  at: string,
): Notification {
  const money = (minor: number) => formatMoney({ minor, currency: breach.currency });
  const name = dayRows.find((row) => row.campaignId === breach.campaignId)?.entityName;
  const who =
    breach.campaignId === undefined
      ? `Ad account ${breach.adAccountId}`
      : `Campaign ${name ? `"${name}" (${breach.campaignId})` : breach.campaignId}`;
  const spent =
    breach.capKind === 'campaignLifetime'
      ? `has spent ${money(breach.spend)}`
      : `spent ${money(breach.spend)} on ${breach.date}`;
  const then = !autoPause
    ? ''
    : breach.date !== today
      ? ' Auto-pause acts on today only: that day is over, nothing was paused for it.'
      : breach.campaignId === undefined
        ? ' Auto-pause is on: its active campaigns are being paused.'
        : ' Auto-pause is on: it is being paused.';
  return {
    id: breachNotificationId(breach),
    workspaceId,
    kind: 'spend_cap_breached',
    title: 'Spend cap passed',
    message: `${who} ${spent}, over the ${CAP_WORDS[breach.capKind]} of ${money(breach.cap)}.${then}`,
    at,
    data: {
      capKind: breach.capKind,
      cap: breach.cap,
      spend: breach.spend,
      currency: breach.currency,
      date: breach.date,
      adAccountId: breach.adAccountId,
      ...(breach.campaignId ? { campaignId: breach.campaignId } : {}),
      autoPause,
    },
  };
}

function pauseFailedNotification(
  workspaceId: string,
  campaignId: string,
  breach: SpendBreach,
  idempotencyKey: string,
  at: string,
): Notification {
  return {
    id: `spend_guard_pause_failed:${idempotencyKey}`,
    workspaceId,
    kind: 'spend_guard_pause_failed',
    title: 'Campaign not paused',
    message: `Campaign ${campaignId} passed a spend cap but could not be paused; the next pull tries again. Pause it in Ads Manager if it must stop now.`,
    at,
    data: { campaignId, capKind: breach.capKind, date: breach.date, adAccountId: breach.adAccountId },
  };
}
