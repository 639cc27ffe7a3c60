import { expectedAssetsFor } from './ground-truth';
import type { IdList } from './id-list';
import { seededRandom } from './seeded-random';
import type { ScenarioSpec, SeededScenario, SeededToken } from './types';
import { SYSTEM_USER_SCOPES, USER_SCOPES, type World } from './world';
import type { AdAccountRecord, BusinessRecord, UserRecord } from './world-records';

const CREATED_TIME = '2024-01-15T10:00:00+0000';
const CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY', 'BRL'];
const TIME_ZONES = [
  'America/Los_Angeles',
  'Europe/London',
  'Europe/Berlin',
  'Asia/Tokyo',
  'America/Sao_Paulo',
];
const PAGE_CATEGORIES = ['Retail company', 'Clothing store', 'Software company', 'Restaurant'];
const CATALOG_VERTICALS = ['commerce', 'hotels', 'flights', 'vehicles'];
/** Non-active account states with their `disable_reason`, as Meta reports them. */
const INACTIVE_STATES: readonly (readonly [number, number])[] = [
  [2, 1],
  [3, 0],
  [9, 0],
  [101, 0],
];

type Random = () => number;

function pick<T>(values: readonly T[], random: Random): T {
  const value = values[Math.floor(random() * values.length)];
  if (value === undefined) throw new Error('pick from an empty list');
  return value;
}

/** `count` distinct ids spread evenly over `pool`, starting at a random offset. */
function spreadPick(pool: readonly string[], count: number, random: Random): string[] {
  const take = Math.min(count, pool.length);
  if (take === 0) return [];
  const step = Math.floor(pool.length / take);
  const start = Math.floor(random() * pool.length);
  const picked: string[] = [];
  for (let j = 0; j < take; j += 1) {
    const id = pool[(start + j * step) % pool.length];
    if (id !== undefined) picked.push(id);
  }
  return picked;
}

function everyOther(list: IdList): string[] {
  return list.values().filter((_, index) => index % 2 === 0);
}

/**
 * Builds a tenant from a small spec (see {@link ScenarioSpec} for how the parts relate)
 * and returns its tokens and the ground truth a full sync should produce. Deterministic:
 * the same spec on a fresh simulator gives the same ids, tokens and names.
 */
