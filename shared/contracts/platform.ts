import * as z from 'zod';
import { defineRoute, type RouteContract } from './route-contract';

export const healthBody = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

export const healthRoute = defineRoute({
  method: 'GET',
  path: '/health',
  summary: 'Liveness check',
  auth: 'public',
  responses: { 200: healthBody },
});

export const openApiRoute = defineRoute({
  method: 'GET',
  path: '/openapi.json',
  summary: 'This OpenAPI document',
  auth: 'public',
  responses: { 200: z.record(z.string(), z.unknown()) },
});

export const platformRoutes: RouteContract[] = [healthRoute, openApiRoute];
