import * as z from 'zod';
import { isCalendarDay } from '../../../shared/domain/account-days';
import type { InsightsOptions, InsightsRestatement, InsightsWorldSpec } from './types';

const day = z.string().refine(isCalendarDay, 'must be a calendar day YYYY-MM-DD');
const share = z.number().min(0).max(1);
const jobs = z.number().int().min(0).max(1_000_000);

export const insightsOptionsSchema: z.ZodType<InsightsOptions> = z.object({
  syncRowLimit: z.number().int().min(1).max(10_000_000).optional(),
  asyncJobMs: z.number().min(0).max(3_600_000).optional(),
  stallAtHundred: jobs.optional(),
  failJobs: jobs.optional(),
  asyncRowLimit: z.number().int().min(0).max(10_000_000).optional(),
  pageRowLimit: z.number().int().min(1).max(10_000_000).optional(),
  expireCursorsAfterMs: z.number().int().min(0).max(86_400_000).optional(),
  invalidCursors: jobs.optional(),
});

export const insightsWorldSchema: z.ZodType<InsightsWorldSpec> = z
  .object({
    campaigns: z.number().int().min(0).max(10_000),
    adSetsPerCampaign: z.number().int().min(0).max(1_000),
    adsPerAdSet: z.number().int().min(0).max(1_000),
    days: z.number().int().min(1).max(1_200),
    archivedShare: share.optional(),
    deletedShare: share.optional(),
  })
  .refine((spec) => (spec.archivedShare ?? 0) + (spec.deletedShare ?? 0) <= 1, 'shares add up to more than 1')
  .refine(
    (spec) => spec.campaigns * spec.adSetsPerCampaign * spec.adsPerAdSet <= 200_000,
    'at most 200 000 ads',
  );

export const insightsRestatementSchema: z.ZodType<InsightsRestatement> = z
  .object({ from: day, to: day, seed: z.number().int().optional() })
  .refine((range) => range.from <= range.to, 'from is after to');

export const insightsTruthQuerySchema = z
  .object({ level: z.enum(['campaign', 'adset', 'ad']), from: day, to: day })
  .refine((range) => range.from <= range.to, 'from is after to');
