import type { ManagedObject } from '../../../shared/domain/managed-object';
import { AppError } from '../../../shared/platform/errors';

/** A mirrored campaign of ad account act_1 in USD; override what the test is about. */
export function campaign(overrides: Partial<ManagedObject> = {}): ManagedObject {
  return {
    id: '100',
    level: 'campaign',
    adAccountId: 'act_1',
    name: 'Spring',
    status: 'ACTIVE',
    currency: 'USD',
    objective: 'OUTCOME_SALES',
    specialAdCategories: [],
    updatedAt: '2026-12-01T00:00:00.000Z',
    ...overrides,
  };
}

export function adSet(overrides: Partial<ManagedObject> = {}): ManagedObject {
  return {
    id: '200',
    level: 'adset',
    adAccountId: 'act_1',
    name: 'Spring DE',
    status: 'ACTIVE',
    currency: 'USD',
    campaignId: '100',
    billingEvent: 'IMPRESSIONS',
    optimizationGoal: 'REACH',
    targeting: { geo_locations: { countries: ['US'] }, targeting_automation: { advantage_audience: 0 } },
    updatedAt: '2026-12-01T00:00:00.000Z',
    ...overrides,
  };
}

export function ad(overrides: Partial<ManagedObject> = {}): ManagedObject {
  return {
    id: '300',
    level: 'ad',
    adAccountId: 'act_1',
    name: 'Spring ad',
    status: 'PAUSED',
    currency: 'USD',
    campaignId: '100',
    adSetId: '200',
    creativeId: '400',
    updatedAt: '2026-12-01T00:00:00.000Z',
    ...overrides,
  };
}

/** The AppError `fn` throws; fails the test when it throws nothing or something else. */
export function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err: unknown) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

/** The body paths a 400 names. */
export function fieldsOf(err: AppError): string[] {
  expect(err.status).toBe(400);
  return (err.details as { path: string }[]).map((issue) => issue.path);
}
