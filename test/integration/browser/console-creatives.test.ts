/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { Browser, CDPSession, Page, Request } from 'playwright-core';
import type { LocalRuntime } from '../../../infra/local/runtime';
import {
  CALL_TO_ACTION_TYPES,
  MAX_CAROUSEL_CARDS,
  MIN_CAROUSEL_CARDS,
} from '../../../shared/contracts/creatives';
import { pngBytes, videoBytes } from '../../support/media-fixtures';
import { launchBrowser } from '../support/browser';
import { startTestRuntime } from '../support/runtime';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const UPLOAD_ID = /^upl_[0-9a-f]{24}$/;
/** Small enough that the video below goes to Meta in several chunks. */
const CHUNK_BYTES = 1 << 20;
const VIDEO_BYTES = 3 * CHUNK_BYTES + 12_345;

/** infra/local/console/console-creatives.js, as the page loads it. */
interface ConsoleCreatives {
  CALL_TO_ACTION_TYPES: string[];
  MIN_CAROUSEL_CARDS: number;
  MAX_CAROUSEL_CARDS: number;
}

/** What the page saw of one upload row: the bars' fill (0–1, -1 while indeterminate) and each status. */
interface RowHistory {
  toStorage: number[];
  toMeta: number[];
  statuses: string[];
}

/**
 * A marketer builds creatives in the dev console: uploads a PNG and an MP4 from the browser
 * (the presigned POST to s3rver, then the ingest to the simulator), watches both bars and
 * the statuses until ready, builds a carousel from two images, and sees a refused file's
 * error next to the file input.
 */
