import { mcpRoute, mcpStreamRoute } from '../../shared/contracts/mcp';
import { answerMcp } from '../../shared/mcp/mcp-endpoint';
import { routeHandlersOf } from '../../shared/mcp/route-call';
import { MethodNotAllowedError } from '../../shared/platform/errors';
import { answerFor, httpRoute, httpRouter } from '../../shared/platform/http';
import { handler as adObjectReads } from '../campaigns/ad-object-reads';
import { handler as adObjectWrites } from '../campaigns/ad-object-writes';
import { handler as approvals } from '../campaigns/approvals';
import { handler as audit } from '../campaigns/audit';
import { handler as bulk } from '../campaigns/bulk';
import { handler as controls } from '../campaigns/controls';
import { handler as listInsights } from '../insights/list-insights';
import { handler as listAssets } from '../sync/list-assets';

/** The routes the tools call: the dashboard's own handlers, so there is no second path to Meta. */
const handlers = routeHandlersOf(
  adObjectReads,
  adObjectWrites,
  bulk,
  controls,
  approvals,
  audit,
  listAssets,
  listInsights,
);

/** `POST /mcp`: MCP Streamable HTTP, stateless, JSON answers; `GET /mcp` has no stream (405). */
export const handler = httpRouter(
  httpRoute(
    mcpRoute,
    async (req) => {
      const { status, body } = await answerMcp(req, handlers, req.context);
      return answerFor(mcpRoute, { status, body });
    },
    // The SDK reads the message: a malformed one gets its JSON-RPC error (-32700), as clients expect.
    { rawBodyOnly: true },
  ),
  httpRoute(mcpStreamRoute, async () => {
    throw new MethodNotAllowedError('This MCP server is stateless: POST each request to /mcp.', 'POST');
  }),
);
