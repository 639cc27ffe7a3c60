import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
  'console.css': 'text/css; charset=utf-8',
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
    const html = readFileSync(join(dir, 'index.html'), 'utf8').replace('__DEV_TOKEN__', devToken());
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
    return true;
  };
}
