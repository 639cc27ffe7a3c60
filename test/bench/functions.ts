/**
 * `functions` bench area: for each manifest function, the size of its Lambda bundle (built
 * with the same esbuild settings as the CDK construct) and the time a fresh Node process
 * takes to import it, i.e. the handler's share of a cold start.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { functionBundling } from '../../infra/aws/function-bundling';
import { type Manifest, manifest } from '../../infra/manifest';
import { median, roundTo } from './statistics';

const run = promisify(execFile);
const repoRoot = path.resolve(__dirname, '..', '..');

export interface FunctionFigures {
  /** Bytes of the bundled JavaScript that Lambda loads (the source map is not loaded). */
  bundleBytes: number;
  /** Median over fresh processes of the time to `require` the bundle, in ms. */
  initMs: number;
}

export interface BenchFunctionsOptions {
  manifest?: Manifest;
  /** Fresh processes per function; the median is reported. @default 5 */
  runs?: number;
}

/**
 * Bundles every manifest function into a temp dir and measures it.
 * @example const figures = await benchFunctions(); // { health: { bundleBytes: 129444, initMs: 41.2 } }
 */
export async function benchFunctions(
  options: BenchFunctionsOptions = {},
): Promise<Record<string, FunctionFigures>> {
  const m = options.manifest ?? manifest;
  const runs = options.runs ?? 5;
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'bench-functions-'));
  try {
    const figures: Record<string, FunctionFigures> = {};
    for (const fn of m.functions) {
      const outfile = path.join(outDir, fn.name, 'index.js');
      const bundleBytes = await bundleFunction(path.join(repoRoot, fn.entry), outfile).catch(
        (err: unknown) => {
          throw new Error(`bench functions: bundling ${fn.name} (${fn.entry}) failed`, { cause: err });
        },
      );
      // One discarded run first: it pays for reading the fresh bundle off disk, which a
      // Lambda cold start does not (the code is already unpacked), and steadies the median.
      await importMs(outfile, m);
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) samples.push(await importMs(outfile, m));
      figures[fn.name] = { bundleBytes, initMs: roundTo(median(samples), 1) };
    }
    return figures;
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** Builds like `ManifestFunction` does and returns the bytes of the JavaScript output. */
export async function bundleFunction(entry: string, outfile: string): Promise<number> {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    absWorkingDir: repoRoot,
    platform: functionBundling.platform,
    target: functionBundling.target,
    format: functionBundling.format,
    minify: functionBundling.minify,
    sourcemap: functionBundling.sourcemap,
    sourcesContent: functionBundling.sourcesContent,
    mainFields: [...functionBundling.mainFields],
    external: [...functionBundling.external],
    alias: { ...functionBundling.alias },
    inject: [...functionBundling.inject],
    metafile: true,
    logLevel: 'silent',
  });
  return Object.entries(result.metafile.outputs)
    .filter(([file]) => !file.endsWith('.map'))
    .reduce((sum, [, output]) => sum + output.bytes, 0);
}

/**
 * One fresh `node` that times `require(bundle)` from the inside, so process start-up is not
 * counted. No NODE_PATH: a bundle carries everything it imports (the SDK too), so one that
 * still needed node_modules fails here as it would in Lambda. Resource env vars get
 * placeholders as a handler may read them at import.
 */
async function importMs(bundlePath: string, m: Manifest): Promise<number> {
  const script =
    'const t0 = performance.now(); require(process.argv[1]);' +
    'process.stdout.write(JSON.stringify({ ms: performance.now() - t0 }));';
  const { stdout } = await run(process.execPath, ['-e', script, bundlePath], {
    env: { ...functionEnvironment(m), PATH: process.env.PATH ?? '' },
    timeout: 30_000,
  });
  const parsed: unknown = JSON.parse(stdout);
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { ms?: unknown }).ms !== 'number')
    throw new Error(`unexpected output from the import probe: ${stdout}`);
  return (parsed as { ms: number }).ms;
}

/** The env Lambda would give a manifest function, quiet, with placeholder resource names. */
export function functionEnvironment(m: Manifest, namePrefix = 'bench'): Record<string, string> {
  const env: Record<string, string> = {
    AWS_REGION: 'us-east-1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    STAGE: 'dev',
  };
  for (const group of [m.tables, m.queues, m.buckets, m.secrets])
    for (const [name, spec] of Object.entries(group)) env[spec.envVar] = `${namePrefix}-${name}`;
  return env;
}
