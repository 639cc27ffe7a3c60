/**
 * The esbuild settings every Lambda bundle is built with: the CDK function construct and
 * the `functions` bench both read them, so the bench measures what AWS runs.
 *
 * The SDK v3 (`@aws-sdk/*`, `@smithy/*`) is bundled into each function, tree-shaken (ESM
 * builds first: `mainFields` module-first, 713 KB → 496 KB for a DynamoDB + SQS handler),
 * instead of being read from the Node 22 runtime's copy: Lambda bills the INIT phase since
 * August 2025, and requiring the runtime's SDK at init cost ~45 ms more per function than its
 * tree-shaken copy (measured earlier on this machine, CPU ms of `require(bundle)` in a fresh
 * process: get-connection 57 vs 105 ms, sync-tasks 75 vs 117 ms). The budget is time, not
 * bytes: init ≤ 100 ms and a bundle ≤ 1 MB for every function (`npm run bench -- functions`).
 * `sourcesContent: false` shrinks the source map ~4× (830 → 210 KB); stack traces need only
 * the mappings. No `--enable-source-maps`: it parses the map at init (6–19 ms of every cold
 * start); the injected shared/platform/lazy-source-maps.ts maps a stack when one is read.
 * CommonJS, not ESM: the same code as ESM took 4–10 ms longer to init (measured earlier).
 */
export const functionBundling = {
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  /** ESM builds first: they tree-shake, the CommonJS builds do not. */
  mainFields: ['module', 'main'],
  /** First in every bundle: maps stack traces to the sources, reading the map on first use. */
  inject: ['./shared/platform/lazy-source-maps.ts'],
  /** Nothing: every function carries what it imports, the SDK included. */
  external: [] as string[],
  /**
   * Packages a bundle gets a local module for instead (paths from the repo root, where
   * esbuild runs). `ajv`: the MCP SDK imports it for a default validator we never use
   * (shared/mcp/ajv-not-bundled.ts). `readable-stream`: the Encryption SDK's copy of Node 10's
   * streams (~38 KB); Node's own serve it (shared/store/envelope/readable-stream-on-node.ts).
   * `bn.js`: the Encryption SDK's big numbers, on BigInt (~45 KB, and its point decoders set up
   * at import: shared/store/envelope/bn-on-bigint.ts). `asn1.js`: the SDK's PEM/DER shapes,
   * which only the signed suites use (shared/store/envelope/asn1-not-bundled.ts).
   */
  alias: {
    ajv: './shared/mcp/ajv-not-bundled.ts',
    'ajv-formats': './shared/mcp/ajv-not-bundled.ts',
    'readable-stream': './shared/store/envelope/readable-stream-on-node.ts',
    'bn.js': './shared/store/envelope/bn-on-bigint.ts',
    'asn1.js': './shared/store/envelope/asn1-not-bundled.ts',
  } as Record<string, string>,
} as const;
