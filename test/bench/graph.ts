/**
 * `graph` bench area: how economically the Graph client reads Meta, against the simulator.
 * - `pagingRequestsRatio`: requests made ÷ the minimum pages needed (ceil(10 000 / 500)) to
 *   read a 10 000-object edge. Target ≤ 1.05.
 * - `retryOverheadRatio`: wall time of a sync-like workload (the 10 000-row edge plus 60
 *   ad-account reads, 6 at a time) when 20 % of all calls fail with a transient 5xx, ÷ the same
 *   workload without faults, at 30 ms simulated latency. Target ≤ 1.5. A call that still fails
 *   after its retries is requeued, as the queue consumer would, and resumed from its checkpoint.
 *   Which calls fail is one seeded draw; the edge's pages are read one after another, so a
 *   draw that fails one page four times running costs far more than one that spreads its
 *   failures. The figure is the median over five draws (seeds 1–5), each reported.
 */
import { businessAssets, type MetaSimulator, startMetaSimulator } from '../../infra/local/meta-simulator';
import { seededRandom } from '../../infra/local/meta-simulator/seeded-random';
import { GraphClient } from '../../shared/meta/graph-client';
import { DEFAULT_PAGE_LIMIT, pagingCheckpointOf } from '../../shared/meta/graph-paging';
import { MetaTransientError } from '../../shared/platform/errors';
import { median, roundTo } from './statistics';

const EDGE_ROWS = 10_000;
const OBJECT_READS = 60;
const READ_CONCURRENCY = 6;
const LATENCY_MS = 30;
const FAULT_RATIO = 0.2;
const FAULT_DRAWS = 5;

export interface GraphFigures {
  pagingRequestsRatio: number;
  retryOverheadRatio: number;
  /** What the ratios were computed from, for the record. */
  detail: {
    pagingRequests: number;
    minimumPages: number;
    cleanMs: number;
    cleanRequests: number;
    /** Per draw (seeds 1–5), comma-separated. */
    retryOverheadRatios: string;
    faultyMs: string;
    faultyRequests: string;
  };
}

export async function benchGraph(): Promise<GraphFigures> {
  const sim = await startMetaSimulator({
    seed: {
      businesses: 1,
      tokens: 1,
      perBusiness: businessAssets({ ownedAdAccounts: EDGE_ROWS }),
    },
  });
  try {
    const accessToken = sim.scenario.tokens[0]?.accessToken ?? '';
    const edge = `/${sim.scenario.businessIds[0] ?? ''}/owned_ad_accounts`;
    const accounts = sim.scenario.expected.adAccounts.slice(0, OBJECT_READS).map((a) => a.id);

    // Paging economy.
    sim.resetRequests();
    const rows = await newClient(sim, 1).pageAll(edge, { accessToken, fields: 'id,name' });
    if (rows.length !== EDGE_ROWS) throw new Error(`read ${rows.length} rows, expected ${EDGE_ROWS}`);
    const pagingRequests = sim.countRequests({ path: edge });
    const minimumPages = Math.ceil(EDGE_ROWS / DEFAULT_PAGE_LIMIT);

    // Retry overhead: the same workload, clean then with 20 % transient faults.
    sim.setLatency(LATENCY_MS);
    await workload(newClient(sim, 2), edge, accounts, accessToken); // warm-up (JIT, sockets)
    sim.resetRequests();
    const cleanMs = await timed(() => workload(newClient(sim, 3), edge, accounts, accessToken));
    const cleanRequests = sim.countRequests();
    const draws: { seed: number; faultyMs: number; faultyRequests: number }[] = [];
    for (let seed = 1; seed <= FAULT_DRAWS; seed++) {
      const fault = sim.addFault({
        path: '^/',
        ratio: FAULT_RATIO,
        seed,
        status: 503,
        error: { code: 2, is_transient: true },
      });
      sim.resetRequests();
      const faultyMs = await timed(() => workload(newClient(sim, 4), edge, accounts, accessToken));
      draws.push({ seed, faultyMs, faultyRequests: sim.countRequests() });
      sim.removeFault(fault);
    }
    const ratios = draws.map((draw) => roundTo(draw.faultyMs / cleanMs, 3));

    return {
      pagingRequestsRatio: roundTo(pagingRequests / minimumPages, 3),
      retryOverheadRatio: median(ratios),
      detail: {
        pagingRequests,
        minimumPages,
        cleanMs,
        cleanRequests,
        retryOverheadRatios: ratios.join(','),
        faultyMs: draws.map((draw) => draw.faultyMs).join(','),
        faultyRequests: draws.map((draw) => draw.faultyRequests).join(','),
      },
    };
  } finally {
    await sim.close();
  }
}

/** The production client (default retry policy), with a seeded jitter so runs compare. */
function newClient(sim: MetaSimulator, seed: number): GraphClient {
  return new GraphClient({
    baseUrl: sim.url,
    version: 'v26.0',
    appSecret: sim.appSecret,
    random: seededRandom(seed),
    logger: { warn: () => undefined, debug: () => undefined },
  });
}

/** Reads the edge to the end and the ad accounts `READ_CONCURRENCY` at a time, concurrently. */
async function workload(
  graph: GraphClient,
  edge: string,
  accounts: string[],
  accessToken: string,
): Promise<void> {
  const readEdge = async () => {
    let cursor: string | undefined;
    let rows = 0;
    for (;;) {
      try {
        for await (const page of graph.pages(edge, { accessToken, fields: 'id,name', startCursor: cursor })) {
          rows += page.items.length;
          cursor = page.nextCursor;
        }
        break;
      } catch (err: unknown) {
        // Requeued by the consumer: resume where the checkpoint says.
        if (!(err instanceof MetaTransientError)) throw err;
        cursor = pagingCheckpointOf(err)?.cursor ?? cursor;
      }
    }
    if (rows < EDGE_ROWS) throw new Error(`edge read ${rows} rows`);
  };
  const readAccounts = async () => {
    const queue = [...accounts];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        for (;;) {
          try {
            await graph.get(`/${id}`, { accessToken, fields: 'id,name,currency' });
            break;
          } catch (err: unknown) {
            if (!(err instanceof MetaTransientError)) throw err;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: READ_CONCURRENCY }, worker));
  };
  await Promise.all([readEdge(), readAccounts()]);
}

async function timed(run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await run();
  return Math.round(performance.now() - started);
}

/** mulberry32: a small deterministic PRNG for the client's jitter. */
