/**
 * `npm run bench [-- area…]`: runs the benchmarks and prints ONE JSON object of figures,
 * nested by area. Each area runs in a process of its own (like a fresh Lambda container:
 * clients and config are created once per process, and an area starts its own runtime).
 * Progress goes to stderr so stdout stays parseable.
 */
// First, before anything reads them at load time: stdout carries one JSON object, so logs and
// EMF metrics stay off, as in tests.
import '../setup-env';
import { spawnSync } from 'node:child_process';
import { benchCampaigns } from './campaigns';
import { benchCost } from './cost';
import { benchCreatives } from './creatives';
import { benchFunctions } from './functions';
import { benchGraph } from './graph';
import { benchInsights } from './insights';
import { benchMcp } from './mcp';
import { benchSync } from './sync';
import { benchWebhook } from './webhook';

const areas: Record<string, () => Promise<unknown>> = {
  campaigns: benchCampaigns,
  cost: benchCost,
  creatives: benchCreatives,
  functions: benchFunctions,
  graph: benchGraph,
  insights: benchInsights,
  mcp: benchMcp,
  sync: benchSync,
  webhook: benchWebhook,
};

const AREA_FLAG = '--in-process';

/**
 * An area's process environment beyond the quiet defaults of setup-env: `cost` counts the log
 * bytes and EMF metrics production writes (stage prod logs at INFO, metrics on).
 */
const areaEnvironment: Record<string, Record<string, string>> = {
  cost: { POWERTOOLS_LOG_LEVEL: 'INFO', POWERTOOLS_METRICS_DISABLED: 'false' },
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const wanted = args.filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((a) => !(a in areas));
  if (unknown.length > 0) {
    console.error(`Unknown bench area(s): ${unknown.join(', ')}. Known: ${Object.keys(areas).join(', ')}`);
    process.exit(2);
  }
  if (args.includes(AREA_FLAG)) {
    const [name] = wanted;
    const run = name === undefined ? undefined : areas[name];
    if (!run) throw new Error(`${AREA_FLAG} takes one area`);
    console.log(JSON.stringify(await run()));
    process.exit(0);
  }
  const figures: Record<string, unknown> = {};
  for (const name of Object.keys(areas)) {
    if (wanted.length > 0 && !wanted.includes(name)) continue;
    const started = Date.now();
    console.error(`bench ${name}…`);
    const child = spawnSync(process.execPath, [...process.execArgv, __filename, name, AREA_FLAG], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...areaEnvironment[name] },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const lastLine = child.stdout.trim().split('\n').pop() ?? '';
    if (child.status !== 0) throw new Error(`bench ${name} failed (exit ${child.status})`);
    figures[name] = JSON.parse(lastLine);
    console.error(`bench ${name} done in ${Date.now() - started} ms`);
  }
  console.log(JSON.stringify(figures, null, 2));
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
