/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import type { LocalRuntime } from '../../../infra/local/runtime';
import { launchBrowser } from '../support/browser';
import { startTestRuntime } from '../support/runtime';

/**
 * A marketer in a real browser: the dev console's Meta Ads tile → Facebook login (the
 * simulator's page) → pick the ad account → sync → disconnect.
 */
describe('dev console in Chromium', () => {
  let rt: LocalRuntime;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ({ browser } = await launchBrowser());
    rt = await startTestRuntime();
    page = await browser.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await rt?.stop();
  });

  it('connects, picks an ad account, syncs and disconnects', async () => {
    await page.goto(`${rt.url}/console`);
    await expectText(page, '#status', 'disconnected');

    await page.click('#connect');
    await page.waitForSelector('#continue');
    expect(await page.textContent('#scopes')).toContain('ads_management');
    await page.click('#continue');

    await page.waitForURL(/\/console\/integrations\/meta\?status=connected/);
    await expectText(page, '#status', 'connected');
    await expectText(page, '#banner', 'Connected to Meta');

    await page.waitForSelector('#ad-account option', { state: 'attached' });
    const chosen = await page.$eval('#ad-account', (el) => (el as HTMLSelectElement).value);
    expect(chosen).toMatch(/^act_\d+$/);
    await page.click('#pick');
    await expectText(page, '#banner', `Using ad account ${chosen}`);
    await expectText(page, '#details', chosen);

    await page.click('#sync');
    await page.waitForFunction(
      () => /Sync (succeeded|partial|failed)/.test(document.querySelector('#sync-status')?.textContent ?? ''),
      null,
      {
        timeout: 20_000,
      },
    );
    expect(await page.textContent('#sync-status')).toMatch(/Sync succeeded/);
    await page.waitForSelector('#assets tbody tr');
    expect(await page.$$eval('#assets tbody tr', (rows) => rows.length)).toBeGreaterThan(0);
    await expectText(page, '#notifications', 'ync');

    if (process.env.CONSOLE_SCREENSHOT)
      await page.screenshot({ path: process.env.CONSOLE_SCREENSHOT, fullPage: true });
    await page.click('#disconnect');
    await expectText(page, '#status', 'disconnected');
    await expectText(page, '#banner', 'Disconnected');
  }, 60_000);

  it('shows a denied login as an error', async () => {
    await page.goto(`${rt.url}/console`);
    await page.click('#connect');
    await page.waitForSelector('#cancel');
    await page.click('#cancel');
    await page.waitForURL(/status=error/);
    await expectText(page, '#banner', 'access_denied');
    await expectText(page, '#status', 'disconnected');
  }, 30_000);
});

async function expectText(page: Page, selector: string, text: string): Promise<void> {
  await page.waitForFunction(
    ([sel, want]) => (document.querySelector(sel as string)?.textContent ?? '').includes(want as string),
    [selector, text],
    { timeout: 10_000 },
  );
}
