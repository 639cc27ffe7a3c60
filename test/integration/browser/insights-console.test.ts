/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { Browser, Page } from 'playwright-core';
import type { InsightsTruthRow, MetaSimulator } from '../../../infra/local/meta-simulator/types';
import type { LocalRuntime } from '../../../infra/local/runtime';
import { addDays, dayInZone } from '../../../shared/domain/account-days';
import { AD_STUDY_OBJECTIVES } from '../../../shared/domain/experiment';
import {
  MAX_EXPERIMENT_CELLS,
  MIN_EXPERIMENT_CELLS,
  MIN_TREATMENT_PERCENTAGE,
} from '../../../shared/domain/experiment-rules';
import { formatMoney, minorFromMajorDecimal } from '../../../shared/domain/money';
import { launchBrowser } from '../support/browser';
import { api, startTestRuntime } from '../support/runtime';

/** infra/local/console/console-money.js and console-experiments.js, as the page loads them. */
interface ConsoleModules {
  money: {
    formatDecimal(decimal: string, currency: string): string;
    sumDecimals(decimals: string[]): string;
  };
  experiments: {
    MIN_CELLS: number;
    MAX_CELLS: number;
    MIN_CELL_PERCENTAGE: number;
    AD_STUDY_OBJECTIVES: string[];
  };
}

/** What the chart instance holds: the days, spend (Meta's decimal strings) and conversions. */
interface ChartData {
  labels: string[];
  spend: (string | null)[];
  conversions: (number | null)[];
}

interface PickedAccount {
  id: string;
  currency: string;
  timezoneName?: string;
}

interface SyncedAdAccount {
  id: string;
  currency?: string;
  timezone?: string;
  accountStatus?: number;
  ownership: string;
}

/**
 * A marketer reads a campaign's numbers in the dev console: connects, opens the Insights tile,
 * runs "Refresh from Meta" and watches the job to the end; the chart (Chart.js, read back from
 * its instance) holds the campaign's spend and conversions per day exactly as Meta has them,
 * also after Meta restates conversions and the range is pulled again. Then an A/B split test
 * over two ad sets is created and cancelled.
 */
