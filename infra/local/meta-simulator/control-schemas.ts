import * as z from 'zod';
import type { FaultRule, ScenarioSpec } from './types';

const count = z.number().int().min(0).max(1_000_000);

export const scenarioSpecSchema: z.ZodType<ScenarioSpec> = z.object({
  businesses: z.number().int().min(0).max(10_000),
  tokens: z.number().int().min(0).max(10_000),
  userBusinesses: z.array(z.array(z.number().int().min(0))).optional(),
  systemUserTokens: z.number().int().min(0).max(10_000).optional(),
  systemUsers: z
    .array(
      z.object({
        businesses: z.array(z.number().int().min(0)).min(1),
        admin: z.boolean().optional(),
        name: z.string().min(1).optional(),
      }),
    )
    .optional(),
  perBusiness: z.object({
    ownedAdAccounts: count,
    clientAdAccounts: count,
    ownedPages: count,
    clientPages: count,
    ownedPixels: count,
    clientPixels: count,
    ownedCatalogs: count,
    clientCatalogs: count,
  }),
  employeeAssigned: z.object({ adAccounts: count, pages: count }).optional(),
  adAccountPixels: z.number().int().min(0).max(100).optional(),
  overlap: z.number().min(0).max(1).optional(),
  seed: z.number().int().optional(),
  userNames: z.array(z.string().min(1)).optional(),
  businessNames: z.array(z.string().min(1)).optional(),
  adAccountDsa: z.object({ beneficiary: z.string().min(1), payor: z.string().min(1) }).optional(),
  adLabelLimit: z.number().int().min(0).max(1_000_000).optional(),
  adReviewSeconds: z.number().min(0).max(86_400).optional(),
});

function isValidPattern(path: string): boolean {
  if (!path.startsWith('^')) return true;
  try {
    new RegExp(path);
    return true;
  } catch {
    return false;
  }
}

export const faultRuleSchema: z.ZodType<FaultRule> = z.object({
  path: z.string().min(1).refine(isValidPattern, 'not a valid regular expression'),
  kind: z.literal('lostAnswer').optional(),
  answer: z.enum(['http500', 'drop', 'timeout']).optional(),
  holdMs: z.number().min(0).max(600_000).optional(),
  method: z.string().min(1).optional(),
  params: z.record(z.string(), z.string()).optional(),
  token: z.string().min(1).optional(),
  times: z.number().int().min(0).optional(),
  ratio: z.number().min(0).max(1).optional(),
  seed: z.number().int().optional(),
  status: z.number().int().min(100).max(599).optional(),
  error: z
    .object({
      code: z.number().int(),
      error_subcode: z.number().int().optional(),
      is_transient: z.boolean().optional(),
      message: z.string().optional(),
      type: z.string().optional(),
      error_user_title: z.string().optional(),
      error_user_msg: z.string().optional(),
    })
    .optional(),
  headers: z.record(z.string(), z.string()).optional(),
  latencyMs: z.number().min(0).max(600_000).optional(),
  regainAccessMinutes: z.number().min(0).optional(),
});

export const latencyBodySchema = z.object({ ms: z.number().min(0).max(600_000) });

export const adReviewBodySchema = z.object({
  decision: z.enum(['approve', 'disapprove']),
  summary: z.string().min(1).optional(),
  message: z.string().min(1).optional(),
  placement: z.string().min(1).optional(),
});

/** A chunk of 1 byte up to 64 MiB (what a multipart body may carry). */
export const mediaOptionsSchema = z.object({
  chunkBytes: z
    .number()
    .int()
    .min(1)
    .max(64 * 1024 * 1024 - 64 * 1024)
    .optional(),
  processingMs: z.number().min(0).max(3_600_000).optional(),
});

export const videoStatusBodySchema = z.object({ status: z.enum(['ready', 'error']) });

export const tokenBodySchema = z.object({ accessToken: z.string().min(1) });

/** The seed file `npm start` may pass: a tenant, standing faults and latency. */
export const seedFileSchema = z.object({
  scenario: scenarioSpecSchema.optional(),
  faults: z.array(faultRuleSchema).optional(),
  latencyMs: z.number().min(0).max(600_000).optional(),
});
export type SeedFile = z.output<typeof seedFileSchema>;
