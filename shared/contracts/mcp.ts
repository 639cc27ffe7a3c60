import * as z from 'zod';
import { errorBody } from './common';
import { defineRoute, type RouteContract } from './route-contract';

/**
 * Agent tools over MCP (DESIGN §5 "Agent tools (MCP)"): Streamable HTTP in its stateless
 * JSON-response mode behind the dashboard JWT, and the RFC 9728 document that tells a
 * standard MCP client where that JWT comes from.
 */

/** One JSON-RPC 2.0 message, or a batch of them; the MCP SDK checks each message itself. */
const jsonRpcMessage = z.object({ jsonrpc: z.literal('2.0') }).loose();
export const mcpRequestBody = z
  .union([jsonRpcMessage, z.array(jsonRpcMessage).min(1)])
  .meta({ id: 'JsonRpcRequest', description: 'A JSON-RPC 2.0 message of the Model Context Protocol' });

export const mcpRoute = defineRoute({
  method: 'POST',
  path: '/mcp',
  summary:
    'MCP Streamable HTTP (stateless, JSON responses): the guarded campaign API as tools; the actor comes from the JWT',
  auth: 'jwt',
  body: mcpRequestBody,
  responses: {
    200: z.union([jsonRpcMessage, z.array(jsonRpcMessage)]).meta({ id: 'JsonRpcResponse' }),
    /** A notification or a response from the client: accepted, nothing to answer. */
    202: z.undefined(),
    /** The SDK's JSON-RPC errors: a malformed message (400), a wrong Accept (406) or type (415). */
    400: jsonRpcMessage,
    406: jsonRpcMessage,
    415: jsonRpcMessage,
  },
});

/** Stateless: no server-sent stream to open and no session to end (MCP: answer 405). */
export const mcpStreamRoute = defineRoute({
  method: 'GET',
  path: '/mcp',
  summary: 'No event stream: this MCP server is stateless and answers every request in its POST',
  auth: 'jwt',
  responses: { 405: errorBody },
});

export const protectedResourceBody = z
  .object({
    resource: z.url(),
    authorization_servers: z.array(z.url()).min(1),
    bearer_methods_supported: z.array(z.literal('header')),
    resource_name: z.string(),
    resource_documentation: z.url().optional(),
  })
  .meta({ id: 'ProtectedResourceMetadata' });

export const protectedResourceRoute = defineRoute({
  method: 'GET',
  path: '/.well-known/oauth-protected-resource',
  summary: 'OAuth 2.0 Protected Resource Metadata (RFC 9728) of /mcp: who issues its bearer tokens',
  auth: 'public',
  responses: { 200: protectedResourceBody },
});

export const mcpRoutes: RouteContract[] = [mcpRoute, mcpStreamRoute, protectedResourceRoute];
