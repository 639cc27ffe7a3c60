import type * as z from 'zod';
import type { HttpMethod } from '../../infra/manifest';

/** A route's documented shape; the OpenAPI document is generated from these. */
export interface RouteContract {
  method: HttpMethod;
  path: string;
  summary: string;
  auth: 'jwt' | 'public';
  body?: z.ZodType;
  query?: z.ZodObject;
  responses: Partial<Record<number, z.ZodType>>;
}
