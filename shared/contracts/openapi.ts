import * as z from 'zod';
import { errorBody } from './common';
import type { RouteContract } from './route-contract';

type JsonSchema = Record<string, unknown>;

/** Each schema converted once: many routes share one (the error body is on every route). */
const converted = new WeakMap<z.ZodType, JsonSchema>();

function toSchema(schema: z.ZodType): JsonSchema {
  let json = converted.get(schema);
  if (!json) {
    json = z.toJSONSchema(schema, {
      io: 'input',
      unrepresentable: 'any',
      target: 'openapi-3.0',
    }) as JsonSchema;
    converted.set(schema, json);
  }
  return json;
}

const ERROR_STATUSES = ['400', '401', '404', '500'];

/** Builds the OpenAPI 3.0 document from the route contracts (zod → JSON Schema). */
export function buildOpenApi(routes: RouteContract[], info: { title: string; version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const responses: Record<string, unknown> = {};
    for (const [status, schema] of Object.entries(route.responses)) {
      // A status declared as `z.undefined()` (204, a redirect) answers no body at all.
      responses[status] = hasNoBody(schema)
        ? { description: `HTTP ${status}, no body` }
        : { description: `HTTP ${status}`, content: { 'application/json': { schema: toSchema(schema) } } };
    }
    for (const status of ERROR_STATUSES) {
      if (status === '401' && route.auth === 'public') continue;
      responses[status] ??= {
        description: 'Error',
        content: { 'application/json': { schema: toSchema(errorBody) } },
      };
    }
    const parameters = [...pathParams(route.path, route.params), ...queryParams(route.query)];
    paths[route.path] ??= {};
    const operation: Record<string, unknown> = {
      summary: route.summary,
      operationId: `${route.method.toLowerCase()}${route.path.replace(/[{}]/g, '').replace(/[/.-](\w)/g, (_, c: string) => c.toUpperCase())}`,
      responses,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.auth !== 'public' ? { security: [{ bearer: [] }] } : { security: [] }),
    };
    if (route.body) {
      operation.requestBody = {
        // A body the route may go without (POST /meta/sync: every type) is not required.
        required: !route.body.safeParse(undefined).success,
        content: {
          'application/json': {
            schema: toSchema(
              route.body instanceof z.ZodOptional ? (route.body.unwrap() as z.ZodType) : route.body,
            ),
          },
        },
      };
    }
    const byMethod = paths[route.path] as Record<string, unknown>;
    byMethod[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.0.3',
    info,
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}

function hasNoBody(schema: z.ZodType): boolean {
  return schema.safeParse(undefined).success && !schema.safeParse({}).success;
}

/** Each `{name}` of the path, with its contract's schema where the route declares one. */
function pathParams(path: string, params: z.ZodType | undefined) {
  const shape = params instanceof z.ZodObject ? (params.shape as Record<string, z.ZodType>) : {};
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => {
    const declared = m[1] === undefined ? undefined : shape[m[1]];
    return {
      name: m[1],
      in: 'path',
      required: true,
      schema: declared ? toSchema(declared) : { type: 'string' },
    };
  });
}

function queryParams(query: z.ZodObject | undefined) {
  if (!query) return [];
  return Object.entries(query.shape).map(([name, schema]) => ({
    name,
    in: 'query',
    required: !(schema as z.ZodType).safeParse(undefined).success,
    schema: toSchema(schema as z.ZodType),
  }));
}
