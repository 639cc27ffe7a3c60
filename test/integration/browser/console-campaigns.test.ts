/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { Browser, Page, Request } from 'playwright-core';
import type { LocalRuntime } from '../../../infra/local/runtime';
import {
  BILLING_EVENTS,
  OPTIMIZATION_GOALS,
  OUTCOME_OBJECTIVES,
  SPECIAL_AD_CATEGORIES,
} from '../../../shared/contracts/ad-object-schemas';
import { managedLevels, mutationActions } from '../../../shared/domain/managed-object';
import { currencyOffset, formatMoney, minorFromMajorDecimal } from '../../../shared/domain/money';
import { launchBrowser } from '../support/browser';
import { api, startTestRuntime } from '../support/runtime';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** infra/local/console/console-money.js, as the page loads it. */
interface ConsoleMoney {
  WHOLE_UNIT_CURRENCIES: string[];
  majorToMinor(text: string, currency: string): number;
  formatMinor(minor: number, currency: string): string;
}

interface PickedAccount {
  id: string;
  currency: string;
}

/**
 * A marketer manages campaigns in the dev console: connect, pick the ad account, create a
 * campaign with a daily budget typed in major units, see it listed in the account's currency,
 * pause it, read the audit trail; set caps and the agent matrix; approve an agent's request.
 */