describe('dev console: uploads and creatives in Chromium', () => {
  let rt: LocalRuntime;
  let browser: Browser;
  let page: Page;
  let cdp: CDPSession;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ({ browser } = await launchBrowser());
    rt = await startTestRuntime();
    const media = await fetch(`${rt.simulator?.url}/__sim/media-options`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chunkBytes: CHUNK_BYTES, processingMs: 300 }),
    });
    expect(media.ok).toBe(true);
    page = await browser.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    cdp = await page.context().newCDPSession(page);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await rt?.stop();
  });

  it("keeps the console's copy of the call-to-action types and the carousel bounds", async () => {
    await page.goto(`${rt.url}/console`);
    await page.addScriptTag({
      type: 'module',
      content:
        "import * as creatives from '/console/console-creatives.js'; window.consoleCreatives = creatives;",
    });
    await page.waitForFunction(() => 'consoleCreatives' in window);
    const copies = await page.evaluate(() => {
      const module = (window as unknown as { consoleCreatives: ConsoleCreatives }).consoleCreatives;
      return {
        types: module.CALL_TO_ACTION_TYPES,
        min: module.MIN_CAROUSEL_CARDS,
        max: module.MAX_CAROUSEL_CARDS,
        options: [...document.querySelectorAll<HTMLOptionElement>('#new-creative-cta option')].map(
          (o) => o.value,
        ),
      };
    });
    expect(copies.types).toEqual([...CALL_TO_ACTION_TYPES]);
    expect(copies.options).toEqual(['', ...CALL_TO_ACTION_TYPES]);
    expect([copies.min, copies.max]).toEqual([MIN_CAROUSEL_CARDS, MAX_CAROUSEL_CARDS]);
  }, 30_000);

  it('connects, syncs the pages and opens the Creatives tile on the picked ad account', async () => {
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
    await page.waitForSelector('#ad-account option', { state: 'attached' });
    await page.click('#pick');
    await page.waitForSelector('#creatives-tile:not([hidden])');
    await page.waitForSelector('#new-creative-page option', { state: 'attached' });
    expect(await page.isHidden('#new-creative-page-hint')).toBe(true);
    expect(await page.isDisabled('#upload-start')).toBe(true);
  }, 60_000);

  it('uploads a PNG and an MP4: the bars fill, the statuses run to ready with the hash, size and video id', async () => {
    await watchUploadRows(page);
    // Slow the browser's POST to storage so its progress shows steps, as on a real network.
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 2 * 1024 * 1024,
    });
    // And Meta a little slow, so the polls see the video's chunks being acknowledged.
    await simulatorLatency(rt, 300);
    const announced = collectRequests(page, '/meta/creatives/uploads');
    await page.setInputFiles('#upload-file', [
      { name: 'square.png', mimeType: 'image/png', buffer: Buffer.from(pngBytes({ width: 64, height: 48 })) },
      { name: 'teaser.mp4', mimeType: 'video/mp4', buffer: Buffer.from(videoBytes(VIDEO_BYTES)) },
    ]);
    await page.click('#upload-start');

    const image = await readyRow(page, 'square.png');
    const video = await readyRow(page, 'teaser.mp4');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await simulatorLatency(rt, 0);

    const bodies = announced.map((r) => r.postDataJSON());
    expect(bodies).toEqual(
      expect.arrayContaining([
        { kind: 'image', fileName: 'square.png', contentType: 'image/png', size: expect.any(Number) },
        { kind: 'video', fileName: 'teaser.mp4', contentType: 'video/mp4', size: VIDEO_BYTES },
      ]),
    );
    for (const r of announced) expect(r.headers()['idempotency-key']).toMatch(UUID);

    expect(image.id).toMatch(UPLOAD_ID);
    expect(image.detail).toMatch(/^hash [0-9a-f]+ · 64×48$/);
    expect(video.detail).toMatch(/^video \d+$/);

    const history = await rowHistory(page);
    const imageSeen = history['square.png'];
    const videoSeen = history['teaser.mp4'];
    // To storage: the video's bar stepped through values on its way to full.
    expect(videoSeen?.toStorage.some((v) => v > 0 && v < 1)).toBe(true);
    expect(videoSeen?.toStorage.at(-1)).toBe(1);
    expect(imageSeen?.toStorage.at(-1)).toBe(1);
    // To Meta: the video's acknowledged bytes grew chunk by chunk.
    const partial = (videoSeen?.toMeta ?? []).filter((v) => v > 0 && v < 1);
    expect(partial.length).toBeGreaterThanOrEqual(1);
    expect(videoSeen?.toMeta.at(-1)).toBe(1);
    expect(videoSeen?.statuses).toContain('uploading');
    expect(videoSeen?.statuses.at(-1)).toBe('ready');
    expect(imageSeen?.statuses.at(-1)).toBe('ready');
    // Statuses only move forward.
    const order = ['announcing', 'sending', 'pending', 'validating', 'uploading', 'ready'];
    for (const seen of [imageSeen, videoSeen]) {
      const ranks = (seen?.statuses ?? []).map((s) => order.indexOf(s));
      expect(ranks.every((rank) => rank >= 0)).toBe(true);
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    }
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('builds a video creative with the PNG as its thumbnail', async () => {
    const ids = await page.$$eval('#uploads li.upload', (rows) =>
      Object.fromEntries(
        rows.map((row) => [(row as HTMLElement).dataset.fileName, (row as HTMLElement).dataset.uploadId]),
      ),
    );
    await page.fill('#new-creative-name', 'Teaser');
    await page.selectOption('#new-creative-format', 'video');
    expect(await page.isVisible('#new-creative-thumbnail')).toBe(true);
    // Only the ready video is offered as the upload, only the image as a thumbnail.
    const offered = (id: string) =>
      page.$$eval(`#${id} option`, (options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(await offered('new-creative-upload')).toEqual(['', ids['teaser.mp4']]);
    expect(await offered('new-creative-thumbnail')).toEqual(['', ids['square.png']]);
    await page.selectOption('#new-creative-upload', ids['teaser.mp4'] ?? '');
    await page.selectOption('#new-creative-thumbnail', ids['square.png'] ?? '');
    await page.fill('#new-creative-link', 'https://example.com/teaser');
    await page.fill('#new-creative-headline', 'Watch the teaser');
    await page.selectOption('#new-creative-cta', 'WATCH_MORE');
    const sent = page.waitForRequest((r) => isPost(r, '/meta/creatives'));
    await page.click('#create-creative');
    expect((await sent).postDataJSON()).toEqual({
      name: 'Teaser',
      format: 'video',
      pageId: expect.stringMatching(/^\d+$/),
      link: 'https://example.com/teaser',
      headline: 'Watch the teaser',
      callToAction: 'WATCH_MORE',
      uploadId: ids['teaser.mp4'],
      thumbnailUploadId: ids['square.png'],
    });
    await expectText(page, '#create-creative-result', 'Created video creative "Teaser": id ');
    await page.fill('#new-creative-headline', '');
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('builds a carousel from two image uploads and shows its id; the list shows it', async () => {
    await page.setInputFiles('#upload-file', [
      { name: 'card-1.png', mimeType: 'image/png', buffer: Buffer.from(pngBytes({ width: 40, height: 40 })) },
      { name: 'card-2.png', mimeType: 'image/png', buffer: Buffer.from(pngBytes({ width: 50, height: 50 })) },
    ]);
    await page.click('#upload-start');
    const first = await readyRow(page, 'card-1.png');
    const second = await readyRow(page, 'card-2.png');

    await page.fill('#new-creative-name', 'Spring carousel');
    await page.selectOption('#new-creative-format', 'carousel');
    expect(await page.locator('#new-creative-cards li.card').count()).toBe(MIN_CAROUSEL_CARDS);
    expect(await page.isHidden('#new-creative-upload')).toBe(true);
    const cards = page.locator('#new-creative-cards li.card');
    await cards.nth(0).locator('select.card-upload').selectOption(first.id);
    await cards.nth(0).locator('input.card-link').fill('https://example.com/one');
    await cards.nth(0).locator('input.card-headline').fill('Card one');
    await cards.nth(1).locator('select.card-upload').selectOption(second.id);
    await cards.nth(1).locator('input.card-headline').fill('Card two');
    const pageId = await page.$eval('#new-creative-page', (s) => (s as HTMLSelectElement).value);
    await page.fill('#new-creative-message', 'Fresh for spring');
    await page.fill('#new-creative-link', 'https://example.com/spring');
    await page.selectOption('#new-creative-cta', 'SHOP_NOW');

    const sent = page.waitForRequest((r) => isPost(r, '/meta/creatives'));
    await page.click('#create-creative');
    const request = await sent;
    expect(request.headers()['idempotency-key']).toMatch(UUID);
    expect(request.postDataJSON()).toEqual({
      name: 'Spring carousel',
      format: 'carousel',
      pageId,
      message: 'Fresh for spring',
      link: 'https://example.com/spring',
      callToAction: 'SHOP_NOW',
      cards: [
        { uploadId: first.id, link: 'https://example.com/one', headline: 'Card one' },
        // An empty card link takes the creative's link.
        { uploadId: second.id, link: 'https://example.com/spring', headline: 'Card two' },
      ],
    });
    await expectText(page, '#create-creative-result', 'Created carousel creative "Spring carousel": id ');
    const creativeId = /id (\d+)/.exec((await page.textContent('#create-creative-result')) ?? '')?.[1] ?? '';
    expect(creativeId).toMatch(/^\d+$/);
    const row = page.locator(`#creative-${creativeId}`);
    await row.waitFor();
    expect(await row.locator('.format').textContent()).toBe('carousel');
    expect(await row.locator('.uploads').textContent()).toBe(`${first.id}, ${second.id}`);
    await row.locator('button.use-in-ad').click();
    expect(await page.inputValue('#new-ad-creative')).toBe(creativeId);

    // One card is not a carousel: the API names the field, beside it.
    await cards.nth(1).locator('button.remove-card').click();
    await page.click('#create-creative');
    await page.waitForSelector('#create-creative-error li[data-path="cards"]');
    expect(await page.isHidden('#create-creative-retry')).toBe(true);
    await page.waitForSelector('#new-creative-cards-box + .field-error[data-for="cards"]');
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('writes a brief from uploads and builds a creative from it', async () => {
    const ready = await page.$$eval('#uploads li.upload', (rows) =>
      rows
        .filter((row) => row.querySelector('.upload-status')?.textContent === 'ready')
        .map((row) => ({
          id: (row as HTMLElement).dataset.uploadId ?? '',
          name: (row as HTMLElement).dataset.fileName ?? '',
        })),
    );
    const images = ready.filter((u) => u.name.startsWith('card-'));
    expect(images).toHaveLength(2);
    await page.fill('#new-brief-title', 'Spring brief');
    await page.fill('#new-brief-headline', 'Spring is here');
    await page.fill('#new-brief-link', 'https://example.com/brief');
    for (const image of images) await page.check(`#new-brief-uploads input[value="${image.id}"]`);
    await page.click('#create-brief');
    await expectText(page, '#create-brief-result', 'Created brief "Spring brief"');
    const brief = page.locator('#briefs tr.brief', { hasText: 'Spring brief' });
    await brief.waitFor();
    const briefId = (await brief.locator('.brief-id').textContent()) ?? '';
    expect(briefId).toMatch(/^brf_[0-9a-f]{24}$/);

    // A carousel with no cards of its own: the brief's uploads are the cards, its link the link.
    await page.fill('#new-creative-name', 'From the brief');
    await page.selectOption('#new-creative-format', 'carousel');
    for (const remove of await page.$$('#new-creative-cards button.remove-card')) await remove.click();
    await page.fill('#new-creative-link', '');
    await page.fill('#new-creative-message', '');
    await page.selectOption('#new-creative-cta', '');
    await brief.locator('button.use-brief').click();
    expect(await page.inputValue('#new-creative-brief')).toBe(briefId);
    const sent = page.waitForRequest((r) => isPost(r, '/meta/creatives'));
    await page.click('#create-creative');
    expect((await sent).postDataJSON()).toEqual({
      name: 'From the brief',
      format: 'carousel',
      pageId: expect.any(String),
      briefId,
    });
    await expectText(page, '#create-creative-result', 'Created carousel creative "From the brief": id ');
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('shows a refused file (a GIF) next to the file input, naming the field', async () => {
    const gif = Buffer.from('474946383961010001000000002c00000000010001000002003b', 'hex');
    await page.setInputFiles('#upload-file', [{ name: 'banner.gif', mimeType: 'image/gif', buffer: gif }]);
    await page.click('#upload-start');
    await page.waitForSelector('#upload-error:not([hidden])');
    expect(await page.textContent('#upload-error .error-code')).toBe('upload_not_allowed');
    expect(await page.textContent('#upload-error')).toContain('banner.gif');
    const field = await page.getAttribute('#upload-error li[data-path]', 'data-path');
    expect(['contentType', 'fileName']).toContain(field);
    // It sits right after the input and the button, and its row says refused.
    expect(
      await page.$eval('#upload-error', (box) => box.parentElement?.querySelector('#upload-file') !== null),
    ).toBe(true);
    const row = page.locator('#uploads li.upload', { hasText: 'banner.gif' });
    expect(await row.locator('.upload-status').textContent()).toBe('refused');
    expect(pageErrors).toEqual([]);
  }, 30_000);
});

async function simulatorLatency(rt: LocalRuntime, ms: number): Promise<void> {
  const res = await fetch(`${rt.simulator?.url}/__sim/latency`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ms }),
  });
  expect(res.ok).toBe(true);
}

/** Records every change of the upload rows' bars and statuses in `window.uploadHistory`. */
async function watchUploadRows(page: Page): Promise<void> {
  await page.evaluate(() => {
    const history: Record<string, RowHistory> = {};
    (window as unknown as { uploadHistory: typeof history }).uploadHistory = history;
    const of = (node: Node) => {
      const row = (node instanceof Element ? node : node.parentElement)?.closest<HTMLElement>('li.upload');
      const name = row?.dataset.fileName;
      if (!row || !name) return undefined;
      history[name] ??= { toStorage: [], toMeta: [], statuses: [] };
      return { row, seen: history[name] };
    };
    const uploads = document.getElementById('uploads');
    if (!uploads) throw new Error('no #uploads');
    new MutationObserver((records) => {
      for (const record of records) {
        const found = of(record.target);
        if (!found) continue;
        const { seen } = found;
        const target = record.target;
        if (target instanceof HTMLProgressElement) {
          const fill = target.hasAttribute('value') ? target.value / target.max : -1;
          (target.classList.contains('to-storage') ? seen.toStorage : seen.toMeta).push(fill);
        } else if (target instanceof HTMLElement && target.classList.contains('upload-status')) {
          const status = target.textContent ?? '';
          if (seen.statuses.at(-1) !== status) seen.statuses.push(status);
        }
      }
    }).observe(uploads, { subtree: true, childList: true, attributes: true, attributeFilter: ['value'] });
  });
}

async function rowHistory(page: Page): Promise<Record<string, RowHistory>> {
  return page.evaluate(
    () => (window as unknown as { uploadHistory: Record<string, RowHistory> }).uploadHistory,
  );
}

/** Waits for the file's row to read ready; its upload id and what it shows. */
async function readyRow(page: Page, fileName: string): Promise<{ id: string; detail: string }> {
  const row = page.locator(`#uploads li.upload[data-file-name="${fileName}"]`);
  await page.waitForFunction(
    (name) => {
      const status = document.querySelector(`#uploads li.upload[data-file-name="${name}"] .upload-status`);
      if (status?.textContent === 'rejected' || status?.textContent === 'refused')
        throw new Error(`${name} was ${status.textContent}: ${status.nextElementSibling?.textContent ?? ''}`);
      return status?.textContent === 'ready';
    },
    fileName,
    { timeout: 45_000 },
  );
  return {
    id: (await row.getAttribute('data-upload-id')) ?? '',
    detail: (await row.locator('.upload-detail').textContent()) ?? '',
  };
}

function collectRequests(page: Page, path: string): Request[] {
  const seen: Request[] = [];
  page.on('request', (r) => {
    if (isPost(r, path)) seen.push(r);
  });
  return seen;
}

function isPost(request: Request, path: string): boolean {
  return request.method() === 'POST' && new URL(request.url()).pathname === path;
}

async function expectText(page: Page, selector: string, text: string): Promise<void> {
  await page.waitForFunction(
    ([sel, want]) => (document.querySelector(sel as string)?.textContent ?? '').includes(want as string),
    [selector, text],
    { timeout: 15_000 },
  );
}
