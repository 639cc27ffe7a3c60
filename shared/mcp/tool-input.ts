import * as z from 'zod';
import { amountInput } from '../contracts/ad-object-schemas';
import { bulkRequest, MAX_BULK_OPERATIONS } from '../contracts/campaigns';
import { AMOUNT_FIELDS } from '../domain/amounts';
import { idempotencyKeySchema, MAX_IDEMPOTENCY_KEY_CHARS } from '../domain/idempotency';
import { moneySchema } from '../domain/money';
import type { ToolSpec } from './tool-catalog';

/**
 * A tool's arguments are its route's input, flattened (DESIGN §5): the path parameters, the
 * query and the body's fields side by side, plus `idempotencyKey` on a mutation. Three things
 * differ from REST, each on purpose: an amount must carry its currency (`{minor, currency}`,
 * never a bare integer an agent could misread), a query flag is a JSON boolean, and a bulk
 * operation's own key may be left to the call's.
 */

function idempotencyKeyOf(maxChars: number) {
  return idempotencyKeySchema(maxChars).describe(
    'Your key for this change: reuse it when retrying the same call; a repeat answers the first result',
  );
}

export const idempotencyKeyArgument = idempotencyKeyOf(MAX_IDEMPOTENCY_KEY_CHARS);

/** A bulk call's key leaves room for the `:<index>` its operations' default keys add. */
const bulkCallKeyArgument = idempotencyKeyOf(
  MAX_IDEMPOTENCY_KEY_CHARS - `:${MAX_BULK_OPERATIONS - 1}`.length,
);

const flagArgument = z.boolean().optional();

/** A bulk operation's body: the fields of the level's create or update, amounts with their currency. */
const bulkBodyArgument = z.record(z.string(), z.unknown()).superRefine((body, ctx) => {
  for (const field of AMOUNT_FIELDS) {
    if (body[field] === undefined || moneySchema.safeParse(body[field]).success) continue;
    ctx.addIssue({
      code: 'custom',
      path: [field],
      message: 'must be {"minor": <integer>, "currency": "<the ad account\'s ISO code>"}',
    });
  }
});

const bulkOperationArgument = bulkRequest.shape.operations.element.extend({
  body: bulkBodyArgument.optional(),
  idempotencyKey: idempotencyKeyArgument
    .optional()
    .describe('Default: "<the call\'s idempotencyKey>:<index of the operation>"'),
});

/** Where each argument of a tool goes in its route's request. */
export interface ToolArgumentPlaces {
  params: readonly string[];
  query: readonly string[];
  /** Query arguments that are JSON booleans here and `true`/`false` strings on the wire. */
  flags: readonly string[];
  body: readonly string[];
}

export interface ToolInput {
  schema: z.ZodObject;
  places: ToolArgumentPlaces;
}

/** The tool's argument schema and where each argument goes, from its route's contract. */
export function toolInput(tool: ToolSpec): ToolInput {
  const { route } = tool;
  const params = objectShape(route.params, `${tool.name} params`);
  const query = objectShape(route.query, `${tool.name} query`);
  const body = objectShape(route.body, `${tool.name} body`);
  const shape: Record<string, z.ZodType> = {};
  const flags: string[] = [];
  const add = (name: string, schema: z.ZodType) => {
    if (name in shape) throw new Error(`${tool.name}: argument ${name} is both in the path, query or body`);
    shape[name] = schema;
  };
  for (const [name, schema] of Object.entries(params)) add(name, schema);
  for (const [name, schema] of Object.entries(query)) {
    if (isFlag(schema)) {
      flags.push(name);
      add(name, flagArgument.describe(schema.description ?? `true or false (default false)`));
    } else add(name, schema);
  }
  for (const [name, schema] of Object.entries(body)) add(name, forAgents(tool, name, schema));
  if (tool.mutation) {
    add('idempotencyKey', tool.route.body === bulkRequest ? bulkCallKeyArgument : idempotencyKeyArgument);
  }
  return {
    schema: z.object(shape).strict(),
    places: { params: Object.keys(params), query: Object.keys(query), flags, body: Object.keys(body) },
  };
}

function objectShape(schema: z.ZodType | undefined, what: string): Record<string, z.ZodType> {
  if (schema === undefined) return {};
  if (schema instanceof z.ZodObject) return schema.shape as Record<string, z.ZodType>;
  throw new Error(`${what} must be an object schema to become tool arguments`);
}

/** `?dryRun=true`-style query flags: the strings `true`/`false`, absent meaning false. */
function isFlag(schema: z.ZodType): boolean {
  return (
    schema.safeParse('true').data === true &&
    schema.safeParse('false').data === false &&
    schema.safeParse(undefined).data === false &&
    !schema.safeParse('yes').success
  );
}

function forAgents(tool: ToolSpec, name: string, schema: z.ZodType): z.ZodType {
  if (schema === amountInput) return moneySchema;
  if (schema instanceof z.ZodOptional && schema.unwrap() === amountInput) return moneySchema.optional();
  if (tool.route.body === bulkRequest && name === 'operations') {
    return z.array(bulkOperationArgument).min(1).max(MAX_BULK_OPERATIONS);
  }
  return schema;
}