describe('dev console: campaign management in Chromium', () => {
  let rt: LocalRuntime;
  let browser: Browser;
  let page: Page;
  let account: PickedAccount;

  /** What the marketer types for a budget of about 25 in the account's currency. */
  const typed = (zeroDecimal: string, twoDecimal: string) =>
    currencyOffset(account.currency) === 1 ? zeroDecimal : twoDecimal;
  const formatted = (minor: number) => formatMoney({ minor, currency: account.currency });

  beforeAll(async () => {
    ({ browser } = await launchBrowser());
    rt = await startTestRuntime();
    page = await browser.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await rt?.stop();
  });

  it("keeps the console's copies of the contract's lists (currencies, objectives, goals, matrix)", async () => {
    await page.goto(`${rt.url}/console`);
    // The module is loaded by the page itself: the test's own code is compiled to CommonJS.
    await page.addScriptTag({
      type: 'module',
      content: "import * as money from '/console/console-money.js'; window.consoleMoney = money;",
    });
    await page.waitForFunction(() => 'consoleMoney' in window);
    const copies = await page.evaluate(() => {
      const money = (window as unknown as { consoleMoney: ConsoleMoney }).consoleMoney;
      const options = (id: string) =>
        [...(document.querySelectorAll(`#${id} option`) as NodeListOf<HTMLOptionElement>)].map(
          (o) => o.value,
        );
      return {
        wholeUnit: money.WHOLE_UNIT_CURRENCIES,
        conversions: [
          ['25.5', 'USD'],
          ['25.50', 'EUR'],
          ['2500', 'JPY'],
          ['2500.00', 'KRW'],
          ['0.07', 'GBP'],
          ['1234567', 'IDR'],
        ].map(([text = '', currency = '']) => money.majorToMinor(text, currency)),
        refused: ['25.505', '12.5 JPY', '1,000', '-3', ''].map((text) => {
          try {
            money.majorToMinor(text, text.includes('JPY') ? 'JPY' : 'USD');
            return 'accepted';
          } catch (err) {
            return (err as Error).constructor.name;
          }
        }),
        zeroDecimalRefused: (() => {
          try {
            money.majorToMinor('12.5', 'JPY');
            return 'accepted';
          } catch (err) {
            return (err as Error).constructor.name;
          }
        })(),
        formatted: [money.formatMinor(2550, 'USD'), money.formatMinor(2500, 'JPY')],
        objectives: options('new-campaign-objective'),
        categories: [
          ...(document.querySelectorAll('#new-campaign-categories input') as NodeListOf<HTMLInputElement>),
        ].map((box) => box.value),
        billingEvents: options('new-adset-billing-event'),
        goals: options('new-adset-optimization-goal'),
        matrixCells: [...document.querySelectorAll('#controls-matrix select')].map((s) => s.id),
      };
    });

    for (const currency of copies.wholeUnit) expect(currencyOffset(currency)).toBe(1);
    for (const currency of ['USD', 'EUR', 'GBP', 'BRL', 'INR', 'MXN', 'CHF', 'AUD', 'KWD', 'BHD'])
      expect(copies.wholeUnit.includes(currency)).toBe(currencyOffset(currency) === 1);
    expect(copies.conversions).toEqual([
      minorFromMajorDecimal('25.5', 'USD'),
      minorFromMajorDecimal('25.50', 'EUR'),
      minorFromMajorDecimal('2500', 'JPY'),
      minorFromMajorDecimal('2500.00', 'KRW'),
      minorFromMajorDecimal('0.07', 'GBP'),
      minorFromMajorDecimal('1234567', 'IDR'),
    ]);
    expect(copies.conversions).toEqual([2550, 2550, 2500, 2500, 7, 1234567]);
    expect(copies.refused).toEqual([
      'AmountError',
      'AmountError',
      'AmountError',
      'AmountError',
      'AmountError',
    ]);
    expect(copies.zeroDecimalRefused).toBe('AmountError');
    expect(copies.formatted).toEqual([
      formatMoney({ minor: 2550, currency: 'USD' }),
      formatMoney({ minor: 2500, currency: 'JPY' }),
    ]);
    expect(copies.objectives).toEqual([...OUTCOME_OBJECTIVES]);
    expect(copies.categories).toEqual(SPECIAL_AD_CATEGORIES.filter((c) => c !== 'NONE'));
    expect(copies.billingEvents).toEqual([...BILLING_EVENTS]);
    expect(copies.goals).toEqual([...OPTIMIZATION_GOALS]);
    expect(copies.matrixCells).toEqual(
      managedLevels.flatMap((level) => mutationActions.map((action) => `matrix-${level}-${action}`)),
    );
  }, 30_000);

  it('connects and picks an ad account: the campaign area opens in its currency', async () => {
    await page.goto(`${rt.url}/console`);
    await page.click('#connect');
    await page.click('#continue');
    await page.waitForURL(/\/console\/integrations\/meta\?status=connected/);
    await expectText(page, '#status', 'connected');

    // A zero-decimal account when the scenario has an active one: the 100× bug's home ground.
    const { items } = (await api(rt, 'GET', '/integrations/meta/ad-accounts')).body as {
      items: { id: string; currency?: string; accountStatus?: number }[];
    };
    const active = items.filter((a) => a.accountStatus === 1 && a.currency);
    const chosen = active.find((a) => currencyOffset(a.currency ?? '') === 1) ?? active[0];
    if (!chosen?.currency) throw new Error('the dev scenario has no active ad account with a currency');
    account = { id: chosen.id, currency: chosen.currency };

    await page.waitForSelector(`#ad-account option[value="${account.id}"]`, { state: 'attached' });
    await page.selectOption('#ad-account', account.id);
    await page.click('#pick');
    await expectText(page, '#banner', `Using ad account ${account.id}`);
    await page.waitForSelector('#campaigns-tile:not([hidden])');
    await expectText(page, '#campaigns-account', account.currency);
    expect(await page.textContent('#new-campaign-currency')).toBe(account.currency);
    await page.waitForSelector('#controls-tile:not([hidden])');
    await expectText(page, '#controls-currency', `${account.id}, ${account.currency}`);
  }, 60_000);

  it('creates a campaign with a daily budget, lists it formatted, pauses it and shows the audit entries', async () => {
    const name = `Spring sale ${Date.now()}`;
    const budget = typed('2500', '25.50');
    const minor = minorFromMajorDecimal(budget, account.currency);

    await page.fill('#new-campaign-name', name);
    await page.selectOption('#new-campaign-objective', 'OUTCOME_TRAFFIC');
    await page.selectOption('#new-campaign-status', 'ACTIVE');
    await page.fill('#new-campaign-daily-budget', budget);
    const sent = page.waitForRequest((r) => isPost(r, '/meta/campaigns'));
    await page.click('#create-campaign');
    const request = await sent;
    expect(request.headers()['idempotency-key']).toMatch(UUID);
    expect(request.postDataJSON()).toEqual({
      name,
      objective: 'OUTCOME_TRAFFIC',
      specialAdCategories: [],
      status: 'ACTIVE',
      dailyBudget: minor,
      adAccountId: account.id,
    });
    await expectText(page, '#create-campaign-result', `Created campaign "${name}"`);
    await expectText(page, '#create-campaign-result', `${formatted(minor)} / day`);

    const row = page.locator('#campaign-list > li.campaign', { hasText: name });
    await row.waitFor();
    const id = (await row.getAttribute('id'))?.replace('campaign-', '') ?? '';
    expect(id).toMatch(/^\d+$/);
    expect(await row.locator(':scope > .row .budget').textContent()).toBe(`${formatted(minor)} / day`);
    expect(await row.locator(':scope > .row .status').textContent()).toBe('ACTIVE');

    await row.locator(':scope > .row button.pause').click();
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.textContent === 'PAUSED',
      `#campaign-${id} > .row .status`,
    );
    await expectText(page, '#campaigns-result', `Paused "${name}"`);
    expect(await row.locator(':scope > .row button.resume').isDisabled()).toBe(false);

    // The trail refreshes after each mutation, newest first: the pause, then the create.
    await page.waitForFunction((objectId) => {
      const newest = document.querySelector('#audit tbody tr.audit-entry');
      return (
        newest?.querySelector('.object')?.textContent === objectId &&
        newest.querySelector('.action')?.textContent === 'pause'
      );
    }, id);
    const entries = await auditRows(page);
    expect(entries[0]).toMatchObject({
      actor: 'user dev-user',
      action: 'pause',
      level: 'campaign',
      object: id,
    });
    expect(entries[0]?.outcome).toMatch(/^200/);
    expect(entries[1]).toMatchObject({
      actor: 'user dev-user',
      action: 'create',
      level: 'campaign',
      object: id,
    });
    expect(entries[1]?.outcome).toMatch(/^201/);
  }, 60_000);

  it('names the field of an error, and Retry after a lost answer resends the same Idempotency-Key', async () => {
    // Caught before sending: more decimals than the currency has at Meta.
    await page.fill('#new-campaign-name', 'Too fine');
    await page.fill('#new-campaign-daily-budget', typed('12.5', '12.505'));
    await page.click('#create-campaign');
    await expectText(page, '#create-campaign-error .error-code', 'invalid_amount');

    // The API names the field: an empty name.
    await page.fill('#new-campaign-name', '');
    await page.fill('#new-campaign-daily-budget', typed('1000', '10'));
    await page.click('#create-campaign');
    await page.waitForSelector('#create-campaign-error li[data-path="name"]');
    expect(await page.isHidden('#create-campaign-retry')).toBe(true);

    // Meta and the API apply the create, then the answer is lost on the way to the browser.
    const keys: string[] = [];
    let dropAnswer = true;
    const campaignsRoute = (url: URL) => url.pathname === '/meta/campaigns';
    await page.route(campaignsRoute, async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (!dropAnswer) return route.fallback();
      dropAnswer = false;
      await route.fetch();
      return route.abort('connectionreset');
    });
    const name = `Lost answer ${Date.now()}`;
    await page.fill('#new-campaign-name', name);
    await page.click('#create-campaign');
    await expectText(page, '#create-campaign-error .error-code', 'no_answer');
    await page.waitForSelector('#create-campaign-retry:not([hidden])');
    await page.click('#create-campaign-retry');
    await expectText(page, '#create-campaign-result', `Created campaign "${name}"`);
    await expectText(page, '#create-campaign-result', '(replayed)');
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(UUID);
    expect(keys[1]).toBe(keys[0]);
    await page.locator('#campaign-list > li.campaign', { hasText: name }).waitFor();
    expect(await page.locator('#campaign-list > li.campaign', { hasText: name }).count()).toBe(1);

    // A new click is a new intent with a new key; as a dry run it changes nothing.
    await page.check('#new-campaign-dry-run');
    await page.fill('#new-campaign-name', `${name} (dry)`);
    await page.click('#create-campaign');
    await expectText(page, '#create-campaign-result', 'Dry run passed, nothing changed');
    await page.uncheck('#new-campaign-dry-run');
    await page.unroute(campaignsRoute);
    expect(keys).toHaveLength(3);
    expect(keys[2]).toMatch(UUID);
    expect(keys[2]).not.toBe(keys[0]);
    expect(await page.textContent('#create-campaign-request')).toContain(
      'Dry run: POST /meta/campaigns?dryRun=true',
    );
    expect(await page.locator('#campaign-list > li.campaign', { hasText: `${name} (dry)` }).count()).toBe(0);
  }, 60_000);

  it('saves caps and the matrix, and an agent request under an approve rule is approved from the console', async () => {
    // A campaign daily cap below what the next campaign asks for.
    const cap = typed('1000', '10');
    await page.fill('#controls-campaign-daily', cap);
    await page.selectOption('#matrix-campaign-create', 'approve');
    await page.selectOption('#matrix-campaign-budget', 'allow');
    await page.fill('#matrix-campaign-budget-pct', '25');
    const saved = page.waitForRequest(
      (r) => r.method() === 'PUT' && new URL(r.url()).pathname === '/controls',
    );
    await page.click('#controls-save');
    const put = (await saved).postDataJSON();
    expect(put.spendCaps.campaignDaily).toBe(minorFromMajorDecimal(cap, account.currency));
    expect(put.agentMatrix).toEqual([
      { level: 'campaign', action: 'create', effect: 'approve' },
      { level: 'campaign', action: 'budget', effect: 'allow', maxBudgetChangePct: 25 },
    ]);
    expect(put.autoPause).toBe(false);
    await expectText(page, '#controls-result', 'Controls saved.');
    await expectText(page, '#controls-updated', 'by user dev-user');

    // Over the cap: refused before Meta, with cap, current and requested in the currency.
    const over = typed('3000', '30');
    await page.fill('#new-campaign-name', 'Over the cap');
    await page.fill('#new-campaign-daily-budget', over);
    await page.click('#create-campaign');
    await expectText(page, '#create-campaign-error .error-code', 'spend_cap_exceeded');
    const capMinor = minorFromMajorDecimal(cap, account.currency);
    await expectText(
      page,
      '#create-campaign-error li.cap',
      `cap ${formatted(capMinor)}, current ${formatted(0)}, requested ${formatted(minorFromMajorDecimal(over, account.currency))}`,
    );

    // An agent asks for a campaign within the cap; the approve rule holds it.
    const agent = rt.token({ actor: 'agent', sub: 'agent-7' });
    const held = await api(rt, 'POST', '/meta/campaigns', {
      token: agent,
      headers: { 'idempotency-key': `agent-${Date.now()}` },
      body: {
        name: 'Agent proposal',
        objective: 'OUTCOME_AWARENESS',
        specialAdCategories: [],
        dailyBudget: minorFromMajorDecimal(typed('500', '5'), account.currency),
        adAccountId: account.id,
      },
    });
    expect(held.status).toBe(202);
    const approvalId = held.body.approvalId as string;

    await page.click('#approvals-refresh');
    const approval = page.locator(`#approval-${approvalId}`);
    await approval.waitFor();
    expect(await approval.locator('.who').textContent()).toBe('agent agent-7');
    expect(await approval.textContent()).toContain('POST /meta/campaigns');
    expect(await approval.textContent()).toContain('"name":"Agent proposal"');
    expect(await approval.locator('.approval-status').textContent()).toBe('pending_approval');
    await approval.locator('button.approve').click();
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.textContent === 'approved → 201',
      `#approval-${approvalId} .approval-status`,
    );
    await expectText(page, '#approvals-result', `Approved ${approvalId}`);
    await page.locator('#campaign-list > li.campaign', { hasText: 'Agent proposal' }).waitFor();
    // The approved run is audited with its approval, newest first.
    await page.waitForFunction(
      (held) => document.querySelector('#audit tbody tr.audit-entry .approval-id')?.textContent === held,
      approvalId,
    );
    const [run] = await auditRows(page);
    expect(run).toMatchObject({ action: 'create', level: 'campaign', 'approval-id': approvalId });
    expect(run?.outcome).toMatch(/^201/);
  }, 60_000);
});

function isPost(request: Request, path: string): boolean {
  return request.method() === 'POST' && new URL(request.url()).pathname === path;
}

async function auditRows(page: Page): Promise<Record<string, string>[]> {
  return page.$$eval('#audit tbody tr.audit-entry', (rows) =>
    rows.map((row) =>
      Object.fromEntries(
        ['actor', 'action', 'level', 'object', 'outcome', 'approval-id'].map((cell) => [
          cell,
          row.querySelector(`.${cell}`)?.textContent ?? '',
        ]),
      ),
    ),
  );
}

async function expectText(page: Page, selector: string, text: string): Promise<void> {
  await page.waitForFunction(
    ([sel, want]) => (document.querySelector(sel as string)?.textContent ?? '').includes(want as string),
    [selector, text],
    { timeout: 10_000 },
  );
}
