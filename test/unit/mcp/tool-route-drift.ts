import { isDeepStrictEqual } from 'node:util';

/**
 * Holds a tool of `tools/list` against its route's operation in `/openapi.json`: the drift
 * check of issue 17. Both are drawn from the same zod contracts, but through two JSON Schema
 * targets: OpenAPI 3.0 (`/openapi.json`) and draft 2020-12 (MCP's `inputSchema`). Before
 * comparing, `comparable` removes exactly what that difference explains, and nothing else:
 *
 * - where a shared schema sits: OpenAPI's `#/definitions/X` and 2020-12's `#/$defs/X` are
 *   inlined on both sides;
 * - `const: v` (2020-12) is written `enum: [v]` in OpenAPI 3.0, which has no `const`;
 * - `propertyNames: {type: "string"}` (2020-12, a string-keyed record) has no OpenAPI 3.0
 *   form and is left out there; any other `propertyNames` stays and would be a mismatch.
 *
 * What a tool changes on purpose (tool-input.ts) is expected, not normalised away: an amount
 * is the `Money` branch of the route's union, a `'true'|'false'` query flag is a boolean, a
 * mutation adds `idempotencyKey`, and a bulk operation's own key may be left out.
 */

export type JsonSchema = Record<string, unknown>;

export interface OpenApiParameter {
  name: string;
  in: string;
  required: boolean;
  schema: JsonSchema;
}

export interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { required: boolean; content: { 'application/json': { schema: JsonSchema } } };
}

export interface ListedTool {
  name: string;
  inputSchema: JsonSchema;
}

const FLAG_VALUES = ['false', 'true'];

/** The ways `tool` disagrees with `operation`, one line each; empty when they agree. */
export function toolDrift(tool: ListedTool, operation: OpenApiOperation, mutation: boolean): string[] {
  const problems: string[] = [];
  const input = resolved(tool.inputSchema);
  const args = (input.properties ?? {}) as Record<string, JsonSchema>;
  const toolRequired = new Set((input.required ?? []) as string[]);
  if (input.type !== 'object' || input.additionalProperties !== false)
    problems.push('the arguments are not a closed object (additionalProperties: false)');

  const routeArgs = new Set<string>();
  const expectRequired = (name: string, required: boolean) => {
    if (required !== toolRequired.has(name))
      problems.push(
        `${name} is ${required ? '' : 'not '}required by the route but ${required ? 'optional' : 'required'} in the tool`,
      );
  };
  const compare = (name: string, expected: JsonSchema) => {
    const listed = args[name];
    if (listed === undefined) return problems.push(`${name} is in the route but no tool argument`);
    const actual = isBulkOperations(tool.name, name) ? withoutOperationKeyWords(listed) : listed;
    if (!isDeepStrictEqual(comparable(actual), comparable(expected)))
      problems.push(
        `${name} differs: route ${JSON.stringify(comparable(expected))}, tool ${JSON.stringify(comparable(actual))}`,
      );
  };

  for (const parameter of operation.parameters ?? []) {
    routeArgs.add(parameter.name);
    const schema = resolved(parameter.schema);
    if (parameter.in === 'path') {
      // OpenAPI names every path parameter a plain string; the tool keeps the contract's pattern.
      if (args[parameter.name]?.type !== 'string')
        problems.push(`path parameter ${parameter.name} is no string argument of the tool`);
    } else if (isFlag(schema)) {
      if (args[parameter.name] === undefined)
        problems.push(`${parameter.name} is in the route but no tool argument`);
      else if (args[parameter.name]?.type !== 'boolean' || 'enum' in (args[parameter.name] ?? {}))
        problems.push(`query flag ${parameter.name} is no boolean argument of the tool`);
    } else compare(parameter.name, schema);
    expectRequired(parameter.name, parameter.required);
  }

  const body = operation.requestBody;
  if (body) {
    const raw = body.content['application/json'].schema;
    const schema = resolved(raw);
    const unresolvedProperties = (refTarget(raw)?.properties ?? raw.properties ?? {}) as Record<
      string,
      JsonSchema
    >;
    const required = new Set((schema.required ?? []) as string[]);
    for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>)) {
      routeArgs.add(name);
      const money = moneyBranch(unresolvedProperties[name], raw);
      compare(name, expectedArgument(tool.name, name, money ?? property));
      expectRequired(name, body.required && required.has(name));
    }
  }

  for (const name of Object.keys(args)) {
    if (routeArgs.has(name)) continue;
    if (name === 'idempotencyKey' && mutation) continue;
    problems.push(`${name} is a tool argument but neither a body field nor a parameter of the route`);
  }
  if (mutation && !toolRequired.has('idempotencyKey'))
    problems.push('a mutation without a required idempotencyKey');
  return problems;
}

