import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * One way to wire a handler (#14): a handler under functions/<area>/ takes its dependencies
 * only from its area's composition root (shared/<area>/<area>-root.ts or shared/<area>/roots/),
 * and services never reach into a root: they only take their deps.
 */
const repoRoot = path.resolve(__dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.relative(repoRoot, path.join(entry.parentPath, entry.name)));
}

function importsOf(source: string): string[] {
  return [...source.matchAll(/from\s+'([^']+)'/g)].flatMap((m) => (m[1] ? [m[1]] : []));
}

const isRoot = (file: string) => /-root\.ts$/.test(file) || file.split(path.sep).includes('roots');

/** What a handler file does that only a composition root may do. */
function handlerWiringProblems(file: string, source: string): string[] {
  const area = file.split(path.sep)[1];
  const problems: string[] = [];
  for (const [pattern, what] of [
    [/\bnew\s+[A-Z]\w*(Store|Vault|Mirror|Queue|Client)\s*\(/, 'constructs an adapter'],
    [/\b\w+DepsFromEnv\b/, 'reads a *DepsFromEnv'],
    [/\?\?=/, 'wires lazily with ??='],
  ] as const) {
    if (pattern.test(source)) problems.push(`${file} ${what}`);
  }
  for (const spec of importsOf(source)) {
    if (/\/shared\/store\//.test(spec)) problems.push(`${file} imports the store adapter ${spec}`);
    const root = /\/shared\/([^/]+)\/(?:[^/]+-root|roots\/[^/]+)$/.exec(spec);
    if (root && root[1] !== area) problems.push(`${file} takes deps from another area's root ${spec}`);
  }
  return problems;
}

describe('one way to wire a handler', () => {
  const handlers = sourceFiles('functions');
  const services = sourceFiles('shared').filter((file) => !isRoot(file));

  it('finds the handlers and services it checks', () => {
    expect(handlers.length).toBeGreaterThan(15);
    expect(services.length).toBeGreaterThan(50);
  });

  it('lets handlers take deps only from their own area root', () => {
    const problems = handlers.flatMap((file) =>
      handlerWiringProblems(file, readFileSync(path.join(repoRoot, file), 'utf8')),
    );
    expect(problems).toEqual([]);
  });

  it('catches the wiring styles it forbids', () => {
    const file = path.join('functions', 'sync', 'x.ts');
    expect(handlerWiringProblems(file, 'const runs = new DynamoSyncRunStore();')).toHaveLength(1);
    expect(handlerWiringProblems(file, 'await connectDepsFromEnv();')).toHaveLength(1);
    expect(handlerWiringProblems(file, 'deps ??= build();')).toHaveLength(1);
    expect(handlerWiringProblems(file, "import { x } from '../../shared/store/queue';")).toHaveLength(1);
    expect(
      handlerWiringProblems(file, "import { x } from '../../shared/connect/connect-root';"),
    ).toHaveLength(1);
    expect(handlerWiringProblems(file, "import { x } from '../../shared/sync/roots/asset-reads';")).toEqual(
      [],
    );
  });

  it('keeps services from wiring themselves out of a root', () => {
    const reaching = services.filter((file) =>
      importsOf(readFileSync(path.join(repoRoot, file), 'utf8')).some((spec) =>
        /(?:-root|\/roots\/[^/]+|-deps-from-env)$/.test(spec),
      ),
    );
    expect(reaching).toEqual([]);
  });
});
