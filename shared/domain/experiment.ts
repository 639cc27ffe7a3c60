import type { Actor } from './managed-object';

/**
 * An A/B split test as this system keeps it: one Meta ad study (type SPLIT_TEST) over ad sets
 * or campaigns of one ad account. Meta holds the study; we keep what was asked, Meta's ids and
 * what the account counts in (results are summed in its currency and days in its zone).
 */

export const experimentStatuses = ['scheduled', 'running', 'completed', 'cancelled'] as const;
export type ExperimentStatus = (typeof experimentStatuses)[number];

/** What a study's cells split: ad sets (`adsets` at Meta) or campaigns (`campaigns`). */
export const experimentLevels = ['adset', 'campaign'] as const;
export type ExperimentLevel = (typeof experimentLevels)[number];

/** The types of Meta's ad study objectives (`objectives[].type`, AdStudyObjective). */
export const AD_STUDY_OBJECTIVES = [
  'SALES',
  'CONVERSIONS',
  'BRAND',
  'NONSALES',
  'MAE',
  'MAI',
  'TELCO',
  'FTL',
  'PARTNER',
] as const;
export type AdStudyObjective = (typeof AD_STUDY_OBJECTIVES)[number];

export interface ExperimentCell {
  name: string;
  /** Whole percent of the audience. */
  treatmentPercentage: number;
  /** The ad sets or campaigns (the experiment's level) this cell runs. */
  objectIds: string[];
  /** Meta's id of the cell. */
  metaCellId?: string;
}

export interface ExperimentRecord {
  workspaceId: string;
  /** `exp_` + 24 hex (see newExperimentId). */
  id: string;
  metaStudyId: string;
  /** The Business Manager the study was made under (the ad account's `business`). */
  businessId: string;
  name: string;
  adAccountId: string;
  /** The ad account's currency and time zone when the study was made: how results are summed. */
  currency: string;
  timezone?: string;
  level: ExperimentLevel;
  /** ISO-8601 (UTC): what Meta was given; `endTime` moves when the study is cancelled. */
  startTime: string;
  endTime: string;
  objective?: AdStudyObjective;
  cells: ExperimentCell[];
  createdBy: Actor;
  createdAt: string;
  cancelledAt?: string;
}

/**
 * A new experiment id: `exp_` + 12 hex digits of the time in ms + 12 random ones, so ids (and
 * the sort keys built from them) sort by creation and a reverse query lists newest first.
 * @example newExperimentId(Date.now(), (n) => randomBytes(n)) // 'exp_0193a1b2c3d4e5f6a7b8c9d0'
 */
export function newExperimentId(nowMs: number, random: (bytes: number) => Uint8Array): string {
  const time = Math.max(0, Math.trunc(nowMs)).toString(16).padStart(12, '0').slice(-12);
  return `exp_${time}${Buffer.from(random(6)).toString('hex')}`;
}
