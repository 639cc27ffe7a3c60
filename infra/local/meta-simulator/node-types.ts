import { AD_ACCOUNT_AD_OBJECT_EDGES, AD_OBJECT_NODE_TYPES } from './ad-object-node-types';
import { readsBusinessEdges } from './asset-reach';
import { type GraphError, missingPermission, noPermission, objectNotFound } from './graph-error';
import type { IdList } from './id-list';
import type { Principal } from './principal';
import type { World } from './world';
import type { BusinessRecord, NodeKind } from './world-records';

/** A field that is another node (`business`, `owner_business`): expanded with `{...}`. */
export interface NodeRef {
  ref: NodeKind;
  id: string;
}

/** Objects and arrays of them (targeting, adlabels…) are returned as they are. */
export type FieldValue =
  | string
  | number
  | boolean
  | string[]
  | NodeRef
  | Record<string, unknown>
  | Record<string, unknown>[]
  | undefined;

export interface EdgeSpec {
  itemKind: NodeKind;
  /** Any of these scopes lets the token read the edge. */
  scopes: readonly string[];
  /**
   * The rows, or a GraphError when the principal may not read this edge of the node. `query` is
   * the call's parameters for a top-level edge read (filters), absent for a nested expansion.
   */
  list(world: World, nodeId: string, principal: Principal, query?: URLSearchParams): IdList | GraphError;
}

export interface NodeTypeSpec {
  /** Meta's type name, used in its error messages (`AdAccount`). */
  graphName: string;
  defaultFields: readonly string[];
  /** Any of these scopes lets the token read the node. */
  scopes: readonly string[];
  scopeMessage: string;
  describe(world: World, id: string): Record<string, FieldValue> | undefined;
  visible(world: World, id: string, principal: Principal): boolean;
  edges: Record<string, EdgeSpec>;
}

const ADS_SCOPES = ['ads_read', 'ads_management'];
const BUSINESS_SCOPES = ['business_management'];
const PAGE_SCOPES = ['pages_show_list', 'pages_read_engagement', 'business_management'];
const PIXEL_SCOPES = ['ads_read', 'ads_management', 'business_management'];
const CATALOG_SCOPES = ['catalog_management', 'business_management'];
const ADS_SCOPE_MESSAGE = '(#200) Ad account owner has NOT grant ads_management or ads_read permission';
const BUSINESS_SCOPE_MESSAGE = '(#200) Requires business_management permission to manage the object';
const GENERIC_SCOPE_MESSAGE = "(#200) The user hasn't authorized the application to perform this action";

export function scopeError(message: string): GraphError {
  return missingPermission(message);
}

function ref(kind: NodeKind, id: string | undefined): NodeRef | undefined {
  return id === undefined ? undefined : { ref: kind, id };
}

/** Edges of a person or system user: only the token's own user may read them. */
function ownUserEdge(
  itemKind: NodeKind,
  scopes: readonly string[],
  pick: (world: World, userId: string) => IdList | undefined,
): EdgeSpec {
  return {
    itemKind,
    scopes,
    list: (world, userId, principal) => {
      const list = principal.user?.id === userId ? pick(world, userId) : undefined;
      return list ?? objectNotFound(userId, 'GET');
    },
  };
}

/**
 * Business edges need a person who administers the BM or an admin system user of it. A
 * regular system user listed on the BM gets Meta's "(#200) Permissions error" (the error the
 * Business edge references list); a classic one at its home BM gets (#10).
 */
function businessEdge(itemKind: NodeKind, pick: (business: BusinessRecord) => IdList): EdgeSpec {
  return {
    itemKind,
    scopes: BUSINESS_SCOPES,
    list: (world, businessId, principal) => {
      const business = world.businesses.get(businessId);
      const user = principal.user;
      if (!business || !user) return objectNotFound(businessId, 'GET');
      if (readsBusinessEdges(user, businessId)) return pick(business);
      if (user.businesses.has(businessId)) return missingPermission('(#200) Permissions error');
      if (user.homeBusinessId === businessId) return noPermission();
      return objectNotFound(businessId, 'GET');
    },
  };
}

const userType: NodeTypeSpec = {
  graphName: 'User',
  defaultFields: ['name', 'id'],
  scopes: [],
  scopeMessage: GENERIC_SCOPE_MESSAGE,
  describe: (world, id) => {
    const user = world.users.get(id);
    const role =
      user?.kind === 'system_user'
        ? user.admin || user.businesses.length === 0
          ? 'ADMIN'
          : 'EMPLOYEE'
        : undefined;
    return user && { id: user.id, name: user.name, role };
  },
  visible: (_world, id, principal) => principal.user?.id === id,
  edges: {
    businesses: ownUserEdge('business', BUSINESS_SCOPES, (world, id) => world.users.get(id)?.businesses),
    // Meta lists the ad accounts a person has a role on; the simulator keeps BM access apart.
    adaccounts: ownUserEdge('ad_account', ADS_SCOPES, (world, id) => world.users.get(id)?.adAccounts),
    accounts: ownUserEdge('page', PAGE_SCOPES, (world, id) => world.users.get(id)?.pages),
    assigned_ad_accounts: ownUserEdge(
      'ad_account',
      ADS_SCOPES,
      (world, id) => world.users.get(id)?.adAccounts,
    ),
    assigned_pages: ownUserEdge('page', PAGE_SCOPES, (world, id) => world.users.get(id)?.pages),
    assigned_product_catalogs: ownUserEdge(
      'catalog',
      CATALOG_SCOPES,
      (world, id) => world.users.get(id)?.catalogs,
    ),
  },
};

