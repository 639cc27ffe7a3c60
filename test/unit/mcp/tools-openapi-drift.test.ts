import { routeContracts } from '../../../shared/contracts';
import { buildOpenApi } from '../../../shared/contracts/openapi';
import { AMOUNT_FIELDS } from '../../../shared/domain/amounts';
import { listedTools } from '../../../shared/mcp/mcp-endpoint';
import { mcpTools } from '../../../shared/mcp/tool-catalog';

/**
 * `/openapi.json` and `tools/list` cannot drift apart: both come from the route contracts,
 * and this test holds each tool's arguments against its route's operation. What may differ,
 * on purpose (shared/mcp/tool-input.ts): amounts are only `{minor, currency}` (the REST
 * union's Money branch), query flags are JSON booleans (REST: 'true' | 'false'), mutations add
 * `idempotencyKey` (REST: the Idempotency-Key header), and a bulk operation's own key is
 * optional. The two documents use different JSON Schema targets (OpenAPI 3.0 with
 * `#/definitions/…`, draft 2020-12 with `#/$defs/…`): refs are resolved on both sides, a
 * record's `propertyNames: {type: string}` (2020-12 only; JSON keys are strings anyway) is
 * dropped, a literal's `const: x` (2020-12) reads as OpenAPI 3.0's `enum: [x]`, and `description`s are left out (the tool's flags say what they mean).
 */

type Schema = Record<string, unknown>;
interface Operation {
  parameters?: { name: string; in: string; required: boolean; schema: Schema }[];
  requestBody?: { required: boolean; content: { 'application/json': { schema: Schema } } };
}
interface ListedTool {
  name: string;
  inputSchema: Schema;
}

const openApi = buildOpenApi(routeContracts, { title: 'drift', version: '1' }) as unknown as {
  paths: Record<string, Record<string, Operation>>;
};