describe('dev console: Insights chart, refresh jobs and experiments in Chromium', () => {
  let rt: LocalRuntime;
  let browser: Browser;
  let page: Page;
  let account: PickedAccount;
  let today: string;
  let from: string;
  let campaignId: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ({ browser } = await launchBrowser());
    rt = await startTestRuntime();
    page = await browser.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await rt?.stop();
  });

  it("keeps the console's copies: Meta's decimal amounts formatted and summed exactly, the experiment bounds", async () => {
    await page.goto(`${rt.url}/console`);
    await page.addScriptTag({
      type: 'module',
      content:
        "import * as money from '/console/console-money.js';" +
        "import * as experiments from '/console/console-experiments.js';" +
        'window.consoleModules = { money, experiments };',
    });
    await page.waitForFunction(() => 'consoleModules' in window);
    const amounts: [string, string][] = [
      ['0', 'USD'],
      ['12.34', 'USD'],
      ['12.3', 'EUR'],
      ['1234567.89', 'GBP'],
      ['2500', 'JPY'],
      ['1234567', 'KRW'],
      ['0.07', 'USD'],
    ];
    const copies = await page.evaluate((list) => {
      const { money, experiments } = (window as unknown as { consoleModules: ConsoleModules }).consoleModules;
      return {
        formatted: list.map(([decimal, currency]) => money.formatDecimal(decimal, currency)),
        sums: [
          money.sumDecimals(['12.34', '0.66', '100.1']),
          money.sumDecimals(['0.07', '0.03']),
          money.sumDecimals([]),
        ],
        bounds: [experiments.MIN_CELLS, experiments.MAX_CELLS, experiments.MIN_CELL_PERCENTAGE],
        objectives: experiments.AD_STUDY_OBJECTIVES,
        objectiveOptions: [
          ...document.querySelectorAll<HTMLOptionElement>('#new-experiment-objective option'),
        ].map((option) => option.value),
      };
    }, amounts);
    expect(copies.formatted).toEqual(
      amounts.map(([decimal, currency]) =>
        formatMoney({ minor: minorFromMajorDecimal(decimal, currency), currency }),
      ),
    );
    expect(copies.formatted).toEqual([
      '$0.00',
      '$12.34',
      '€12.30',
      '£1,234,567.89',
      '¥2,500',
      '₩1,234,567',
      '$0.07',
    ]);
    expect(copies.sums).toEqual(['113.10', '0.10', '0']);
    expect(copies.bounds).toEqual([MIN_EXPERIMENT_CELLS, MAX_EXPERIMENT_CELLS, MIN_TREATMENT_PERCENTAGE]);
    expect(copies.objectives).toEqual([...AD_STUDY_OBJECTIVES]);
    expect(copies.objectiveOptions).toEqual(['', ...AD_STUDY_OBJECTIVES]);
  }, 30_000);

  it('connects, syncs and picks the ad account: the Insights tile opens on the last 30 days of its zone', async () => {
    await page.goto(`${rt.url}/console`);
    await page.click('#connect');
    await page.click('#continue');
    await page.waitForURL(/\/console\/integrations\/meta\?status=connected/);
    await page.click('#sync');
    await page.waitForFunction(
      () => /Sync (succeeded|partial|failed)/.test(document.querySelector('#sync-status')?.textContent ?? ''),
      null,
      { timeout: 20_000 },
    );
    expect(await page.textContent('#sync-status')).toMatch(/Sync succeeded/);
    // An active ad account owned by a Business Manager the login manages (Meta makes split
    // tests under the business), picked through the API as with curl: the picker lists only
    // the login's own ad accounts, none of them in such a business in the dev scenario.
    const synced = await api(rt, 'GET', '/meta/assets/ad-accounts?limit=200');
    const asset = (synced.body.items as SyncedAdAccount[]).find(
      (a) => a.currency && a.accountStatus === 1 && a.ownership === 'owned',
    );
    expect(asset).toBeDefined();
    account = { id: asset?.id ?? '', currency: asset?.currency ?? '', timezoneName: asset?.timezone };
    const picked = await api(rt, 'PUT', '/integrations/meta/ad-account', {
      body: { adAccountId: account.id },
    });
    expect(picked.status).toBe(200);
    await page.reload();
    await page.waitForSelector('#insights-tile:not([hidden])');
    await page.waitForFunction(
      (id) => (document.querySelector('#insights-account')?.textContent ?? '').includes(id),
      account.id,
    );

    today = dayInZone(Date.now(), account.timezoneName);
    from = addDays(today, -29);
    await page.waitForFunction(() => window.Chart?.getChart('insights-chart') !== undefined);
    expect(await page.inputValue('#insights-from')).toBe(from);
    expect(await page.inputValue('#insights-to')).toBe(today);
    expect(await page.textContent('#insights-account')).toContain(account.currency);
    expect(await page.textContent('#insights-account')).toContain(account.timezoneName ?? 'UTC');
    const drawn = await chartData(page);
    expect(drawn.labels).toHaveLength(30);
    expect(drawn.labels[0]).toBe(from);
    expect(drawn.labels[29]).toBe(today);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it("refreshes from Meta: the job runs to succeeded with its progress, and the chart holds the campaign's days as Meta has them", async () => {
    // Meta holds campaigns with 20 days of history that our mirror has never seen.
    const seeded = meta(rt).seedInsightsWorld(account.id, {
      campaigns: 2,
      adSetsPerCampaign: 2,
      adsPerAdSet: 2,
      days: 20,
    });
    campaignId = seeded?.campaigns[0]?.id ?? '';
    expect(campaignId).toMatch(/^\d+$/);

    const job = await refreshAndWait(page);
    expect(job.statuses[0]).toBe('running');
    expect(job.statuses.at(-1)).toBe('succeeded');
    expect(job.progress.value).toBe(job.progress.max);
    expect(job.text).toMatch(/pieces (\d+)\/\1 · \d+ rows read · \d+ written/);
    expect(job.written).toBeGreaterThan(0);

    // The campaign came in with the rows: the picker offers it by Meta's name.
    await page.waitForSelector(`#insights-campaign option[value="${campaignId}"]`, { state: 'attached' });
    await page.selectOption('#insights-campaign', campaignId);
    const truth = campaignTruth(rt, account.id, campaignId, from, today);
    expect(truth.length).toBeGreaterThanOrEqual(20);
    const drawn = await waitForChart(page, truth);
    expectChartEqualsTruth(drawn, truth, from, today);
    expect(await page.textContent('#insights-summary')).toContain(`${truth.length} days with rows`);
    if (process.env.CONSOLE_SCREENSHOT)
      await page.locator('#insights-tile').screenshot({ path: process.env.CONSOLE_SCREENSHOT });
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('after Meta restates conversions, another refresh makes the chart equal the new truth', async () => {
    const before = campaignTruth(rt, account.id, campaignId, from, today);
    expect(meta(rt).restateInsights(account.id, { from: addDays(today, -9), to: today, seed: 42 })).toBe(
      true,
    );
    const after = campaignTruth(rt, account.id, campaignId, from, today);
    // The restatement moved conversions and nothing else, so the old chart no longer holds.
    expect(after.map((row) => row.conversions)).not.toEqual(before.map((row) => row.conversions));
    expect(after.map((row) => row.spend)).toEqual(before.map((row) => row.spend));
    expect(expectChartEqualsTruth.bind(null, await chartData(page), after, from, today)).toThrow();

    const job = await refreshAndWait(page);
    expect(job.statuses.at(-1)).toBe('succeeded');
    // Only the restated rows were written again (the pull skips unchanged rows).
    expect(job.written).toBeGreaterThan(0);
    expect(job.written).toBeLessThan(job.rows);
    const drawn = await waitForChart(page, after);
    expectChartEqualsTruth(drawn, after, from, today);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('shows a refused refresh with its code and the field it names', async () => {
    await page.fill('#insights-from', addDays(today, 1));
    await page.click('#insights-refresh');
    await page.waitForSelector('#insights-error:not([hidden]) .error-code');
    expect(await page.textContent('#insights-error .error-code')).toBe('validation_error');
    const fields = await page.$$eval('#insights-error li[data-path]', (items) =>
      items.map((item) => (item as HTMLElement).dataset.path),
    );
    expect(fields.length).toBeGreaterThan(0);
    expect(fields.every((field) => field === 'from' || field === 'to')).toBe(true);
    expect(await page.isEnabled('#insights-refresh')).toBe(true);
    await page.fill('#insights-from', from);
  }, 30_000);

  it('creates an experiment over two ad sets and cancels it: its status reads cancelled', async () => {
    const campaign = await mutation(rt, 'POST', '/meta/campaigns', {
      name: 'Split test host',
      objective: 'OUTCOME_TRAFFIC',
      specialAdCategories: [],
    });
    const adSetIds: string[] = [];
    for (const name of ['Audience A', 'Audience B']) {
      const adSet = await mutation(rt, 'POST', '/meta/adsets', {
        campaignId: campaign.id,
        name,
        billingEvent: 'IMPRESSIONS',
        optimizationGoal: 'LINK_CLICKS',
        targeting: { geoLocations: { countries: ['US'] }, ageMin: 18 },
        dailyBudget: 2000,
      });
      adSetIds.push(adSet.id);
    }

    await page.click('#experiments-reload');
    await page.waitForSelector(
      `#new-experiment-cells li.cell:nth-child(2) .cell-objects option[value="${adSetIds[1]}"]`,
      {
        state: 'attached',
      },
    );
    // The pickers default to tomorrow and two weeks after it; two cells share 50/50.
    const start = new Date(await page.inputValue('#new-experiment-start'));
    const end = new Date(await page.inputValue('#new-experiment-end'));
    expect(start.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
    expect(Math.round((end.getTime() - start.getTime()) / 86_400_000)).toBe(14);
    expect(
      await page.$$eval('.cell-percentage', (inputs) => inputs.map((i) => (i as HTMLInputElement).value)),
    ).toEqual(['50', '50']);

    await page.fill('#new-experiment-name', 'Audience A vs B');
    await page.selectOption('#new-experiment-cells li.cell:nth-child(1) .cell-objects', [
      adSetIds[0] as string,
    ]);
    await page.selectOption('#new-experiment-cells li.cell:nth-child(2) .cell-objects', [
      adSetIds[1] as string,
    ]);
    await page.click('#create-experiment');
    await page.waitForFunction(
      () => /Created experiment/.test(document.querySelector('#create-experiment-result')?.textContent ?? ''),
      null,
      { timeout: 20_000 },
    );
    const experimentId = /exp_[0-9a-f]{24}/.exec(
      (await page.textContent('#create-experiment-result')) ?? '',
    )?.[0];
    expect(experimentId).toBeDefined();
    const item = `#experiment-${experimentId}`;
    await page.waitForSelector(`${item}[data-status="scheduled"]`);
    expect(
      await page.$$eval(`${item} tr.cell .cell-objects`, (cells) => cells.map((c) => c.textContent)),
    ).toEqual(adSetIds);
    expect(
      await page.$$eval(`${item} tr.cell .cell-percentage`, (cells) => cells.map((c) => c.textContent)),
    ).toEqual(['50 %', '50 %']);

    await page.click(`${item} .cancel-experiment`);
    await page.waitForSelector(`${item}[data-status="cancelled"]`, { timeout: 20_000 });
    expect(await page.textContent(`${item} .experiment-status`)).toBe('cancelled');
    expect(await page.isHidden(`${item} .cancel-experiment`)).toBe(true);
    const stored = await api(rt, 'GET', `/meta/experiments/${experimentId}`);
    expect(stored.body.status).toBe('cancelled');
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('shows a refused experiment beside the field it names', async () => {
    await page.fill('#new-experiment-cells li.cell:nth-child(1) .cell-percentage', '5');
    await page.fill('#new-experiment-cells li.cell:nth-child(2) .cell-percentage', '95');
    await page.click('#create-experiment');
    await page.waitForSelector('#create-experiment-error:not([hidden]) .error-code');
    expect(await page.textContent('#create-experiment-error .error-code')).toBe('validation_error');
    await page.waitForSelector('span.field-error[data-for="cells.0.treatmentPercentage"]', {
      state: 'attached',
    });
    expect(pageErrors).toEqual([]);
  }, 30_000);
});

declare global {
  interface Window {
    Chart?: {
      getChart(canvas: string): { data: { labels: string[]; datasets: { data: unknown[] }[] } } | undefined;
    };
  }
}

async function chartData(page: Page): Promise<ChartData> {
  return page.evaluate(() => {
    const chart = window.Chart?.getChart('insights-chart');
    if (!chart) throw new Error('no chart on #insights-chart');
    return {
      labels: [...chart.data.labels],
      spend: [...(chart.data.datasets[0]?.data ?? [])] as (string | null)[],
      conversions: [...(chart.data.datasets[1]?.data ?? [])] as (number | null)[],
    };
  });
}

/** The chart once it holds as many days with spend as the truth has rows. */
async function waitForChart(page: Page, truth: InsightsTruthRow[]): Promise<ChartData> {
  await page.waitForFunction(
    (days) => {
      const chart = window.Chart?.getChart('insights-chart');
      return chart?.data.datasets[0]?.data.filter((value) => value !== null).length === days;
    },
    truth.length,
    { timeout: 15_000 },
  );
  return chartData(page);
}

/** Every day of the range: Meta's spend string and conversions on days it has, a gap on the others. */
function expectChartEqualsTruth(drawn: ChartData, truth: InsightsTruthRow[], from: string, to: string): void {
  const byDay = new Map(truth.map((row) => [row.date, row]));
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  expect(drawn.labels).toEqual(days);
  expect(drawn.spend).toEqual(days.map((day) => byDay.get(day)?.spend ?? null));
  expect(drawn.conversions).toEqual(days.map((day) => byDay.get(day)?.conversions ?? null));
}

interface JobSeen {
  statuses: string[];
  progress: { value: number; max: number };
  text: string;
  rows: number;
  written: number;
}

/** Clicks "Refresh from Meta" and watches the job line until the job has ended. */
async function refreshAndWait(page: Page): Promise<JobSeen> {
  const previous = await page.$eval('#insights-job', (box) => (box as HTMLElement).dataset.jobId ?? '');
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { jobStatuses: string[] }).jobStatuses = seen;
    const status = document.querySelector('#insights-job-status') as HTMLElement;
    new MutationObserver(() => seen.push(status.textContent ?? '')).observe(status, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
  await page.click('#insights-refresh');
  await page.waitForFunction(
    (old) => {
      const jobId = (document.querySelector('#insights-job') as HTMLElement).dataset.jobId;
      const status = document.querySelector('#insights-job-status')?.textContent;
      return jobId && jobId !== old && (status === 'succeeded' || status === 'failed');
    },
    previous,
    { timeout: 90_000, polling: 200 },
  );
  // The redraw follows the job's end.
  await page.waitForFunction(
    () => (document.querySelector('#insights-refresh') as HTMLButtonElement).disabled === false,
  );
  return page.evaluate(() => {
    const progress = document.querySelector('#insights-progress') as HTMLProgressElement;
    const text = document.querySelector('#insights-job-text')?.textContent ?? '';
    const counts = /(\d+) rows read · (\d+) written/.exec(text);
    return {
      statuses: (window as unknown as { jobStatuses: string[] }).jobStatuses,
      progress: { value: progress.value, max: progress.max },
      text,
      rows: Number(counts?.[1]),
      written: Number(counts?.[2]),
    };
  });
}

/** The simulator's own handle: Meta's ground truth and its controls. */
function meta(rt: LocalRuntime): MetaSimulator {
  if (!rt.simulator) throw new Error('the runtime has no simulator');
  return rt.simulator;
}

/** What a correct client reads from Meta for one campaign, day by day. */
function campaignTruth(rt: LocalRuntime, adAccountId: string, campaignId: string, from: string, to: string) {
  const rows = meta(rt).insightsTruth(adAccountId, { level: 'campaign', from, to }) ?? [];
  return rows.filter((row) => row.entityId === campaignId).sort((a, b) => a.date.localeCompare(b.date));
}

let keys = 0;
/** A mutation through the API as the dashboard sends it (fresh Idempotency-Key); its 2xx body. */
// biome-ignore lint/suspicious/noExplicitAny: answer bodies are read freely
async function mutation(rt: LocalRuntime, method: string, path: string, body: unknown): Promise<any> {
  keys += 1;
  const answer = await api(rt, method, path, {
    body,
    headers: { 'idempotency-key': `insights-console-${keys}` },
  });
  if (answer.status >= 300)
    throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}
