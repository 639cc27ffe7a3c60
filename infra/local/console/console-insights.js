// The Insights tile: one campaign's spend and conversions per day over a range (default the
// last 30 days in the ad account's time zone), read from `GET /insights` (ua_daily_metrics)
// page by page, drawn by console-insights-chart.js; "Refresh from Meta" starts a refresh job
// (`POST /insights/refresh`), follows it (`GET /insights/jobs/{jobId}`) with its progress,
// and redraws when it succeeds.
import { $, api, el, isRetryable, newMutation, query, sendMutation } from './console-api.js';
import { clearFeedback, showError, showResult } from './console-feedback.js';
import { drawInsightsChart } from './console-insights-chart.js';
import { formatDecimal, sumDecimals } from './console-money.js';

/** The default range: the last 30 days, today included. */
export const DEFAULT_RANGE_DAYS = 30;
const POLL_MS = 500;
const PAGE_LIMIT = 1000;
/** The campaign picker reads at most this many pages of each list (a dev console, not a report). */
const MAX_PICKER_PAGES = 10;
const DAY_MS = 86_400_000;

let account;
/** Bumped by every new job or account: an older job's poll loop sees it and stops. */
let followToken = 0;

/** Today in the ad account's time zone (`YYYY-MM-DD`), as Meta counts Insights days. */
export function todayIn(timeZone) {
  const format = (zone) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
  try {
    return format(timeZone ?? 'UTC').format(new Date());
  } catch {
    return format('UTC').format(new Date());
  }
}

/** `day` moved by `days`: calendar arithmetic on the date string, no local time zone. */
export function addDays(day, days) {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Every day from `from` to `to` inclusive (none when `from` is after `to` or either is not a date). */
export function daysOf(from, to) {
  const days = [];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) return days;
  for (let day = from; day <= to && days.length < 1200; day = addDays(day, 1)) days.push(day);
  return days;
}

/**
 * One series entry per day of the range from the rows of one campaign: spend as the row's
 * decimal string, conversions as its number, `null` for a day without a row. Two rows of the
 * same day (never, for one entity) would be summed exactly.
 */
export function seriesOf(rows, from, to, currency) {
  const byDay = new Map();
  for (const row of rows) {
    const seen = byDay.get(row.date);
    byDay.set(
      row.date,
      seen
        ? { spend: sumDecimals([seen.spend, row.spend]), conversions: seen.conversions + row.conversions }
        : { spend: row.spend, conversions: row.conversions },
    );
  }
  const days = daysOf(from, to);
  return {
    days,
    spend: days.map((day) => byDay.get(day)?.spend ?? null),
    conversions: days.map((day) => byDay.get(day)?.conversions ?? null),
    currency: rows[0]?.currency ?? currency,
  };
}

/** Every page of a list route (`nextCursor`), up to `maxPages`. */
async function allPages(path, params, maxPages = Number.POSITIVE_INFINITY) {
  const items = [];
  let cursor;
  for (let page = 0; page < maxPages; page += 1) {
    const answer = await api('GET', `${path}${query({ ...params, cursor })}`);
    items.push(...answer.items);
    cursor = answer.nextCursor;
    if (!cursor) break;
  }
  return items;
}

const range = () => ({ from: $('insights-from').value, to: $('insights-to').value });

/** The picked ad account (`{id, name, currency, timezoneName}`), or undefined: the tile works in it. */
export async function setAccount(picked) {
  account = picked;
  followToken += 1;
  $('insights-tile').hidden = !account;
  if (!account) return;
  $('insights-account').textContent =
    `${account.name ?? ''} (${account.id}) · ${account.currency ?? ''} · ${account.timezoneName ?? 'UTC'}`;
  const today = todayIn(account.timezoneName);
  $('insights-from').value = addDays(today, -(DEFAULT_RANGE_DAYS - 1));
  $('insights-to').value = today;
  $('insights-job').hidden = true;
  // A job of the previous account stops being followed (followToken); its button comes back.
  $('insights-refresh').disabled = false;
  await reloadInsights();
}

/** The picker and the chart for the range in the inputs; errors of either show in the tile. */
export async function reloadInsights() {
  if (!account) return;
  clearFeedback('insights');
  await loadCampaignChoices();
  await drawCampaign();
}

/**
 * The campaign picker: the mirror's campaigns of the account (deleted ones too: they spent),
 * then any campaign that has rows in the range but is not in the mirror (made and removed in
 * Ads Manager). The chosen one stays chosen; else the first with rows.
 */