export function seedScenario(world: World, spec: ScenarioSpec, nowSeconds: number): SeededScenario {
  const random = seededRandom(spec.seed ?? 1);
  if (spec.adLabelLimit !== undefined) world.adObjects.labelLimit = spec.adLabelLimit;
  if (spec.adReviewSeconds !== undefined) world.adObjects.reviewMs = spec.adReviewSeconds * 1000;
  const overlap = Math.min(1, Math.max(0, spec.overlap ?? 0.2));
  const counts = spec.perBusiness;
  const createdAdAccounts: AdAccountRecord[] = [];

  const newAdAccount = (name: string, businessId: string | undefined): AdAccountRecord => {
    const inactive = random() < 0.1 ? pick(INACTIVE_STATES, random) : undefined;
    const record = world.createAdAccount({
      name,
      currency: pick(CURRENCIES, random),
      timezoneName: pick(TIME_ZONES, random),
      accountStatus: inactive ? inactive[0] : 1,
      disableReason: inactive ? inactive[1] : 0,
      businessId,
      createdTime: CREATED_TIME,
      defaultDsaBeneficiary: spec.adAccountDsa?.beneficiary,
      defaultDsaPayor: spec.adAccountDsa?.payor,
    });
    createdAdAccounts.push(record);
    return record;
  };
  const newPage = (name: string, businessId: string | undefined) =>
    world.createPage({ name, category: pick(PAGE_CATEGORIES, random), businessId });
  const newPixel = (name: string, businessId: string | undefined) =>
    world.createPixel({ name, businessId, creationTime: CREATED_TIME, lastFiredTime: CREATED_TIME });
  const newCatalog = (name: string, businessId: string | undefined) =>
    world.createCatalog({
      name,
      businessId,
      productCount: Math.floor(random() * 5000),
      vertical: pick(CATALOG_VERTICALS, random),
    });

  const users: UserRecord[] = [];
  for (let i = 0; i < spec.tokens; i += 1) {
    users.push(world.createUser(spec.userNames?.[i] ?? `Test User ${i + 1}`, 'user'));
  }

  const businesses: BusinessRecord[] = [];
  const clientOwners: BusinessRecord[] = [];
  for (let b = 0; b < spec.businesses; b += 1) {
    const business = world.createBusiness(spec.businessNames?.[b] ?? `Business ${b + 1}`, CREATED_TIME);
    businesses.push(business);
    clientOwners.push(world.createBusiness(`Client of ${business.name}`, CREATED_TIME));
    if (!spec.userBusinesses) users[b % Math.max(1, users.length)]?.businesses.add(business.id);
  }
  spec.userBusinesses?.forEach((indices, i) => {
    for (const b of indices) {
      const business = businesses[b];
      if (business) users[i]?.businesses.add(business.id);
    }
  });

  for (const business of businesses) {
    for (let k = 1; k <= counts.ownedAdAccounts; k += 1)
      newAdAccount(`${business.name} Ad Account ${k}`, business.id);
    for (let k = 1; k <= counts.ownedPages; k += 1) newPage(`${business.name} Page ${k}`, business.id);
    for (let k = 1; k <= counts.ownedPixels; k += 1) newPixel(`${business.name} Pixel ${k}`, business.id);
    for (let k = 1; k <= counts.ownedCatalogs; k += 1)
      newCatalog(`${business.name} Catalog ${k}`, business.id);
  }

  // Client assets: `overlap` of them are another tenant BM's owned ones, so two BMs (and
  // usually two tokens) reach them; the rest belong to an outside client BM.
  businesses.forEach((business, b) => {
    const clientOwner = clientOwners[b];
    const next = businesses.length >= 2 ? businesses[(b + 1) % businesses.length] : undefined;
    if (!clientOwner) return;
    const addClients = (
      count: number,
      clientList: IdList,
      nextOwned: IdList | undefined,
      create: (name: string) => { id: string },
      label: string,
    ) => {
      const shared = nextOwned ? spreadPick(nextOwned.values(), Math.round(count * overlap), random) : [];
      for (const id of shared) clientList.add(id);
      for (let k = shared.length + 1; k <= count; k += 1)
        clientList.add(create(`${clientOwner.name} ${label} ${k}`).id);
    };
    addClients(
      counts.clientAdAccounts,
      business.clientAdAccounts,
      next?.ownedAdAccounts,
      (n) => newAdAccount(n, clientOwner.id),
      'Ad Account',
    );
    addClients(
      counts.clientPages,
      business.clientPages,
      next?.ownedPages,
      (n) => newPage(n, clientOwner.id),
      'Page',
    );
    addClients(
      counts.clientPixels,
      business.clientPixels,
      next?.ownedPixels,
      (n) => newPixel(n, clientOwner.id),
      'Pixel',
    );
    addClients(
      counts.clientCatalogs,
      business.clientCatalogs,
      next?.ownedCatalogs,
      (n) => newCatalog(n, clientOwner.id),
      'Catalog',
    );
  });

  // Employee-assigned assets: some from other users' BMs, some from the user's own BMs
  // (the same asset seen twice by one token), the rest personal.
  const assigned = spec.employeeAssigned;
  if (assigned) {
    for (const user of users) {
      const own = businesses.filter((business) => user.businesses.has(business.id));
      const others = businesses.filter((business) => !user.businesses.has(business.id));
      const assign = (
        count: number,
        target: IdList,
        ownedOf: (business: BusinessRecord) => IdList,
        createPersonal: (k: number) => { id: string },
      ) => {
        const crossPool = others.flatMap((business) => ownedOf(business).values());
        const ownPool = own.flatMap((business) => ownedOf(business).values());
        const cross = spreadPick(crossPool, Math.round(count * overlap), random);
        const same = spreadPick(ownPool, Math.floor((count - cross.length) / 2), random);
        for (const id of [...cross, ...same]) target.add(id);
        for (let k = 1; target.length < count; k += 1) target.add(createPersonal(k).id);
      };
      assign(
        assigned.adAccounts,
        user.adAccounts,
        (business) => business.ownedAdAccounts,
        (k) => newAdAccount(`${user.name} Personal Ad Account ${k}`, undefined),
      );
      assign(
        assigned.pages,
        user.pages,
        (business) => business.ownedPages,
        (k) => newPage(`${user.name} Page ${k}`, undefined),
      );
    }
  }

  const systemUsers: UserRecord[] = [];
  for (let s = 0; s < (spec.systemUserTokens ?? 0); s += 1) {
    const home = businesses[s % Math.max(1, businesses.length)];
    const systemUser = world.createUser(
      `${home?.name ?? 'Standalone'} System User ${s + 1}`,
      'system_user',
      home?.id,
    );
    if (home) {
      for (const id of everyOther(home.ownedAdAccounts)) systemUser.adAccounts.add(id);
      for (const id of everyOther(home.ownedPages)) systemUser.pages.add(id);
      for (const id of [...everyOther(home.ownedCatalogs), ...everyOther(home.clientCatalogs)]) {
        systemUser.catalogs.add(id);
      }
    }
    systemUsers.push(systemUser);
  }
  spec.systemUsers?.forEach((declared, s) => {
    const listed = declared.businesses.flatMap((b) => businesses[b] ?? []);
    const systemUser = world.createUser(
      declared.name ??
        `${listed[0]?.name ?? 'Standalone'} ${declared.admin ? 'Admin ' : ''}System User ${s + 1}`,
      'system_user',
      listed[0]?.id,
    );
    systemUser.admin = declared.admin === true;
    for (const business of listed) {
      systemUser.businesses.add(business.id);
      // An admin reaches it all through the BM edges; a regular one only what it is assigned.
      if (systemUser.admin) continue;
      for (const id of everyOther(business.ownedAdAccounts)) systemUser.adAccounts.add(id);
      for (const id of everyOther(business.ownedPages)) systemUser.pages.add(id);
      for (const id of [...everyOther(business.ownedCatalogs), ...everyOther(business.clientCatalogs)]) {
        systemUser.catalogs.add(id);
      }
    }
    systemUsers.push(systemUser);
  });

  const pixelsPerAccount = spec.adAccountPixels ?? 0;
  if (pixelsPerAccount > 0) {
    const partner = world.createBusiness('Partner Measurement Business', CREATED_TIME);
    const partnerPixels = Array.from({ length: Math.max(2, pixelsPerAccount * 2) }, (_, k) =>
      newPixel(`Partner Pixel ${k + 1}`, partner.id),
    );
    createdAdAccounts.forEach((adAccount, index) => {
      const ownerPixels = adAccount.businessId
        ? world.businesses.get(adAccount.businessId)?.ownedPixels.values()
        : undefined;
      for (let j = 0; j < pixelsPerAccount; j += 1) {
        const fromOwner = j === 0 && ownerPixels && ownerPixels.length > 0;
        const pixel = fromOwner
          ? ownerPixels[index % ownerPixels.length]
          : partnerPixels[(index + j) % partnerPixels.length]?.id;
        if (pixel) adAccount.pixels.add(pixel);
      }
    });
  }
  world.touch();

  const tokens: SeededToken[] = [
    ...users.map((user) => {
      const token = world.issueToken(user.id, 'user_long', USER_SCOPES, nowSeconds);
      return { id: token.label, accessToken: token.accessToken, userId: user.id, kind: 'user' as const };
    }),
    ...systemUsers.map((systemUser) => {
      const token = world.issueToken(systemUser.id, 'system_user', SYSTEM_USER_SCOPES, nowSeconds);
      return {
        id: token.label,
        accessToken: token.accessToken,
        userId: systemUser.id,
        kind: 'system_user' as const,
      };
    }),
  ];

  return {
    tokens,
    businessIds: businesses.map((business) => business.id),
    expected: expectedAssetsFor(world, tokens),
  };
}