/** The schema with every local `$ref` replaced by what it names, descriptions dropped. */
function resolve(root: Schema, schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map((s) => resolve(root, s));
  if (typeof schema !== 'object' || schema === null) return schema;
  const { $ref, description: _description, definitions: _d, $defs: _defs, ...rest } = schema as Schema;
  if (typeof $ref === 'string') {
    let target: unknown = root;
    for (const part of $ref.replace(/^#\//, '').split('/')) target = (target as Schema)[part];
    if (target === undefined) throw new Error(`$ref ${$ref} names nothing`);
    return { ...(resolve(root, target) as Schema), ...(resolve(root, rest) as Schema) };
  }
  const kept = Object.entries(rest).filter(
    ([key, value]) => !(key === 'propertyNames' && same(value, { type: 'string' })),
  );
  return Object.fromEntries(kept.map(([k, v]) => (k === 'const' ? ['enum', [v]] : [k, resolve(root, v)])));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const isFlag = (schema: Schema) => same(schema.enum, ['true', 'false']);

/** Every difference between a tool's arguments and its operation, beyond the documented ones. */
function driftOf(tool: ListedTool, operation: Operation, mutation: boolean): string[] {
  const problems: string[] = [];
  const toolRoot = tool.inputSchema;
  const toolProps = (toolRoot.properties ?? {}) as Record<string, Schema>;
  const toolRequired = new Set((toolRoot.required ?? []) as string[]);
  const argument = (name: string) =>
    toolProps[name] ? (resolve(toolRoot, toolProps[name]) as Schema) : undefined;
  const explained = new Set<string>();

  for (const param of operation.parameters ?? []) {
    explained.add(param.name);
    const arg = argument(param.name);
    if (!arg) problems.push(`${param.name} (${param.in}) is not an argument`);
    else if (isFlag(param.schema)) {
      if (arg.type !== 'boolean') problems.push(`${param.name}: a query flag must be a boolean argument`);
    } else if (!same(arg, resolve({}, param.schema))) problems.push(`${param.name}: schema differs`);
    if (param.required !== toolRequired.has(param.name)) problems.push(`${param.name}: required differs`);
  }

  const body = operation.requestBody?.content['application/json'].schema;
  if (body) {
    const rest = resolve(body, body) as Schema;
    const restProps = (rest.properties ?? {}) as Record<string, Schema>;
    const restRequired = new Set((rest.required ?? []) as string[]);
    for (const [name, schema] of Object.entries(restProps)) {
      explained.add(name);
      const arg = argument(name);
      if (!arg) {
        problems.push(`body field ${name} is not an argument`);
        continue;
      }
      if (restRequired.has(name) !== toolRequired.has(name)) problems.push(`${name}: required differs`);
      if ((AMOUNT_FIELDS as readonly string[]).includes(name)) {
        const money = (schema.anyOf as Schema[] | undefined)?.find((branch) => branch.type === 'object');
        if (!money || !same(arg, money)) problems.push(`${name}: must be the REST Money branch`);
      } else if (tool.name === 'bulk_operations' && name === 'operations') {
        problems.push(...bulkDrift(schema, arg));
      } else if (!same(arg, schema)) problems.push(`${name}: schema differs`);
    }
  }

  if (mutation) {
    explained.add('idempotencyKey');
    if (!toolRequired.has('idempotencyKey')) problems.push('idempotencyKey must be required on a mutation');
  }
  for (const name of Object.keys(toolProps))
    if (!explained.has(name)) problems.push(`argument ${name} is neither a parameter nor a body field`);
  return problems;
}

/** A bulk operation: the REST item, its key optional, its body's amounts with their currency. */
function bulkDrift(rest: Schema, tool: Schema): string[] {
  const restItem = rest.items as Schema;
  const toolItem = tool.items as Schema;
  const problems: string[] = [];
  const strip = (item: Schema) => {
    const { idempotencyKey: _k, body: _b, ...props } = item.properties as Schema;
    return props;
  };
  if (!same(strip(restItem), strip(toolItem))) problems.push('operations[]: fields differ');
  const required = (item: Schema) =>
    ((item.required ?? []) as string[]).filter((r) => r !== 'idempotencyKey');
  if (!same(required(restItem), required(toolItem))) problems.push('operations[]: required differs');
  if (rest.maxItems !== tool.maxItems) problems.push('operations: maxItems differs');
  return problems;
}

const listed = new Map(listedTools().map((tool) => [tool.name, tool as unknown as ListedTool]));

function operationOf(name: string): { operation: Operation; mutation: boolean } {
  const spec = mcpTools.find((t) => t.name === name);
  if (!spec) throw new Error(`no tool ${name}`);
  const operation = openApi.paths[spec.route.path]?.[spec.route.method.toLowerCase()];
  if (!operation) throw new Error(`${name}: /openapi.json has no ${spec.route.method} ${spec.route.path}`);
  return { operation, mutation: spec.mutation };
}

describe('tools/list against /openapi.json', () => {
  it('lists one tool per catalog entry, each on a documented operation', () => {
    expect([...listed.keys()]).toEqual(mcpTools.map((t) => t.name));
    for (const spec of mcpTools) expect(() => operationOf(spec.name)).not.toThrow();
  });

  it.each(mcpTools.map((t) => t.name))('%s takes exactly its route’s input', (name) => {
    const tool = listed.get(name);
    if (!tool) throw new Error(`${name} is not listed`);
    const { operation, mutation } = operationOf(name);
    expect(driftOf(tool, operation, mutation)).toEqual([]);
  });

  describe('the comparison can fail', () => {
    const create = () => {
      const tool = listed.get('create_campaign');
      if (!tool) throw new Error('no create_campaign');
      return structuredClone(tool);
    };
    const { operation, mutation } = operationOf('create_campaign');

    it('catches a body field the tool lacks', () => {
      const tool = create();
      delete (tool.inputSchema.properties as Schema).objective;
      expect(driftOf(tool, operation, mutation)).toContain('body field objective is not an argument');
    });

    it('catches a changed field, an amount taken bare, an extra argument and a missing key', () => {
      const tool = create();
      const props = tool.inputSchema.properties as Schema;
      props.name = { type: 'string' };
      props.dailyBudget = { type: 'integer', minimum: 0 };
      props.actor = { type: 'string' };
      tool.inputSchema.required = (tool.inputSchema.required as string[]).filter(
        (r) => r !== 'idempotencyKey',
      );
      expect(driftOf(tool, operation, mutation)).toEqual(
        expect.arrayContaining([
          'name: schema differs',
          'dailyBudget: must be the REST Money branch',
          'argument actor is neither a parameter nor a body field',
          'idempotencyKey must be required on a mutation',
        ]),
      );
    });

    it('catches a REST body field added without the tool', () => {
      const altered = structuredClone(operation);
      const body = altered.requestBody?.content['application/json'].schema as Schema;
      const target = resolve(body, body) as Schema;
      (target.properties as Schema).newField = { type: 'string' };
      (altered.requestBody as { content: { 'application/json': { schema: Schema } } }).content[
        'application/json'
      ].schema = target;
      const tool = listed.get('create_campaign');
      if (!tool) throw new Error('no create_campaign');
      expect(driftOf(tool, altered, mutation)).toContain('body field newField is not an argument');
    });
  });
});
