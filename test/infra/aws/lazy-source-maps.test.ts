import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { bundleFunction } from '../../bench/functions';

const run = promisify(execFile);
const fixture = path.join(__dirname, 'fixtures', 'throws-when-called.ts');

let outDir: string;
let bundleFile: string;

beforeAll(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'lazy-source-maps-'));
  bundleFile = path.join(outDir, 'index.js');
  await bundleFunction(fixture, bundleFile);
});

afterAll(() => rm(outDir, { recursive: true, force: true }));

/**
 * Requires the bundle in a fresh Node without `--enable-source-maps`, as Lambda now runs it,
 * counting the reads of its source map before and after an error's stack is read.
 */
async function probe(): Promise<{ readsAtInit: number; readsAfter: number; stack: string }> {
  const script = `
    const fs = require('node:fs');
    const read = fs.readFileSync;
    let reads = 0;
    fs.readFileSync = (file, ...rest) => { if (String(file).endsWith('.map')) reads++; return read(file, ...rest); };
    const { handler } = require(process.argv[1]);
    const readsAtInit = reads;
    handler().catch((err) => {
      const stack = err.stack;
      process.stdout.write(JSON.stringify({ readsAtInit, readsAfter: reads, stack }));
    });
  `;
  const { stdout } = await run(process.execPath, ['-e', script, bundleFile], {
    env: { PATH: process.env.PATH ?? '' },
  });
  return JSON.parse(stdout) as { readsAtInit: number; readsAfter: number; stack: string };
}

describe('stack traces of a bundle (shared/platform/lazy-source-maps.ts, injected)', () => {
  it('name the TypeScript source and line, with the message first', async () => {
    const { stack } = await probe();
    const lines = stack.split('\n');
    expect(lines[0]).toBe('Error: thrown on purpose');
    expect(lines[1]).toMatch(/^ {4}at .*\(.*test\/infra\/aws\/fixtures\/throws-when-called\.ts:5:\d+\)$/);
  });

  it('read the source map only once a stack is read, not at init', async () => {
    const { readsAtInit, readsAfter } = await probe();
    expect(readsAtInit).toBe(0);
    expect(readsAfter).toBe(1);
  });
});
