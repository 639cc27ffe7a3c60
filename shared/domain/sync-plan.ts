import type { AssetType, Ownership } from './asset-type';
import type { TokenKind } from './connection';

/** Edges of a Business Manager (`/{business-id}/{edge}`). */
export type BusinessEdge =
  | 'owned_ad_accounts'
  | 'client_ad_accounts'
  | 'owned_pages'
  | 'client_pages'
  | 'owned_pixels'
  | 'client_pixels'
  | 'owned_product_catalogs'
  | 'client_product_catalogs';

/**
 * Edges of the token's own user (`/me/{edge}`): a person's employee-assigned ad accounts
 * and pages, a system user's assigned ad accounts, pages and catalogs.
 */
export type TokenEdge =
  | 'adaccounts'
  | 'accounts'
  | 'assigned_ad_accounts'
  | 'assigned_pages'
  | 'assigned_product_catalogs';

export type SyncEdge = BusinessEdge | TokenEdge;

/** One edge a task pages to the end. */
export interface EdgeRead {
  edge: SyncEdge;
  /** The type of the edge's items. */
  assetType: AssetType;
  /** The relationship its items have with the workspace. */
  source: Ownership;
  /** The items are stored (their type is covered); ad accounts may be read only for their pixels. */
  record: boolean;
  /** Ad accounts: also read each one's pixels (shared from other BMs: `assigned`). */
  pixels: boolean;
}

/**
 * Reads one Business Manager with the first token that works, others in reserve. System users
 * come first: a person listing the BM is credited with its assets without reading them, a
 * system user only once it has read them.
 */
export interface BusinessTask {
  kind: 'business';
  taskId: string;
  businessId: string;
  /** Every token that lists the BM, the one to use first at the head: all of them reach its assets. */
  tokenIds: string[];
  edges: EdgeRead[];
}

/** Reads the assets assigned to one token's user. */
export interface TokenTask {
  kind: 'token';
  taskId: string;
  tokenId: string;
  edges: EdgeRead[];
}

export type SyncTask = BusinessTask | TokenTask;

export interface PlanToken {
  tokenId: string;
  kind: TokenKind;
}

const edge = (
  name: SyncEdge,
  assetType: AssetType,
  source: Ownership,
  types: readonly AssetType[],
): EdgeRead | undefined => {
  const record = types.includes(assetType);
  const pixels = assetType === 'ad-accounts' && types.includes('pixels');
  return record || pixels ? { edge: name, assetType, source, record, pixels } : undefined;
};

function defined<T>(values: (T | undefined)[]): T[] {
  return values.filter((v): v is T => v !== undefined);
}

/**
 * The edges to read of each BM for these types. Ad accounts are read when ad accounts or
 * pixels are covered: pixels shared onto an ad account from another BM are only found there.
 */
export function businessEdges(types: readonly AssetType[]): EdgeRead[] {
  return defined([
    edge('owned_ad_accounts', 'ad-accounts', 'owned', types),
    edge('client_ad_accounts', 'ad-accounts', 'client', types),
    edge('owned_pages', 'pages', 'owned', types),
    edge('client_pages', 'pages', 'client', types),
    edge('owned_pixels', 'pixels', 'owned', types),
    edge('client_pixels', 'pixels', 'client', types),
    edge('owned_product_catalogs', 'catalogs', 'owned', types),
    edge('client_product_catalogs', 'catalogs', 'client', types),
  ]);
}

/** The edges of a token's own user: employee-assigned for people, assigned for system users. */
export function tokenEdges(types: readonly AssetType[], kind: TokenKind): EdgeRead[] {
  if (kind === 'user') {
    return defined([
      edge('adaccounts', 'ad-accounts', 'assigned', types),
      edge('accounts', 'pages', 'assigned', types),
    ]);
  }
  return defined([
    edge('assigned_ad_accounts', 'ad-accounts', 'assigned', types),
    edge('assigned_pages', 'pages', 'assigned', types),
    edge('assigned_product_catalogs', 'catalogs', 'assigned', types),
  ]);
}

/**
 * Fans a sync out into work units: one per Business Manager (read once, however many tokens
 * list it, with the others kept for failover and credited with its assets) and one per token
 * for what is assigned to its user. BMs are spread over their tokens so no token carries
 * them all; a BM's system users are tried before its people (see BusinessTask).
 * @example planSyncTasks({ types: ['pages'], tokens: [{ tokenId: 't1', kind: 'user' }], businessesByToken: new Map([['t1', ['b1']]]) })
 */
export function planSyncTasks(input: {
  types: readonly AssetType[];
  tokens: readonly PlanToken[];
  businessesByToken: ReadonlyMap<string, readonly string[]>;
}): SyncTask[] {
  const tasks: SyncTask[] = [];
  const perBusiness = businessEdges(input.types);
  if (perBusiness.length > 0) {
    const listedBy = new Map<string, string[]>();
    for (const token of input.tokens) {
      for (const businessId of input.businessesByToken.get(token.tokenId) ?? []) {
        const tokens = listedBy.get(businessId) ?? [];
        if (!tokens.includes(token.tokenId)) tokens.push(token.tokenId);
        listedBy.set(businessId, tokens);
      }
    }
    const load = new Map<string, number>();
    const systemUsers = new Set(input.tokens.filter((t) => t.kind === 'system_user').map((t) => t.tokenId));
    for (const businessId of [...listedBy.keys()].sort()) {
      const listed = listedBy.get(businessId) ?? [];
      // A system user listed on a BM may be a regular one, refused on its edges: it goes first,
      // so whether it reads them is known rather than assumed (a person listing a BM reaches it).
      const systemUsersOfBm = listed.filter((id) => systemUsers.has(id));
      const peopleOfBm = listed.filter((id) => !systemUsers.has(id));
      const firstTried = systemUsersOfBm.length > 0 ? systemUsersOfBm : peopleOfBm;
      const primary = firstTried.reduce((best, id) =>
        (load.get(id) ?? 0) < (load.get(best) ?? 0) ? id : best,
      );
      load.set(primary, (load.get(primary) ?? 0) + 1);
      tasks.push({
        kind: 'business',
        taskId: `bm-${businessId}`,
        businessId,
        tokenIds: [primary, ...[...systemUsersOfBm, ...peopleOfBm].filter((id) => id !== primary)],
        edges: perBusiness,
      });
    }
  }
  for (const token of input.tokens) {
    const edges = tokenEdges(input.types, token.kind);
    if (edges.length > 0)
      tasks.push({ kind: 'token', taskId: `token-${token.tokenId}`, tokenId: token.tokenId, edges });
  }
  return tasks;
}