const businessType: NodeTypeSpec = {
  graphName: 'Business',
  defaultFields: ['id', 'name'],
  scopes: BUSINESS_SCOPES,
  scopeMessage: BUSINESS_SCOPE_MESSAGE,
  describe: (world, id) => {
    const business = world.businesses.get(id);
    return (
      business && {
        id: business.id,
        name: business.name,
        created_time: business.createdTime,
        verification_status: business.verificationStatus,
      }
    );
  },
  visible: (_world, id, principal) =>
    principal.user?.businesses.has(id) === true || principal.user?.homeBusinessId === id,
  edges: {
    owned_ad_accounts: businessEdge('ad_account', (b) => b.ownedAdAccounts),
    client_ad_accounts: businessEdge('ad_account', (b) => b.clientAdAccounts),
    owned_pages: businessEdge('page', (b) => b.ownedPages),
    client_pages: businessEdge('page', (b) => b.clientPages),
    owned_pixels: businessEdge('pixel', (b) => b.ownedPixels),
    adspixels: businessEdge('pixel', (b) => b.ownedPixels),
    client_pixels: businessEdge('pixel', (b) => b.clientPixels),
    owned_product_catalogs: businessEdge('catalog', (b) => b.ownedCatalogs),
    client_product_catalogs: businessEdge('catalog', (b) => b.clientCatalogs),
    system_users: businessEdge('user', (b) => b.systemUsers),
  },
};

const adAccountType: NodeTypeSpec = {
  graphName: 'AdAccount',
  defaultFields: ['account_id', 'id'],
  scopes: ADS_SCOPES,
  scopeMessage: ADS_SCOPE_MESSAGE,
  describe: (world, id) => {
    const account = world.adAccounts.get(id);
    return (
      account && {
        id: account.id,
        account_id: account.accountId,
        name: account.name,
        currency: account.currency,
        timezone_name: account.timezoneName,
        account_status: account.accountStatus,
        disable_reason: account.disableReason,
        business: ref('business', account.businessId),
        created_time: account.createdTime,
        permitted_tasks: ['MANAGE', 'ADVERTISE', 'ANALYZE'],
        default_dsa_beneficiary: account.defaultDsaBeneficiary,
        default_dsa_payor: account.defaultDsaPayor,
      }
    );
  },
  visible: (world, id, principal) => world.reachOf(principal.user?.id ?? '').adAccounts.has(id),
  edges: {
    adspixels: {
      itemKind: 'pixel',
      scopes: ADS_SCOPES,
      list: (world, id) => world.adAccounts.get(id)?.pixels ?? objectNotFound(id, 'GET'),
    },
    ...AD_ACCOUNT_AD_OBJECT_EDGES,
  },
};

const pageType: NodeTypeSpec = {
  graphName: 'Page',
  defaultFields: ['name', 'id'],
  scopes: PAGE_SCOPES,
  scopeMessage: GENERIC_SCOPE_MESSAGE,
  describe: (world, id) => {
    const page = world.pages.get(id);
    return (
      page && {
        id: page.id,
        name: page.name,
        category: page.category,
        business: ref('business', page.businessId),
        tasks: ['ADVERTISE', 'ANALYZE', 'CREATE_CONTENT', 'MESSAGING', 'MODERATE', 'MANAGE'],
        permitted_tasks: ['ADVERTISE', 'ANALYZE', 'MANAGE'],
      }
    );
  },
  visible: (world, id, principal) => world.reachOf(principal.user?.id ?? '').pages.has(id),
  edges: {},
};

const pixelType: NodeTypeSpec = {
  graphName: 'AdsPixel',
  defaultFields: ['id'],
  scopes: PIXEL_SCOPES,
  scopeMessage: ADS_SCOPE_MESSAGE,
  describe: (world, id) => {
    const pixel = world.pixels.get(id);
    return (
      pixel && {
        id: pixel.id,
        name: pixel.name,
        owner_business: ref('business', pixel.businessId),
        creation_time: pixel.creationTime,
        last_fired_time: pixel.lastFiredTime,
        is_unavailable: false,
      }
    );
  },
  visible: (world, id, principal) => world.reachOf(principal.user?.id ?? '').pixels.has(id),
  edges: {},
};

const catalogType: NodeTypeSpec = {
  graphName: 'ProductCatalog',
  defaultFields: ['id', 'name'],
  scopes: CATALOG_SCOPES,
  scopeMessage: GENERIC_SCOPE_MESSAGE,
  describe: (world, id) => {
    const catalog = world.catalogs.get(id);
    return (
      catalog && {
        id: catalog.id,
        name: catalog.name,
        business: ref('business', catalog.businessId),
        product_count: catalog.productCount,
        vertical: catalog.vertical,
      }
    );
  },
  visible: (world, id, principal) => world.reachOf(principal.user?.id ?? '').catalogs.has(id),
  edges: {},
};

export const NODE_TYPES: Record<NodeKind, NodeTypeSpec> = {
  user: userType,
  business: businessType,
  ad_account: adAccountType,
  page: pageType,
  pixel: pixelType,
  catalog: catalogType,
  ...AD_OBJECT_NODE_TYPES,
};
