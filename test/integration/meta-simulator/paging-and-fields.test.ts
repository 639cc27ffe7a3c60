import { type MetaSimulator, type SeededScenario, startMetaSimulator } from '@infra/local/meta-simulator';
import {
  getUrl,
  graphErrorOf,
  graphGet,
  pageOf,
  proofOf,
  readAllPages,
  ZERO_COUNTS,
} from './graph-test-client';

describe('Meta simulator paging and field selection', () => {
  let sim: MetaSimulator;
  let scenario: SeededScenario;
  let token: string;
  let businessId: string;

  beforeAll(async () => {
    sim = await startMetaSimulator({
      seed: {
        businesses: 1,
        tokens: 1,
        perBusiness: { ...ZERO_COUNTS, ownedAdAccounts: 130, ownedPages: 3 },
      },
    });
    scenario = sim.scenario;
    token = scenario.tokens[0]?.accessToken ?? '';
    businessId = scenario.businessIds[0] ?? '';
  });
  afterAll(() => sim.close());

  it('follows paging.next across 6 pages of 25 and returns every ad account once', async () => {
    const first = new URL(`${sim.url}/v26.0/${businessId}/owned_ad_accounts`);
    first.searchParams.set('access_token', token);
    first.searchParams.set('appsecret_proof', proofOf(sim, token));
    first.searchParams.set('fields', 'name,currency');
    const { rows, pages } = await readAllPages(first.toString());
    expect(pages).toBe(6);
    const ids = rows.map((row) => row.id);
    expect(new Set(ids).size).toBe(130);
    expect([...ids].sort()).toEqual(scenario.expected.adAccounts.map((asset) => asset.id));
  });

  it('keeps token, fields and limit in next, and gives cursors and previous', async () => {
    const firstPage = pageOf(
      await graphGet(sim, `/${businessId}/owned_ad_accounts`, token, { limit: '20', fields: 'name' }),
    );
    expect(firstPage.data).toHaveLength(20);
    expect(firstPage.paging?.previous).toBeUndefined();
    const next = new URL(firstPage.paging?.next ?? '');
    expect(next.origin).toBe(sim.url);
    expect(next.pathname).toBe(`/v26.0/${businessId}/owned_ad_accounts`);
    expect(next.searchParams.get('access_token')).toBe(token);
    expect(next.searchParams.get('fields')).toBe('name');
    expect(next.searchParams.get('limit')).toBe('20');
    expect(next.searchParams.get('after')).toBe(firstPage.paging?.cursors?.after);

    const secondPage = pageOf(await getUrl(next.toString()));
    expect(secondPage.data[0]?.id).not.toBe(firstPage.data[0]?.id);
    const back = pageOf(await getUrl(secondPage.paging?.previous ?? ''));
    expect(back.data.map((row) => row.id)).toEqual(firstPage.data.map((row) => row.id));

    const last = pageOf(
      await graphGet(sim, `/${businessId}/owned_ad_accounts`, token, { limit: '500', fields: 'name' }),
    );
    expect(last.data).toHaveLength(130);
    expect(last.paging?.next).toBeUndefined();
    expect(last.paging?.cursors?.after).toBeTruthy();
  });

  it('caps limit at the edge maximum (500)', async () => {
    const big = sim.seed({ businesses: 1, tokens: 1, perBusiness: { ...ZERO_COUNTS, ownedAdAccounts: 620 } });
    const page = pageOf(
      await graphGet(sim, `/${big.businessIds[0]}/owned_ad_accounts`, big.tokens[0]?.accessToken, {
        limit: '5000',
      }),
    );
    expect(page.data).toHaveLength(500);
    expect(new URL(page.paging?.next ?? '').searchParams.get('limit')).toBe('500');
  });

  it('returns only the requested fields plus id, with nested business{id,name}', async () => {
    const page = pageOf(
      await graphGet(sim, `/${businessId}/owned_ad_accounts`, token, {
        limit: '1',
        fields: 'name,account_status,business{id,name}',
      }),
    );
    const row = page.data[0] ?? {};
    expect(Object.keys(row).sort()).toEqual(['account_status', 'business', 'id', 'name']);
    expect(row.id).toMatch(/^act_\d+$/);
    expect(row.business).toEqual({ id: businessId, name: 'Business 1' });

    const node = await graphGet(sim, `/${String(row.id)}`, token, {
      fields: 'id,account_id,name,currency,timezone_name,account_status,disable_reason,business',
    });
    expect(node.body).toMatchObject({
      id: row.id,
      account_id: String(row.id).slice(4),
      currency: expect.any(String),
      timezone_name: expect.any(String),
      account_status: expect.any(Number),
      disable_reason: expect.any(Number),
      business: { id: businessId, name: 'Business 1' },
    });
  });

  it('defaults to Meta default fields when none are asked for', async () => {
    const page = pageOf(await graphGet(sim, '/me/businesses', token));
    expect(page.data).toEqual([{ id: businessId, name: 'Business 1' }]);
    const accounts = pageOf(await graphGet(sim, `/${businessId}/owned_ad_accounts`, token, { limit: '1' }));
    expect(Object.keys(accounts.data[0] ?? {}).sort()).toEqual(['account_id', 'id']);
  });

  it('expands nested edges with .limit(n) and a next link of their own', async () => {
    const answer = await graphGet(sim, '/me/businesses', token, {
      fields: 'name,owned_ad_accounts.limit(2){name},owned_pages{name}',
    });
    const business = pageOf(answer).data[0] ?? {};
    const nested = business.owned_ad_accounts as { data: unknown[]; paging: { next: string } };
    expect(nested.data).toHaveLength(2);
    const next = new URL(nested.paging.next);
    expect(next.pathname).toBe(`/v26.0/${businessId}/owned_ad_accounts`);
    expect(next.searchParams.get('fields')).toBe('name');
    expect(pageOf(await getUrl(nested.paging.next)).data).toHaveLength(2);
    expect((business.owned_pages as { data: unknown[] }).data).toHaveLength(3);
  });

  it('answers Meta errors for an unknown field, a bad field list and an invalid cursor', async () => {
    const unknownField = await graphGet(sim, `/${businessId}/owned_ad_accounts`, token, {
      fields: 'name,colour',
    });
    expect(unknownField.status).toBe(400);
    expect(graphErrorOf(unknownField)).toMatchObject({
      code: 100,
      message: '(#100) Tried accessing nonexisting field (colour) on node type (AdAccount)',
    });

    const badSyntax = await graphGet(sim, '/me', token, { fields: 'name{' });
    expect(graphErrorOf(badSyntax).code).toBe(2500);

    const badCursor = await graphGet(sim, `/${businessId}/owned_ad_accounts`, token, {
      after: 'bm90LWEtcm93',
    });
    expect(badCursor.status).toBe(400);
    expect(graphErrorOf(badCursor)).toMatchObject({ code: 2642, message: '(#2642) Invalid cursors values' });

    const unknownEdge = await graphGet(sim, '/me/friends_of_friends', token);
    expect(graphErrorOf(unknownEdge)).toMatchObject({ code: 2500 });
  });
});
