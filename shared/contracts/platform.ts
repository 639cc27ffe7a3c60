import * as z from 'zod';
import type { RouteContract } from './route-contract';

export const healthBody = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

export const platformRoutes: RouteContract[] = [
  {
    method: 'GET',
    path: '/health',
    summary: 'Liveness check',
    auth: 'public',
    responses: { 200: healthBody },
  },
  {
    method: 'GET',
    path: '/openapi.json',
    summary: 'This OpenAPI document',
    auth: 'public',
    responses: { 200: z.record(z.string(), z.unknown()) },
  },
];
