import { businessEdges, planSyncTasks, type SyncTask, tokenEdges } from '../../../shared/domain/sync-plan';

const ALL = ['ad-accounts', 'pages', 'pixels', 'catalogs'] as const;

describe('businessEdges', () => {
  it('reads every owned and client edge for all types, ad accounts with their pixels', () => {
    const edges = businessEdges(ALL);
    expect(edges.map((e) => e.edge)).toEqual([
      'owned_ad_accounts',
      'client_ad_accounts',
      'owned_pages',
      'client_pages',
      'owned_pixels',
      'client_pixels',
      'owned_product_catalogs',
      'client_product_catalogs',
    ]);
    expect(edges.find((e) => e.edge === 'client_ad_accounts')).toEqual({
      edge: 'client_ad_accounts',
      assetType: 'ad-accounts',
      source: 'client',
      record: true,
      pixels: true,
    });
  });

  it('reads ad accounts for their pixels only when pixels alone are synced', () => {
    const edges = businessEdges(['pixels']);
    expect(edges.map((e) => [e.edge, e.record, e.pixels])).toEqual([
      ['owned_ad_accounts', false, true],
      ['client_ad_accounts', false, true],
      ['owned_pixels', true, false],
      ['client_pixels', true, false],
    ]);
  });

  it('does not read pixels when they are not synced', () => {
    expect(businessEdges(['ad-accounts']).every((e) => !e.pixels)).toBe(true);
    expect(businessEdges(['catalogs']).map((e) => e.edge)).toEqual([
      'owned_product_catalogs',
      'client_product_catalogs',
    ]);
  });
});

describe('tokenEdges', () => {
  it('reads employee-assigned ad accounts and pages of a person', () => {
    expect(tokenEdges(ALL, 'user').map((e) => [e.edge, e.source, e.pixels])).toEqual([
      ['adaccounts', 'assigned', true],
      ['accounts', 'assigned', false],
    ]);
    expect(tokenEdges(['catalogs'], 'user')).toEqual([]);
  });

  it('reads the assigned ad accounts, pages and catalogs of a system user', () => {
    expect(tokenEdges(ALL, 'system_user').map((e) => e.edge)).toEqual([
      'assigned_ad_accounts',
      'assigned_pages',
      'assigned_product_catalogs',
    ]);
    expect(tokenEdges(['catalogs'], 'system_user').map((e) => e.edge)).toEqual(['assigned_product_catalogs']);
  });
});

describe('planSyncTasks', () => {
  const tokens = [
    { tokenId: 'login', kind: 'user' as const },
    { tokenId: 'second', kind: 'user' as const },
    { tokenId: 'system', kind: 'system_user' as const },
  ];

  it('plans one task per BM, however many tokens list it, and one per token', () => {
    const tasks = planSyncTasks({
      types: ALL,
      tokens,
      businessesByToken: new Map([
        ['login', ['b1', 'b2']],
        ['second', ['b2', 'b3']],
      ]),
    });
    const business = tasks.filter((t): t is Extract<SyncTask, { kind: 'business' }> => t.kind === 'business');
    expect(business.map((t) => t.businessId)).toEqual(['b1', 'b2', 'b3']);
    expect(business.find((t) => t.businessId === 'b2')?.tokenIds.sort()).toEqual(['login', 'second']);
    expect(tasks.filter((t) => t.kind === 'token').map((t) => t.taskId)).toEqual([
      'token-login',
      'token-second',
      'token-system',
    ]);
    expect(new Set(tasks.map((t) => t.taskId)).size).toBe(tasks.length);
  });

  it('spreads shared BMs over their tokens', () => {
    const tasks = planSyncTasks({
      types: ['pages'],
      tokens: tokens.slice(0, 2),
      businessesByToken: new Map([
        ['login', ['b1', 'b2', 'b3', 'b4']],
        ['second', ['b1', 'b2', 'b3', 'b4']],
      ]),
    });
    const primaries = tasks.flatMap((t) => (t.kind === 'business' ? [t.tokenIds[0]] : []));
    expect(primaries.filter((id) => id === 'login')).toHaveLength(2);
    expect(primaries.filter((id) => id === 'second')).toHaveLength(2);
  });

  it("fans a system user's BMs out like a person's, trying the system user first on a shared BM", () => {
    const tasks = planSyncTasks({
      types: ALL,
      tokens: [tokens[0], tokens[2]].flatMap((t) => (t ? [t] : [])),
      businessesByToken: new Map([
        ['login', ['b1', 'b2', 'b3']],
        ['system', ['b2', 'b3', 'b4', 'b5']],
      ]),
    });
    const tokenIdsOf = (businessId: string) =>
      tasks.flatMap((t) => (t.kind === 'business' && t.businessId === businessId ? [t.tokenIds] : []))[0];
    expect(tokenIdsOf('b1')).toEqual(['login']);
    // Whether a system user reads a BM's edges is found out, not assumed (it may be a regular one).
    expect(tokenIdsOf('b2')).toEqual(['system', 'login']);
    expect(tokenIdsOf('b3')).toEqual(['system', 'login']);
    expect(tokenIdsOf('b4')).toEqual(['system']);
    expect(tokenIdsOf('b5')).toEqual(['system']);
    // Its own assigned edges are read too.
    expect(tasks.filter((t) => t.kind === 'token').map((t) => t.taskId)).toEqual([
      'token-login',
      'token-system',
    ]);
  });

  it('plans no BM task when no BM edge is needed, and no token task without edges', () => {
    const tasks = planSyncTasks({
      types: ['catalogs'],
      tokens: [{ tokenId: 'login', kind: 'user' }],
      businessesByToken: new Map([['login', ['b1']]]),
    });
    expect(tasks.map((t) => t.taskId)).toEqual(['bm-b1']);
  });

  it('plans nothing without tokens', () => {
    expect(planSyncTasks({ types: ALL, tokens: [], businessesByToken: new Map() })).toEqual([]);
  });
});