async function loadCampaignChoices() {
  const select = $('insights-campaign');
  const chosen = select.value;
  const { from, to } = range();
  let campaigns = [];
  let rows = [];
  try {
    [campaigns, rows] = await Promise.all([
      allPages(
        '/meta/campaigns',
        { adAccountId: account.id, includeDeleted: 'true', limit: 100 },
        MAX_PICKER_PAGES,
      ),
      allPages(
        '/insights',
        { adAccountId: account.id, level: 'campaign', from, to, limit: PAGE_LIMIT },
        MAX_PICKER_PAGES,
      ),
    ]);
  } catch (err) {
    showError('insights', err, account.currency);
  }
  const withRows = new Set(rows.map((row) => row.entityId));
  const names = new Map(campaigns.map((campaign) => [campaign.id, campaign.name]));
  for (const row of rows)
    if (!names.has(row.entityId)) names.set(row.entityId, row.entityName ?? row.entityId);
  const ids = [...names.keys()].sort((a, b) => Number(withRows.has(b)) - Number(withRows.has(a)));
  select.replaceChildren(
    ...ids.map((id) =>
      el('option', `${names.get(id)} (${id})${withRows.has(id) ? '' : ' · no rows in range'}`, {
        value: id,
        selected: id === chosen,
      }),
    ),
  );
  $('insights-empty').hidden = ids.length > 0;
}

/** Reads the chosen campaign's rows for the range (every page) and draws them. */
async function drawCampaign() {
  const campaignId = $('insights-campaign').value;
  const { from, to } = range();
  if (!account || !campaignId) {
    drawInsightsChart($('insights-chart'), seriesOf([], from, to, account?.currency));
    $('insights-summary').textContent = '';
    return;
  }
  let rows;
  try {
    rows = await allPages('/insights', {
      adAccountId: account.id,
      level: 'campaign',
      entityIds: campaignId,
      from,
      to,
      limit: PAGE_LIMIT,
    });
  } catch (err) {
    showError('insights', err, account.currency);
    return;
  }
  const series = seriesOf(rows, from, to, account.currency);
  drawInsightsChart($('insights-chart'), series);
  const spend = sumDecimals(rows.map((row) => row.spend)) ?? '0';
  const conversions = rows.reduce((total, row) => total + row.conversions, 0);
  $('insights-summary').textContent =
    `${rows.length} day${rows.length === 1 ? '' : 's'} with rows · spend ${formatDecimal(spend, series.currency)}` +
    ` · ${conversions} conversion${conversions === 1 ? '' : 's'}`;
  $('insights-summary').dataset.spend = spend;
  $('insights-summary').dataset.conversions = String(conversions);
}

/** One line of the job as the marketer reads it, and the bar's fill. */
function showJob(job) {
  const progress = job.progress ?? { done: 0, total: 0, failed: 0 };
  $('insights-job').hidden = false;
  $('insights-job-status').textContent = job.status;
  $('insights-job-status').className = `badge ${job.status}`;
  $('insights-progress').max = Math.max(progress.total, 1);
  $('insights-progress').value = progress.done + progress.failed;
  $('insights-job-text').textContent =
    `${job.from} → ${job.to} · pieces ${progress.done}/${progress.total}` +
    (progress.failed ? ` (${progress.failed} failed)` : '') +
    ` · ${job.rows ?? 0} rows read · ${job.written ?? 0} written`;
  $('insights-job-errors').replaceChildren(
    ...(job.errors ?? []).map((error) => el('li', [el('code', error.code), el('span', ` ${error.message}`)])),
  );
}

/**
 * Starts a refresh of the range at Meta and follows it; redraws when it succeeds. The request
 * carries an Idempotency-Key like every mutation: after no answer, Retry resends the same one,
 * so a lost answer starts no second job.
 */
async function refreshFromMeta(mutation) {
  clearFeedback('insights');
  const token = ++followToken;
  $('insights-refresh').disabled = true;
  try {
    const { jobId } = (await sendMutation(mutation)).body;
    $('insights-job').dataset.jobId = jobId;
    showResult('insights', `Refresh ${jobId} started.`);
    const job = await followJob(jobId, token);
    if (job?.status === 'succeeded') {
      showResult(
        'insights',
        `Refresh ${jobId} succeeded: ${job.rows ?? 0} rows read, ${job.written ?? 0} written.`,
      );
      await loadCampaignChoices();
      await drawCampaign();
    } else if (job) {
      showResult('insights', `Refresh ${jobId} failed.`);
    }
  } catch (err) {
    showResult('insights', '');
    showError('insights', err, account?.currency);
    if (isRetryable(err) && token === followToken) {
      $('insights-retry').hidden = false;
      $('insights-retry').onclick = () => void refreshFromMeta(mutation);
    }
  } finally {
    if (token === followToken) $('insights-refresh').disabled = false;
  }
}

function refreshRange() {
  const { from, to } = range();
  return refreshFromMeta(newMutation('POST', '/insights/refresh', { adAccountId: account.id, from, to }));
}

/** Polls the job until it ends (its final state) or a newer job takes over (undefined). */
async function followJob(jobId, token) {
  for (;;) {
    if (token !== followToken) return undefined;
    const job = await api('GET', `/insights/jobs/${jobId}`);
    if (token !== followToken) return undefined;
    showJob(job);
    if (job.status !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export function setUpInsights() {
  $('insights-refresh').onclick = () => void refreshRange();
  $('insights-campaign').onchange = () => {
    clearFeedback('insights');
    void drawCampaign();
  };
  $('insights-show').onclick = () => void reloadInsights();
}
