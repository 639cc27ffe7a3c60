import * as z from 'zod';
import { campaignCreateRequest } from '../../../shared/contracts/ad-object-schemas';
import { campaignRoutes } from '../../../shared/contracts/campaigns';
import { routeContracts } from '../../../shared/contracts/index';
import { buildOpenApi } from '../../../shared/contracts/openapi';
import type { RouteContract } from '../../../shared/contracts/route-contract';
import { listedTools } from '../../../shared/mcp/mcp-endpoint';
import { mcpTools, type ToolSpec } from '../../../shared/mcp/tool-catalog';
import { toolInput } from '../../../shared/mcp/tool-input';
import { toolListing } from '../../../shared/mcp/tool-listing';
import { type JsonSchema, type ListedTool, type OpenApiOperation, toolDrift } from './tool-route-drift';

/** Issue 17: `/openapi.json` and `tools/list` cannot drift apart. */

const info = { title: 'Meta Ads API', version: 'test' };
const openApi = buildOpenApi(routeContracts, info);
const listed = new Map(listedTools().map((tool) => [tool.name, tool as ListedTool]));

function operationOf(
  route: RouteContract,
  doc: { paths: Record<string, Record<string, unknown>> } = openApi,
) {
  const operation = doc.paths[route.path]?.[route.method.toLowerCase()];
  if (operation === undefined) throw new Error(`/openapi.json has no ${route.method} ${route.path}`);
  return operation as OpenApiOperation;
}

function toolNamed(name: string): { spec: ToolSpec; tool: ListedTool; operation: OpenApiOperation } {
  const spec = mcpTools.find((t) => t.name === name);
  const tool = listed.get(name);
  if (!spec || !tool) throw new Error(`no tool ${name}`);
  return { spec, tool: structuredClone(tool), operation: structuredClone(operationOf(spec.route)) };
}

const argumentsOf = (tool: ListedTool) => tool.inputSchema.properties as Record<string, JsonSchema>;
const requiredOf = (tool: ListedTool) => tool.inputSchema.required as string[];

describe('tools/list against /openapi.json', () => {
  it('lists every catalog tool once, each on a route /openapi.json documents', () => {
    expect([...listed.keys()]).toEqual(mcpTools.map((t) => t.name));
    for (const spec of mcpTools) expect(() => operationOf(spec.route)).not.toThrow();
  });

  it.each(mcpTools.map((spec) => [spec.name, spec] as const))(
    "%s takes exactly its route's parameters and body fields, with the same schemas",
    (name, spec) => {
      const tool = listed.get(name);
      if (!tool) throw new Error(`${name} is not listed`);
      expect(toolDrift(tool, operationOf(spec.route), spec.mutation)).toEqual([]);
    },
  );

  it("takes an amount as the Money branch of the route's union, never a bare integer", () => {
    const { tool, operation } = toolNamed('create_campaign');
    const body = operation.requestBody?.content['application/json'].schema as {
      definitions: Record<string, JsonSchema>;
    };
    const { $defs } = tool.inputSchema as { $defs: Record<string, JsonSchema> };
    expect(argumentsOf(tool).dailyBudget).toEqual({ $ref: '#/$defs/Money' });
    expect($defs.Money).toEqual(body.definitions.Money);
  });
});

