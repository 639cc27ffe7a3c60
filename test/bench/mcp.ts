/**
 * `mcp` bench area (issue 17), through the local runtime, DynamoDB Local and the Meta
 * simulator, as an agent calls it:
 * - toolCallOverheadP99Ms: p99 of a guarded pause through `/mcp` (official MCP client, an
 *   agent under the default matrix) minus p99 of the same pause through
 *   `POST /meta/campaigns/{id}/pause`, interleaved in one run (target ≤ 10);
 * - the same difference at p50, the p50s and p99s it comes from, and the p50 of `tools/list`.
 *
 * Every pause really runs (matrix, caps, the Meta call, the audit) on an ACTIVE campaign of a
 * small pool under a fresh key; between rounds the user resumes the pool through REST. The
 * app's own Graph token bucket of the ad account (300 points, +30/s, a write 3) must never make
 * a measured pause wait, or both paths would carry the same ~100 ms wait for a token and the
 * layer's overhead would vanish in it: before each round the bench waits, reading the
 * bucket from the rate-limit store, until it holds the round's points.
 */
import { resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startLocalRuntime } from '../../infra/local/runtime';
import { DEFAULT_GRAPH_CALL_POLICY } from '../../shared/domain/graph-call-admission';
import { refillBucket } from '../../shared/domain/token-bucket';
import { adAccountBucketKey } from '../../shared/meta/graph-bucket-key';
import { DynamoDbRateLimitStore } from '../../shared/store/dynamodb/rate-limit-store';
import {
  type CampaignWorld,
  campaignBody,
  connectedWorkspace,
  mutate,
  newKey,
} from '../integration/campaigns/campaign-fixture';
import { percentile, roundTo } from './statistics';

export interface McpFigures {
  toolCallOverheadP99Ms: number;
  /** The same difference at the median: steadier than p99. */
  toolCallOverheadP50Ms: number;
  pauseP50Ms: number;
  pauseP99Ms: number;
  restPauseP50Ms: number;
  restPauseP99Ms: number;
  toolsListMs: number;
  /** Measured pauses each way. */
  samples: number;
  /**
   * The fewest points the ad account's bucket held after a measured round; above a write's 3,
   * no measured pause waited for a token.
   */
  fewestBucketPointsLeft: number;
}

const ROOT = resolve(__dirname, '..', '..');
const SAMPLES = 300;
const WARM_UP_ROUNDS = 2;
/** Campaigns per round: half paused through MCP, half through REST, interleaved. */
const POOL = 20;
/**
 * Points a round may take: each pause is one Graph write (3 points); room for twice that, so a
 * read on the way never makes the last pauses of a round wait either.
 */
const ROUND_POINTS = POOL * 3 * 2;