/** The schema with its `$ref`s inlined from its own `definitions` / `$defs`. */
export function resolved(root: JsonSchema): JsonSchema {
  const { definitions, $defs, ...schema } = root;
  const defs = { ...(definitions as object), ...($defs as object) } as Record<string, JsonSchema>;
  return inline(schema, defs, []) as JsonSchema;
}

function inline(node: unknown, defs: Record<string, JsonSchema>, path: string[]): unknown {
  if (Array.isArray(node)) return node.map((item) => inline(item, defs, path));
  if (!isObject(node)) return node;
  const { $ref, ...rest } = node;
  const here = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, inline(v, defs, path)]));
  if (typeof $ref !== 'string') return here;
  const name = refName($ref);
  const target = name === undefined ? undefined : defs[name];
  if (name === undefined || target === undefined) throw new Error(`cannot resolve $ref ${$ref}`);
  if (path.includes(name)) throw new Error(`recursive $ref ${name}: inline would not end`);
  return { ...(inline(target, defs, [...path, name]) as JsonSchema), ...here };
}

/** The schema written the same way in both targets (see the file comment). */
export function comparable(node: unknown): unknown {
  // Array.from, not map: a copy made in another realm (structuredClone under jest) compares too.
  if (Array.isArray(node)) return Array.from(node, comparable);
  if (!isObject(node)) return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'const') out.enum = [comparable(value)];
    else if (key === 'propertyNames' && isDeepStrictEqual(value, { type: 'string' })) continue;
    else out[key] = comparable(value);
  }
  return out;
}

/**
 * A bulk operation's `idempotencyKey` may be left out of the tool (the call's key then names
 * it, `<key>:<index>`): not required there, and its description says so. Apart from that an
 * operation is the route's.
 */
function expectedArgument(toolName: string, name: string, schema: JsonSchema): JsonSchema {
  if (!isBulkOperations(toolName, name)) return schema;
  const items = schema.items as JsonSchema;
  return {
    ...withoutOperationKeyWords(schema),
    items: {
      ...(withoutOperationKeyWords(schema).items as JsonSchema),
      required: (items.required as string[]).filter((key) => key !== 'idempotencyKey'),
    },
  };
}

function isBulkOperations(toolName: string, name: string): boolean {
  return toolName === 'bulk_operations' && name === 'operations';
}

/** The operations' schema without the description of an operation's own key. */
function withoutOperationKeyWords(schema: JsonSchema): JsonSchema {
  const items = schema.items as JsonSchema;
  const properties = items.properties as Record<string, JsonSchema>;
  const { description: _, ...key } = properties.idempotencyKey ?? {};
  return { ...schema, items: { ...items, properties: { ...properties, idempotencyKey: key } } };
}

/** An amount field's `Money` branch, resolved: the route takes a bare integer or Money. */
function moneyBranch(property: JsonSchema | undefined, root: JsonSchema): JsonSchema | undefined {
  const branches = property?.anyOf;
  if (!Array.isArray(branches)) return undefined;
  const money = (branches as JsonSchema[]).find(
    (b) => typeof b.$ref === 'string' && refName(b.$ref) === 'Money',
  );
  return money === undefined ? undefined : resolved({ ...money, definitions: root.definitions });
}

/** The definition a `$ref`-only root points at, unresolved inside. */
function refTarget(root: JsonSchema): JsonSchema | undefined {
  const name = typeof root.$ref === 'string' ? refName(root.$ref) : undefined;
  return name === undefined
    ? undefined
    : (root.definitions as Record<string, JsonSchema> | undefined)?.[name];
}

function refName(ref: string): string | undefined {
  return /^#\/(?:definitions|\$defs)\/([^/]+)$/.exec(ref)?.[1];
}

function isFlag(schema: JsonSchema): boolean {
  return (
    schema.type === 'string' && isDeepStrictEqual([...((schema.enum ?? []) as string[])].sort(), FLAG_VALUES)
  );
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
