import type * as z from 'zod';
import type { HttpMethod, RouteAuth } from '../../infra/manifest';

/** A route's documented shape; the OpenAPI document is generated from these. */
export interface RouteContract {
  method: HttpMethod;
  path: string;
  summary: string;
  /** Who may call it (see RouteAuth); the manifest's trigger says the same. */
  auth: RouteAuth;
  body?: z.ZodType;
  query?: z.ZodObject;
  responses: Partial<Record<number, z.ZodType>>;
}
