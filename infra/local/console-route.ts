import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LocalRoute } from './gateway';

const SCRIPT = 'text/javascript; charset=utf-8';

/** The files the page loads (an ES module per console area); nothing else is served. */
const ASSETS: Record<string, string> = {
  'console.js': SCRIPT,
  'console-api.js': SCRIPT,
  'console-feedback.js': SCRIPT,
  'console-money.js': SCRIPT,
  'console-campaigns.js': SCRIPT,
  'console-campaign-forms.js': SCRIPT,
  'console-controls.js': SCRIPT,
  'console-activity.js': SCRIPT,
  'console-uploads.js': SCRIPT,
  'console-creatives.js': SCRIPT,
  'console-briefs.js': SCRIPT,
  'console-insights.js': SCRIPT,
  'console-insights-chart.js': SCRIPT,
  'console-experiments.js': SCRIPT,
  'console.css': 'text/css; charset=utf-8',
};

/**
 * Libraries the page loads from node_modules, pinned by the lockfile: Chart.js's UMD build
 * (self-contained, it bundles its one dependency) defines `window.Chart`. The package's
 * `exports` hide `dist/`, so the file is found beside its CommonJS entry.
 */
const VENDOR: Record<string, () => string> = {
  'vendor/chart.umd.min.js': () => join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'),
};

/**
 * Serves the dev console (local only, DESIGN §3) at `/console` and below; the page gets
 * the dev token baked in so it can call the API like the dashboard would.
 */
export function consoleRoute(devToken: () => string): LocalRoute {
  const dir = join(__dirname, 'console');
  return async (req, res) => {
    const path = req.url.pathname;
    if (req.method !== 'GET' || !(path === '/console' || path.startsWith('/console/'))) return false;
    const asset = path.slice('/console/'.length);
    const type = ASSETS[asset];
    if (type) {
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(readFileSync(join(dir, asset)));
      return true;
    }
    const vendorFile = VENDOR[asset];
    if (vendorFile) {
      // Pinned and immutable for this install: the browser may keep it for the session.
      res.writeHead(200, { 'content-type': SCRIPT, 'cache-control': 'max-age=3600' });
      res.end(readFileSync(vendorFile()));
      return true;
    }
    const html = readFileSync(join(dir, 'index.html'), 'utf8').replace('__DEV_TOKEN__', devToken());
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
    return true;
  };
}
