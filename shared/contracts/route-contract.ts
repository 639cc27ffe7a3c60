import type * as z from 'zod';
import type { HttpMethod, RouteAuth } from '../../infra/resources';

/**
 * The schema of each answer a handler may give, by status. A status whose answer has no
 * body (204, the OAuth callback's 302) declares `z.undefined()`.
 */
export type ResponseSchemas = { readonly [status: number]: z.ZodType };

/**
 * What an HTTP endpoint accepts and answers: the one declaration its handler (`httpRoute`),
 * its manifest trigger and `/openapi.json` all read. A Function URL (the webhook receiver)
 * has no method or path of its own, so it is an `EndpointContract` only.
 */
export interface EndpointContract {
  summary: string;
  /** Who may call it (see RouteAuth). */
  auth: RouteAuth;
  body?: z.ZodType;
  query?: z.ZodObject;
  /** The path parameters (`{syncRunId}`) as the handler receives them. */
  params?: z.ZodType;
  responses: ResponseSchemas;
}

/** A dashboard API route: an endpoint at a method and path of the HTTP API. */
export interface RouteContract extends EndpointContract {
  method: HttpMethod;
  /** API Gateway v2 path syntax, e.g. `/meta/sync/{syncRunId}`. */
  path: string;
}

/** The API Gateway v2 route key of a route (`POST /meta/campaigns`): how a router finds its handler. */
export function routeKeyOf(route: { method: HttpMethod | string; path: string }): string {
  return `${route.method} ${route.path}`;
}

/**
 * Declares a route, keeping its literal statuses and schemas so the handler's answer is
 * typed by them.
 * @example export const healthRoute = defineRoute({ method: 'GET', path: '/health', ... });
 */
export function defineRoute<const C extends RouteContract>(contract: C): C {
  return contract;
}

/** Declares a Function URL endpoint (no method or path of the HTTP API). */
export function defineEndpoint<const C extends EndpointContract>(contract: C): C {
  return contract;
}
