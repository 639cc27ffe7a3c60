import type { ScenarioSpec } from './types';

/**
 * What `npm start` offers without a seed: a marketer with two BMs, a few assets of each
 * kind (one ad account shared between the BMs, one personal), and one system user.
 */
export const DEV_SCENARIO: ScenarioSpec = {
  businesses: 2,
  tokens: 1,
  systemUserTokens: 1,
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
  employeeAssigned: { adAccounts: 2, pages: 1 },
  adAccountPixels: 2,
  overlap: 0.5,
  seed: 7,
  userNames: ['Dev Marketer'],
  businessNames: ['Acme Retail', 'Acme Agency'],
};
