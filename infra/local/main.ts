import './quiet-sdk-warning';
import { resolve } from 'node:path';
import * as z from 'zod';
import { errorFields } from '../../shared/platform/error-fields';
import { startLocalRuntime } from './runtime';

/** `npm start`: the whole system on this machine, with embedded defaults. */

const env = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    LOCAL_EPHEMERAL: z.enum(['0', '1', 'true', 'false']).optional(),
    META_GRAPH_URL: z.url().optional(),
    LOG_REQUESTS: z.enum(['0', '1']).optional(),
    LOCAL_META_SEED_FILE: z.string().min(1).optional(),
  })
  .safeParse(process.env);
if (!env.success) {
  const issue = env.error.issues[0];
  console.error(`Configuration error: ${issue?.path.join('.')}: ${issue?.message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const { PORT, LOCAL_EPHEMERAL, META_GRAPH_URL, LOG_REQUESTS, LOCAL_META_SEED_FILE } =
    env.data as NonNullable<typeof env.data>;
  const rootDir = resolve(__dirname, '..', '..');
  const ephemeral = LOCAL_EPHEMERAL === '1' || LOCAL_EPHEMERAL === 'true';
  const passthrough = Object.fromEntries(
    [
      'LOCAL_JWT_SECRET',
      'META_APP_ID',
      'META_APP_SECRET',
      'META_GRAPH_VERSION',
      'META_DIALOG_URL',
      'DASHBOARD_URL',
      'API_BASE_URL',
      'META_WEBHOOK_VERIFY_TOKEN',
      'META_WEBHOOK_SIGNING_KEY_CURRENT',
      'META_WEBHOOK_SIGNING_KEY_PREVIOUS',
      'META_WEBHOOK_SIGNING_KEY_ROTATED_AT',
    ]
      .map((k) => [k, process.env[k]])
      .filter((kv): kv is [string, string] => typeof kv[1] === 'string' && kv[1] !== ''),
  );
  const started = Date.now();
  const runtime = await startLocalRuntime({
    port: PORT,
    rootDir,
    ...(ephemeral ? {} : { dataDir: resolve(rootDir, '.local') }),
    ...(META_GRAPH_URL ? { metaGraphUrl: META_GRAPH_URL } : {}),
    ...(LOCAL_META_SEED_FILE ? { simulatorSeedFile: resolve(LOCAL_META_SEED_FILE) } : {}),
    simulatorInsightsHistory: true,
    env: passthrough,
    log: (line) => {
      if (line.level === 'ERROR' || LOG_REQUESTS === '1') console.log(JSON.stringify(line));
    },
  });

  const token = runtime.token();
  const agentToken = runtime.token({ sub: 'dev-agent', actor: 'agent' });
  console.log(`
Meta Ads backend is running (${Date.now() - started} ms) at ${runtime.url}
  data:        ${ephemeral ? 'in memory (LOCAL_EPHEMERAL=1)' : resolve(rootDir, '.local')}
  Meta Graph:  ${runtime.env.META_GRAPH_URL}${runtime.simulator ? ' (built-in simulator)' : ''}
  Webhooks:    ${runtime.url}/webhooks/meta (hub.verify_token ${runtime.env.META_WEBHOOK_VERIFY_TOKEN}; signed with ${runtime.simulator ? "the simulator's app secret" : 'META_WEBHOOK_SIGNING_KEY_CURRENT'})

Dev token (user "dev-user" of workspace "dev-workspace", valid 30 days):
  ${token}
Agent token (an AI agent acting for that workspace: it may read and pause; anything else only as
the controls' agent matrix allows; the connection is the user's):
  ${agentToken}

What to click:
  1. Open ${runtime.url}/console in a browser.
  2. Connect on the Meta Ads tile, then Continue on the (simulated) Facebook login.
  3. Pick an ad account and click "Use this ad account".
  4. Sync: watch the run finish, browse ad accounts / pages / pixels / catalogs, read the notification.
  5. Campaigns: create a campaign, an ad set and an ad (Dry run first if you like), pause, resume,
     change a budget; set spend caps and the agent matrix under Controls; approve an agent's
     proposal under Pending approvals; read the Audit trail.
  6. Creatives: upload an image and a video, watch them become ready, build a carousel.
  7. Insights: pick a campaign, see its spend (bars) and conversions (line) per day for the last
     30 days; "Refresh from Meta" pulls the range again and shows the job's progress.
  8. Experiments: create an A/B split test over two ad sets (2–5 cells, shares summing to 100),
     see its status and each cell's results, Cancel it.
  9. Agents over MCP: point an MCP client at ${runtime.url}/mcp with "Authorization: Bearer <agent
     token>" (Streamable HTTP; README "Agent tools over MCP"); it lists 27 tools.
  10. Disconnect when done.

Or with curl (TOKEN=<the dev token above>):
  curl ${runtime.url}/health
  curl -H "Authorization: Bearer $TOKEN" ${runtime.url}/integrations/meta
  curl -H "Authorization: Bearer $TOKEN" ${runtime.url}/meta/campaigns
  curl ${runtime.url}/openapi.json

Ctrl-C stops everything.`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`Could not start: ${errorFields(err).message}`);
  process.exit(1);
});
