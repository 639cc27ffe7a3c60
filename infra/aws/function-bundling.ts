/**
 * The esbuild settings every Lambda bundle is built with: the CDK function construct and
 * the `functions` bench both read them, so the bench measures what AWS runs.
 *
 * SDK v3 (`@aws-sdk/*`, `@smithy/*`) is left to the Node 22 runtime, which ships it. Measured
 * on this machine (Node 20, esbuild 0.28, minified, `--enable-source-maps`, zod imported as
 * `import * as z`, CPU ms of `require(bundle)` in a fresh process, median of 7):
 *                     SDK bundled            SDK external (read from node_modules)
 *   get-connection    483 KB, 57 ms          139 KB, 105 ms
 *   add-token         598 KB, 73 ms          211 KB, 115 ms
 *   sync-tasks        610 KB, 75 ms          223 KB, 117 ms
 *   webhook-receive   540 KB, 64 ms          160 KB, 108 ms
 * Bundling the SDK tree-shakes it and saves ~45 ms of init, but no function that calls AWS
 * fits the 250 KB budget with it (smithy core alone is 135 KB); external keeps every bundle
 * under budget and init under the 150 ms one, so external it is. `mainFields` module-first
 * matters only when the SDK is bundled (713 KB → 496 KB for a DynamoDB + SQS handler).
 * `sourcesContent: false` shrinks the source map ~4× (830 → 210 KB) and the source-map
 * parse at init from ~6 ms to ~2 ms; stack traces need only the mappings.
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
  external: ['@aws-sdk/*', '@smithy/*'],
} as const;

/** Node flags for the Lambda runtime: map stack traces back to the TypeScript sources. */
export const functionNodeOptions = '--enable-source-maps';
