import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { LocalRuntime } from '../../../infra/local/runtime';

/** A tool result's JSON (`structuredContent`): the route's status and its answer or error. */
export interface ToolAnswer {
  isError: boolean;
  status: number;
  replayed?: boolean;
  // biome-ignore lint/suspicious/noExplicitAny: tests read answer bodies freely
  result?: any;
  // biome-ignore lint/suspicious/noExplicitAny: tests read error details freely
  error?: { code: string; message: string; details?: any };
  /** The text the model reads. */
  text: string;
}

/** An MCP client connected to the runtime's `/mcp` as the holder of `token`. */
export interface McpSession {
  client: Client;
  call(name: string, args?: Record<string, unknown>): Promise<ToolAnswer>;
  close(): Promise<void>;
}

/** Connects the official SDK client over Streamable HTTP with `token` as its bearer. */
export async function connectMcp(rt: LocalRuntime, token: string): Promise<McpSession> {
  const client = new Client({ name: 'integration-test-agent', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(`${rt.url}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return {
    client,
    call: async (name, args = {}) => toolAnswerOf(await client.callTool({ name, arguments: args })),
    close: () => client.close(),
  };
}

/** The parts of a `CallToolResult` the tests read, checked to be there. */
export function toolAnswerOf(result: Awaited<ReturnType<Client['callTool']>>): ToolAnswer {
  const structured = result.structuredContent as Record<string, unknown> | undefined;
  if (!structured || typeof structured.status !== 'number') {
    throw new Error(`a tool result without structuredContent.status: ${JSON.stringify(result)}`);
  }
  const content = result.content as { type: string; text?: string }[];
  const text = content.map((c) => c.text ?? '').join('\n');
  return { ...(structured as Omit<ToolAnswer, 'isError' | 'text'>), isError: result.isError === true, text };
}