export async function benchMcp(): Promise<McpFigures> {
  const rt = await startLocalRuntime({ port: 0, rootDir: ROOT });
  const client = new Client({ name: 'bench-agent', version: '1.0.0' });
  try {
    const world = await connectedWorkspace({ rt });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${rt.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${world.agent}` } },
      }),
    );
    const pool = await activeCampaigns(world, POOL);
    await rt.idle(60_000);
    const bucket = accountBucket(world.adAccountId);

    const viaMcp = async (id: string) => {
      const started = performance.now();
      const result = await client.callTool({
        name: 'pause_campaign',
        arguments: { id, idempotencyKey: newKey() },
      });
      const ms = performance.now() - started;
      if (result.isError)
        throw new Error(`pause through MCP refused: ${JSON.stringify(result.structuredContent)}`);
      return ms;
    };
    const viaRest = async (id: string) => {
      const started = performance.now();
      const answer = await mutate(world, 'POST', `/meta/campaigns/${id}/pause`, { token: world.agent });
      const ms = performance.now() - started;
      if (answer.status !== 200) throw new Error(`pause through REST answered ${answer.status}`);
      return ms;
    };
    const resumeAll = async () => {
      for (const id of pool) {
        const answer = await mutate(world, 'POST', `/meta/campaigns/${id}/resume`);
        if (answer.status !== 200) throw new Error(`resume answered ${answer.status}`);
      }
    };

    const mcp: number[] = [];
    const rest: number[] = [];
    let fewestLeft = Number.POSITIVE_INFINITY;
    const rounds = WARM_UP_ROUNDS + Math.ceil((2 * SAMPLES) / POOL);
    for (let round = 0; round < rounds; round++) {
      await bucket.waitFor(ROUND_POINTS);
      const measured = round >= WARM_UP_ROUNDS;
      for (let i = 0; i < POOL; i += 2) {
        const [first, second] = [pool[i], pool[i + 1]];
        if (first === undefined || second === undefined) throw new Error('the pool is of an even size');
        // Alternating who goes first: neither side always runs right after the other's writes.
        const mcpFirst = (i / 2 + round) % 2 === 0;
        const a = mcpFirst ? await viaMcp(first) : await viaRest(first);
        const b = mcpFirst ? await viaRest(second) : await viaMcp(second);
        if (measured && mcp.length < SAMPLES) {
          mcp.push(mcpFirst ? a : b);
          rest.push(mcpFirst ? b : a);
        }
      }
      if (measured) fewestLeft = Math.min(fewestLeft, await bucket.points());
      // The user resumes the pool (unmeasured), on a bucket that holds the resumes' points too.
      await rt.idle(30_000);
      await bucket.waitFor(ROUND_POINTS);
      await resumeAll();
    }
    const lists: number[] = [];
    for (let i = 0; i < 50; i++) {
      const started = performance.now();
      await client.listTools();
      lists.push(performance.now() - started);
    }
    const round = (v: number) => roundTo(v, 1);
    return {
      toolCallOverheadP99Ms: round(percentile(mcp, 0.99) - percentile(rest, 0.99)),
      toolCallOverheadP50Ms: round(percentile(mcp, 0.5) - percentile(rest, 0.5)),
      pauseP50Ms: round(percentile(mcp, 0.5)),
      pauseP99Ms: round(percentile(mcp, 0.99)),
      restPauseP50Ms: round(percentile(rest, 0.5)),
      restPauseP99Ms: round(percentile(rest, 0.99)),
      toolsListMs: round(percentile(lists, 0.5)),
      samples: mcp.length,
      fewestBucketPointsLeft: round(fewestLeft),
    };
  } finally {
    await client.close().catch(() => undefined);
    await rt.stop();
  }
}

/** ACTIVE campaigns made by the user, one after the other as a dashboard would (no burst at Meta). */
async function activeCampaigns(world: CampaignWorld, count: number): Promise<string[]> {
  const ids: string[] = [];
  while (ids.length < count) {
    const made = await mutate(world, 'POST', '/meta/campaigns', { body: campaignBody({ status: 'ACTIVE' }) });
    if (made.status !== 201) throw new Error(`create answered ${made.status}: ${JSON.stringify(made.body)}`);
    ids.push(made.body.id as string);
  }
  return ids;
}

/** The ad account's management bucket as the app's rate-limit store holds it. */
function accountBucket(adAccountId: string) {
  const store = new DynamoDbRateLimitStore();
  const key = adAccountBucketKey(adAccountId);
  const policy = DEFAULT_GRAPH_CALL_POLICY.bucket;
  const points = async () => {
    const state = await store.get(key);
    return state ? refillBucket(state.bucket, Date.now(), policy).tokens : policy.capacity;
  };
  return {
    /** The points the bucket holds now. */
    points,
    /** Resolves once the bucket holds `wanted` points (it refills at `refillPerSecond`). */
    async waitFor(wanted: number): Promise<void> {
      for (let short = wanted - (await points()); short > 0; short = wanted - (await points())) {
        await new Promise((r) => setTimeout(r, Math.ceil((short / policy.refillPerSecond) * 1000) + 20));
      }
    },
  };
}
