import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { Context } from 'aws-lambda';
import { claimsOf, type Principal } from '../platform/auth';
import { type Caller, callRoute, type RouteHandlers, routeCallOf } from './route-call';
import { invalidArgumentsResult, type ToolResult, toolResultOf } from './tool-answer';
import { mcpTools, type ToolSpec } from './tool-catalog';
import { type ToolInput, toolInput } from './tool-input';
import { toolListing } from './tool-listing';
import { ZodJsonSchemaValidator } from './zod-json-schema-validator';

export const MCP_SERVER_INFO = { name: 'meta-ads', version: '1.0.0' } as const;

const INSTRUCTIONS =
  "Tools over a marketer's Meta ad accounts. Every change runs under the marketer's spend caps and agent-control " +
  'matrix (get_controls): the default lets an agent pause and nothing else; a refusal is a tool result with isError ' +
  'and the code, rule or cap that refused. Amounts are {"minor": <integer>, "currency": "<ISO code>"} in the ad ' +
  "account's currency. Pass an idempotencyKey with every change and reuse it on retry; dryRun: true checks without changing.";

interface CompiledTool {
  spec: ToolSpec;
  input: ToolInput;
}

let compiled: Map<string, CompiledTool> | undefined;
let listing: Tool[] | undefined;
/**
 * One validator for every request (the SDK builds a new Ajv per server otherwise): zod, not
 * Ajv, which the bundles leave out (shared/mcp/ajv-not-bundled.ts). Only elicitation would
 * use it, and no tool elicits.
 */
const sharedValidator = new ZodJsonSchemaValidator();

function tools(): Map<string, CompiledTool> {
  compiled ??= new Map(mcpTools.map((spec) => [spec.name, { spec, input: toolInput(spec) }]));
  return compiled;
}

/** The `tools/list` answer: built once per container from the route contracts. */
export function listedTools(): Tool[] {
  listing ??= [...tools().values()].map(({ spec, input }) => toolListing(spec, input));
  return listing;
}

export interface McpHttpRequest {
  method: string;
  headers: Record<string, string>;
  rawBody: Buffer;
  principal: Principal;
  correlationId: string;
}

export interface McpHttpAnswer {
  status: number;
  headers: Record<string, string>;
  /** The JSON-RPC answer, parsed; absent on a 202. */
  body?: unknown;
}

/**
 * Answers one MCP Streamable HTTP request, stateless and in JSON (no session, no event
 * stream): a fresh SDK server and transport per request, whose `tools/call` runs the tool's
 * route handler in this process as the request's principal.
 */
export async function answerMcp(
  request: McpHttpRequest,
  handlers: RouteHandlers,
  context: Context,
): Promise<McpHttpAnswer> {
  const server = new Server(MCP_SERVER_INFO, {
    capabilities: { tools: { listChanged: false } },
    instructions: INSTRUCTIONS,
    jsonSchemaValidator: sharedValidator,
  });
  const caller: Caller = {
    claims: claimsOf(request.principal),
    correlationId: request.correlationId,
    sourceIp: request.headers['x-forwarded-for']?.split(',')[0]?.trim() || '127.0.0.1',
  };
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: listedTools() }));
  server.setRequestHandler(CallToolRequestSchema, async ({ params }) =>
    runTool(params.name, params.arguments ?? {}, handlers, caller, context),
  );
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  await server.connect(transport);
  try {
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      // The token stays with the gateway's check; nothing below needs it.
      if (name !== 'authorization') headers.set(name, value);
    }
    const response = await transport.handleRequest(
      new Request('http://mcp.local/mcp', {
        method: request.method,
        headers,
        ...(request.rawBody.length > 0 ? { body: request.rawBody.toString('utf8') } : {}),
      }),
    );
    const text = await response.text();
    const answerHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      answerHeaders[name] = value;
    });
    return {
      status: response.status,
      headers: answerHeaders,
      ...(text === '' ? {} : { body: JSON.parse(text) as unknown }),
    };
  } finally {
    await server.close();
  }
}

async function runTool(
  name: string,
  args: Record<string, unknown>,
  handlers: RouteHandlers,
  caller: Caller,
  context: Context,
): Promise<ToolResult> {
  const tool = tools().get(name);
  if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool ${name}; tools/list names them.`);
  const parsed = tool.input.schema.safeParse(args);
  if (!parsed.success) return invalidArgumentsResult(parsed.error);
  const call = routeCallOf(tool.spec.route, tool.input, withOperationKeys(tool.spec, args));
  return toolResultOf(await callRoute(handlers, call, caller, context));
}

/** A bulk operation without its own key gets `<the call's key>:<its index>`. */
function withOperationKeys(spec: ToolSpec, args: Record<string, unknown>): Record<string, unknown> {
  if (spec.name !== 'bulk_operations' || !Array.isArray(args.operations)) return args;
  const key = String(args.idempotencyKey);
  return {
    ...args,
    operations: args.operations.map((op: Record<string, unknown>, index) =>
      op.idempotencyKey === undefined ? { ...op, idempotencyKey: `${key}:${index}` } : op,
    ),
  };
}
