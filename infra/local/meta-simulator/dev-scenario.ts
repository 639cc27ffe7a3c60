import type { InsightsWorldSpec, ScenarioSpec } from './types';

/**
 * What `npm start` offers without a seed: a marketer with two of three BMs, a few assets of
 * each kind (one ad account shared between the BMs, one personal), a system user with
 * assigned assets, and an admin system user of the agency BM and the outlet BM (which only
 * it reaches): add its token (`POST /integrations/meta/tokens`) to see the outlet's assets.
 */
export const DEV_SCENARIO: ScenarioSpec = {
  businesses: 3,
  tokens: 1,
  userBusinesses: [[0, 1]],
  systemUserTokens: 1,
  systemUsers: [{ businesses: [1, 2], admin: true, name: 'Acme Agency Admin System User' }],
  perBusiness: {
    ownedAdAccounts: 3,
    clientAdAccounts: 2,
    ownedPages: 2,
    clientPages: 1,
    ownedPixels: 2,
    clientPixels: 1,
    ownedCatalogs: 1,
    clientCatalogs: 1,
  },
  employeeAssigned: { adAccounts: 4, pages: 1 },
  adAccountPixels: 2,
  overlap: 0.5,
  seed: 7,
  userNames: ['Dev Marketer'],
  businessNames: ['Acme Retail', 'Acme Agency', 'Acme Outlet'],
  adAccountDsa: { beneficiary: 'Acme Retail GmbH', payor: 'Acme Retail GmbH' },
};

/**
 * What `npm start` adds to every ad account of the seeded tenant, so the console's chart has a
 * month of spend and conversions to show: a few campaigns, one of them archived.
 */
export const DEV_INSIGHTS_HISTORY: InsightsWorldSpec = {
  campaigns: 3,
  adSetsPerCampaign: 2,
  adsPerAdSet: 2,
  days: 30,
};
