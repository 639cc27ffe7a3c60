import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import packagedChromium from '@sparticuz/chromium';
import { type Browser, chromium } from 'playwright-core';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const PACKAGED_VERSION = '147.0.0';
const run = promisify(execFile);

/**
 * Flags for this machine's closed network: without the background-networking ones Chromium
 * keeps opening connections that the network refuses. Playwright already gives every launch
 * a fresh, empty user-data-dir.
 */
const CLOSED_NETWORK_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The packaged flags that switch off the same-origin policy: the test must see what a user's browser sees. */
const WEB_SECURITY_OFF = new Set(['--disable-web-security', '--allow-running-insecure-content']);

export interface LaunchedBrowser {
  browser: Browser;
  /** Where the browser came from, for test output. */
  source: 'system' | 'packaged';
  executablePath: string;
}

/**
 * A headless Chromium: the system one when installed (`CHROMIUM_PATH` or Debian's
 * `/usr/bin/chromium`), otherwise the one `@sparticuz/chromium` ships in node_modules, so
 * `npm ci && npm test` needs no system package.
 */
export async function launchBrowser(): Promise<LaunchedBrowser> {
  const systemPath = process.env.CHROMIUM_PATH ?? SYSTEM_CHROMIUM;
  if (existsSync(systemPath)) {
    const browser = await chromium.launch({
      executablePath: systemPath,
      args: CLOSED_NETWORK_FLAGS,
      headless: true,
    });
    return { browser, source: 'system', executablePath: systemPath };
  }
  const executablePath = await extractPackagedChromium();
  packagedChromium.setGraphicsMode = false; // no WebGL needed: its flags load no GL stack
  const args = [
    ...packagedChromium.args.filter((flag) => !WEB_SECURITY_OFF.has(flag)),
    ...CLOSED_NETWORK_FLAGS,
  ];
  const browser = await chromium.launch({ executablePath, args, headless: true });
  return { browser, source: 'packaged', executablePath };
}

/**
 * The package unpacks into the bare temp folder and trusts whatever `chromium` it finds
 * there, half-written or of another version. Unpack into a private folder instead and move
 * it into place whole, so concurrent runs and an interrupted one never launch a partial
 * binary. The temp folder is the package's only knob, read from the real environment (which
 * a jest worker's `process.env` is not), hence a child process.
 */
async function extractPackagedChromium(): Promise<string> {
  const home = join(tmpdir(), `sparticuz-chromium-${PACKAGED_VERSION}`);
  const binary = join(home, 'chromium');
  if (existsSync(binary)) return binary;

  const staging = await mkdtemp(`${home}.partial-`);
  try {
    const unpack = `require(${JSON.stringify(require.resolve('@sparticuz/chromium'))}).executablePath()`;
    await run(process.execPath, ['-e', unpack], { env: { ...process.env, TMPDIR: staging } });
    await rename(staging, home);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    // Another run moved its copy into place first: use that one.
    if (!existsSync(binary)) throw error;
  }
  return binary;
}
