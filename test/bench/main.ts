/**
 * `npm run bench [-- area…]`: runs the benchmarks and prints ONE JSON object of figures,
 * nested by area. Progress goes to stderr so stdout stays parseable.
 */
import './bench-env';
import { benchFunctions } from './functions';
import { benchGraph } from './graph';
import { benchSync } from './sync';
import { benchWebhook } from './webhook';

const areas: Record<string, () => Promise<unknown>> = {
  functions: benchFunctions,
  graph: benchGraph,
  sync: benchSync,
  webhook: benchWebhook,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((a) => !(a in areas));
  if (unknown.length > 0) {
    console.error(`Unknown bench area(s): ${unknown.join(', ')}. Known: ${Object.keys(areas).join(', ')}`);
    process.exit(2);
  }
  const figures: Record<string, unknown> = {};
  for (const [name, run] of Object.entries(areas)) {
    if (wanted.length > 0 && !wanted.includes(name)) continue;
    const started = Date.now();
    console.error(`bench ${name}…`);
    figures[name] = await run();
    console.error(`bench ${name} done in ${Date.now() - started} ms`);
  }
  console.log(JSON.stringify(figures, null, 2));
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
