import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';
import type { ToolSpec } from './tool-catalog';
import type { ToolInput } from './tool-input';

/**
 * A tool as `tools/list` shows it: its arguments' JSON Schema drawn from the same zod
 * contracts as `/openapi.json` (a test holds the two against each other), with hints a
 * client shows its user before a call.
 */
export function toolListing(spec: ToolSpec, input: ToolInput): Tool {
  const schema = z.toJSONSchema(input.schema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  delete schema.$schema;
  return {
    name: spec.name,
    title: spec.title,
    description: spec.description,
    inputSchema: { ...schema, type: 'object' },
    annotations: {
      title: spec.title,
      readOnlyHint: !spec.mutation,
      destructiveHint: spec.name.startsWith('delete_') || spec.name === 'bulk_operations',
      // A repeat with the same idempotencyKey answers the first result.
      idempotentHint: true,
      openWorldHint: true,
    },
  };
}
