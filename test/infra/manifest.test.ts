import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  type FunctionSpec,
  httpRoutes,
  isPublicFunction,
  type Manifest,
  manifest,
  manifestProblems,
} from '../../infra/manifest';
import { routeContracts } from '../../shared/contracts';
import { fixtureManifest } from './fixture-manifest';

const repoRoot = path.resolve(__dirname, '..', '..');

describe('the manifest', () => {
  it('has no problems', () => {
    expect(manifestProblems(manifest)).toEqual([]);
  });

  it('documents every http route in routeContracts, with the same auth', () => {
    const contracts = new Map(routeContracts.map((c) => [`${c.method} ${c.path}`, c.auth]));
    const undocumented = httpRoutes(manifest)
      .map(({ trigger }) => ({ key: `${trigger.method} ${trigger.path}`, auth: trigger.auth }))
      .filter(({ key, auth }) => contracts.get(key) !== auth);
    expect(undocumented).toEqual([]);
  });

  it("serves every http route with a handler built on the route's own contract", async () => {
    const disagreeing: string[] = [];
    const contracts = new Map(routeContracts.map((c) => [`${c.method} ${c.path}`, c]));
    for (const { fn, trigger } of httpRoutes(manifest)) {
      const key = `${trigger.method} ${trigger.path}`;
      const mod = (await import(path.join(repoRoot, fn.entry))) as {
        handler?: {
          auth?: unknown;
          contract?: unknown;
          routes?: Map<string, { auth: unknown; contract: unknown }>;
        };
      };
      // A function serving several routes (httpRouter) lists each with its own stack.
      const served = mod.handler?.routes?.get(key) ?? mod.handler;
      if (served?.auth !== trigger.auth) disagreeing.push(`${key}: handler auth ${String(served?.auth)}`);
      // The same object, not a copy: the route is declared once.
      if (served?.contract === undefined || served.contract !== contracts.get(key))
        disagreeing.push(`${key}: handler reads another contract`);
    }
    expect(disagreeing).toEqual([]);
  });

  it("makes every route that changes the Meta connection the user's (DESIGN §5: agents get 403)", () => {
    const auth = new Map(
      httpRoutes(manifest).map(({ trigger }) => [`${trigger.method} ${trigger.path}`, trigger.auth]),
    );
    const usersOnly = [
      'POST /integrations/meta/connect',
      'POST /integrations/meta/confirm',
      'PUT /integrations/meta/ad-account',
      'POST /integrations/meta/tokens',
      'DELETE /integrations/meta',
    ];
    expect(usersOnly.map((key) => [key, auth.get(key)])).toEqual(usersOnly.map((key) => [key, 'user']));
    // Reads stay open to agents.
    expect(auth.get('GET /integrations/meta')).toBe('jwt');
    expect(auth.get('GET /integrations/meta/ad-accounts')).toBe('jwt');
  });

  it('is imported by no runtime code: handlers read infra/resources (the manifest builds every route contract)', () => {
    const manifestModule = path.join(repoRoot, 'infra', 'manifest');
    const importers = ['functions', 'shared'].flatMap((dir) =>
      readdirSync(path.join(repoRoot, dir), { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.ts'))
        .map((file) => path.join(repoRoot, dir, file))
        .filter((file) =>
          [...readFileSync(file, 'utf8').matchAll(/from '(\.[^']*)'/g)].some(
            ([, specifier = '']) => path.resolve(path.dirname(file), specifier) === manifestModule,
          ),
        )
        .map((file) => path.relative(repoRoot, file)),
    );
    expect(importers).toEqual([]);
  });

  it('points every function at a handler file that exists', () => {
    for (const fn of [...manifest.functions, ...fixtureManifest.functions])
      expect(existsSync(path.join(repoRoot, fn.entry))).toBe(true);
  });

  it('bounds the concurrency of every function anyone can invoke, the receiver and the callback first', () => {
    const reserved = (name: string) => manifest.functions.find((fn) => fn.name === name)?.reservedConcurrency;
    expect(reserved('webhook-receive')).toBe(50);
    expect(reserved('callback')).toBe(10);
    const unbounded = manifest.functions.filter(
      (fn) => isPublicFunction(fn) && fn.reservedConcurrency === undefined,
    );
    expect(unbounded.map((fn) => fn.name)).toEqual([]);
    // /health, /openapi.json and the MCP protected-resource document are as public as the
    // receiver: bounded for the same reason.
    expect(manifest.functions.filter(isPublicFunction).map((fn) => fn.name)).toEqual(
      expect.arrayContaining(['callback', 'health', 'openapi', 'protected-resource', 'webhook-receive']),
    );
  });

  it('gives each queue consumer a timeout within the queue visibility timeout', () => {
    for (const fn of manifest.functions)
      for (const t of fn.triggers)
        if (t.kind === 'queue')
          expect(fn.timeoutSeconds ?? 10).toBeLessThanOrEqual(
            manifest.queues[t.queue]?.visibilityTimeoutSeconds ?? 0,
          );
  });
});

describe('manifestProblems', () => {
  it('finds nothing wrong with the test fixture', () => {
    expect(manifestProblems(fixtureManifest)).toEqual([]);
  });

  it('reports unknown names and duplicate routes', () => {
    const broken: Manifest = {
      ...fixtureManifest,
      functions: [
        ...fixtureManifest.functions,
        {
          name: 'broken',
          entry: 'functions/platform/health.ts',
          description: 'refers to things that do not exist',
          triggers: [
            { kind: 'queue', queue: 'nope', batchSize: 1 },
            { kind: 'http', method: 'GET', path: '/health', auth: 'public' },
          ],
          access: { tables: [{ name: 'ghost', mode: 'read' }] },
        },
      ],
    };
    expect(manifestProblems(broken)).toEqual([
      'broken: unknown queue nope',
      'broken: unknown table ghost',
      'broken: anyone can invoke it, so it needs a reservedConcurrency',
      'broken: route GET /health is served twice',
    ]);
  });

  it('wants a reserved concurrency of at least 1 on every function anyone can invoke', () => {
    const open = (name: string, extra: Partial<FunctionSpec>): FunctionSpec => ({
      name,
      entry: 'functions/platform/health.ts',
      description: 'a public function',
      triggers: [{ kind: 'functionUrl', localPath: `/${name}` }],
      access: {},
      ...extra,
    });
    const m: Manifest = {
      ...fixtureManifest,
      functions: [
        open('unbounded', {}),
        open('disabled', { reservedConcurrency: 0 }),
        open('bounded', { reservedConcurrency: 3 }),
      ],
    };
    expect(manifestProblems(m)).toEqual([
      'unbounded: anyone can invoke it, so it needs a reservedConcurrency',
      'disabled: reservedConcurrency must be a whole number of at least 1',
    ]);
  });

  it('keeps every function anyone can invoke (the OAuth callback too) away from the token secrets', () => {
    const m: Manifest = {
      ...fixtureManifest,
      functions: [
        {
          name: 'leaky-callback',
          entry: 'functions/connect/callback.ts',
          description: 'a public route with token secrets',
          triggers: [{ kind: 'http', method: 'GET', path: '/leaky', auth: 'public' }],
          reservedConcurrency: 1,
          access: { tokenSecrets: 'read' },
        },
      ],
    };
    expect(manifestProblems(m)).toEqual([
      'leaky-callback: anyone can invoke it, so it may not touch token secrets',
    ]);
    const publicWithTokens = manifest.functions.filter(
      (fn) => isPublicFunction(fn) && fn.access.tokenSecrets,
    );
    expect(publicWithTokens.map((fn) => fn.name)).toEqual([]);
  });
});
