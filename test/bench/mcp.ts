/**
 * `mcp` bench area (issue 17), through the local runtime, DynamoDB Local and the Meta
 * simulator, as an agent calls it:
 * - toolCallOverheadP99Ms: p99 of a guarded pause through `/mcp` (official MCP client, an
 *   agent under the default matrix) minus p99 of the same pause through
 *   `POST /meta/campaigns/{id}/pause`, interleaved in one run (target ≤ 10);
 * - the same difference at p50, the p50s and p99s it comes from, and the p50 of `tools/list`.
 * Each pause is of its own ACTIVE campaign under a fresh key, so every one really runs (matrix,
 * caps, the Meta call, the audit); warm-up first, as in a container in steady use.
 */
import { resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startLocalRuntime } from '../../infra/local/runtime';
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
  /** The same difference at the median: steadier than p99 over 200 samples. */
  toolCallOverheadP50Ms: number;
  pauseP50Ms: number;
  pauseP99Ms: number;
  restPauseP50Ms: number;
  restPauseP99Ms: number;
  toolsListMs: number;
  samples: number;
}

const ROOT = resolve(__dirname, '..', '..');
const SAMPLES = 200;
const WARM_UP = 30;

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
    const campaigns = await activeCampaigns(world, 2 * (SAMPLES + WARM_UP));
    await rt.idle(60_000);
    const next = () => {
      const id = campaigns.pop();
      if (!id) throw new Error('out of campaigns');
      return id;
    };
    const viaMcp = async () => {
      const started = performance.now();
      const result = await client.callTool({
        name: 'pause_campaign',
        arguments: { id: next(), idempotencyKey: newKey() },
      });
      const ms = performance.now() - started;
      if (result.isError)
        throw new Error(`pause through MCP refused: ${JSON.stringify(result.structuredContent)}`);
      return ms;
    };
    const viaRest = async () => {
      const started = performance.now();
      const answer = await mutate(world, 'POST', `/meta/campaigns/${next()}/pause`, { token: world.agent });
      const ms = performance.now() - started;
      if (answer.status !== 200) throw new Error(`pause through REST answered ${answer.status}`);
      return ms;
    };
    for (let i = 0; i < WARM_UP; i++) {
      await viaMcp();
      await viaRest();
    }
    const mcp: number[] = [];
    const rest: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      // Alternating who goes first: neither side always runs right after the other's writes.
      if (i % 2 === 0) {
        mcp.push(await viaMcp());
        rest.push(await viaRest());
      } else {
        rest.push(await viaRest());
        mcp.push(await viaMcp());
      }
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
      samples: SAMPLES,
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