describe('the drift check', () => {
  it('finds a body field a route gained and its tool did not', () => {
    const { spec, tool } = toolNamed('create_campaign');
    const widened = {
      ...campaignRoutes.create,
      body: campaignCreateRequest.extend({ labels: z.array(z.string()).optional() }),
    };
    const operation = operationOf(widened, buildOpenApi([widened], info));
    expect(toolDrift(tool, operation, spec.mutation)).toEqual([
      'labels is in the route but no tool argument',
    ]);
    // The tool derived from the widened contract has it: tools follow their contracts.
    const derived = toolListing({ ...spec, route: widened }, toolInput({ ...spec, route: widened }));
    expect(toolDrift(derived as ListedTool, operation, spec.mutation)).toEqual([]);
  });

  it("finds a body field whose schema is not the route's", () => {
    const { spec, tool, operation } = toolNamed('create_campaign');
    argumentsOf(tool).name = { ...argumentsOf(tool).name, maxLength: 200 };
    expect(toolDrift(tool, operation, spec.mutation)).toEqual([expect.stringMatching(/^name differs: /)]);
  });

  it('finds a field the route requires and the tool leaves optional, and the converse', () => {
    const { spec, tool, operation } = toolNamed('create_campaign');
    tool.inputSchema.required = requiredOf(tool)
      .filter((n) => n !== 'name')
      .concat('spendCap');
    expect(toolDrift(tool, operation, spec.mutation)).toEqual([
      'name is required by the route but optional in the tool',
      'spendCap is not required by the route but required in the tool',
    ]);
  });

  it('finds an amount that takes a bare integer', () => {
    const { spec, tool, operation } = toolNamed('update_adset');
    argumentsOf(tool).bidAmount = { anyOf: [{ type: 'integer', minimum: 0 }, { $ref: '#/$defs/Money' }] };
    expect(toolDrift(tool, operation, spec.mutation)).toEqual([
      expect.stringMatching(/^bidAmount differs: /),
    ]);
  });

  it('finds a missing path parameter, a missing query parameter and a flag that is no boolean', () => {
    const { spec, tool, operation } = toolNamed('delete_campaign');
    delete argumentsOf(tool).id;
    tool.inputSchema.required = requiredOf(tool).filter((n) => n !== 'id');
    argumentsOf(tool).dryRun = { type: 'string', enum: ['true', 'false'] };
    expect(toolDrift(tool, operation, spec.mutation)).toEqual([
      'path parameter id is no string argument of the tool',
      'id is required by the route but optional in the tool',
      'query flag dryRun is no boolean argument of the tool',
    ]);
    const insights = toolNamed('get_insights');
    delete argumentsOf(insights.tool).cursor;
    expect(toolDrift(insights.tool, insights.operation, false)).toEqual([
      'cursor is in the route but no tool argument',
    ]);
  });

  it('finds an argument that is not the route’s, and an idempotencyKey off a mutation or missing on one', () => {
    const { spec, tool, operation } = toolNamed('list_campaigns');
    argumentsOf(tool).idempotencyKey = { type: 'string' };
    argumentsOf(tool).accountName = { type: 'string' };
    expect(toolDrift(tool, operation, spec.mutation)).toEqual([
      'idempotencyKey is a tool argument but neither a body field nor a parameter of the route',
      'accountName is a tool argument but neither a body field nor a parameter of the route',
    ]);
    const pause = toolNamed('pause_ad');
    delete argumentsOf(pause.tool).idempotencyKey;
    pause.tool.inputSchema.required = requiredOf(pause.tool).filter((n) => n !== 'idempotencyKey');
    expect(toolDrift(pause.tool, pause.operation, true)).toEqual([
      'a mutation without a required idempotencyKey',
    ]);
  });

  it('finds arguments left open to anything else', () => {
    const { spec, tool, operation } = toolNamed('get_controls');
    tool.inputSchema.additionalProperties = {};
    expect(toolDrift(tool, operation, spec.mutation)).toEqual([
      'the arguments are not a closed object (additionalProperties: false)',
    ]);
  });

  it("lets a bulk operation's own key be optional, and nothing else of the operation differ", () => {
    const { spec, tool, operation } = toolNamed('bulk_operations');
    const item = (argumentsOf(tool).operations as { items: JsonSchema }).items as {
      properties: Record<string, JsonSchema>;
      required: string[];
    };
    expect(item.required).not.toContain('idempotencyKey');
    item.properties.idempotencyKey = { ...item.properties.idempotencyKey, maxLength: 64 };
    expect(toolDrift(tool, operation, spec.mutation)).toEqual([
      expect.stringMatching(/^operations differs: /),
    ]);
    const again = toolNamed('bulk_operations');
    const items = (argumentsOf(again.tool).operations as { items: { required: string[] } }).items;
    items.required = items.required.filter((n) => n !== 'op');
    expect(toolDrift(again.tool, again.operation, again.spec.mutation)).toEqual([
      expect.stringMatching(/^operations differs: /),
    ]);
  });

  it('normalises only what the two JSON Schema targets write differently', () => {
    const { spec, tool, operation } = toolNamed('create_adset');
    // A record's key rule beyond "a string" is not a target difference: it must match.
    argumentsOf(tool).promotedObject = {
      ...argumentsOf(tool).promotedObject,
      propertyNames: { type: 'string', pattern: '^[a-z_]+$' },
    };
    expect(toolDrift(tool, operation, spec.mutation)).toEqual([
      expect.stringMatching(/^promotedObject differs: /),
    ]);
  });
});
