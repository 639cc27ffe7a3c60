import { type MetaSimulator, startMetaSimulator } from '@infra/local/meta-simulator';
import { getUrl, graphErrorOf, proofOf, SMALL_COUNTS } from './graph-test-client';

interface BatchItemAnswer {
  code: number;
  headers?: { name: string; value: string }[];
  body: string;
}

describe('Meta simulator batch requests', () => {
  let sim: MetaSimulator;
  let token: string;
  let businessId: string;

  beforeAll(async () => {
    sim = await startMetaSimulator({ seed: { businesses: 1, tokens: 1, perBusiness: SMALL_COUNTS } });
    token = sim.scenario.tokens[0]?.accessToken ?? '';
    businessId = sim.scenario.businessIds[0] ?? '';
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.clearFaults();
    sim.resetRequests();
  });

  async function postBatch(batch: unknown, asJson: boolean, path = '/'): Promise<BatchItemAnswer[]> {
    const response = asJson
      ? await fetch(`${sim.url}${path}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ access_token: token, appsecret_proof: proofOf(sim, token), batch }),
        })
      : await fetch(`${sim.url}${path}`, {
          method: 'POST',
          body: new URLSearchParams({
            access_token: token,
            appsecret_proof: proofOf(sim, token),
            batch: JSON.stringify(batch),
          }),
        });
    expect(response.status).toBe(200);
    return (await response.json()) as BatchItemAnswer[];
  }

  it('answers each item with {code, headers:[{name,value}], body: JSON string}, in order', async () => {
    const answers = await postBatch(
      [
        { method: 'GET', relative_url: 'me' },
        { method: 'GET', relative_url: `v26.0/${businessId}/owned_ad_accounts?fields=name&limit=2` },
        { method: 'GET', relative_url: '/act_1' },
      ],
      false,
    );
    expect(answers.map((answer) => answer.code)).toEqual([200, 200, 400]);
    expect(JSON.parse(answers[0]?.body ?? '')).toMatchObject({ name: 'Test User 1' });
    const page = JSON.parse(answers[1]?.body ?? '') as { data: unknown[]; paging: { next: string } };
    expect(page.data).toHaveLength(2);
    expect(page.paging.next).toContain(`/v26.0/${businessId}/owned_ad_accounts`);
    expect(JSON.parse(answers[2]?.body ?? '')).toMatchObject({ error: { code: 100, error_subcode: 33 } });
    expect(answers[0]?.headers).toEqual(
      expect.arrayContaining([{ name: 'Content-Type', value: 'application/json; charset=UTF-8' }]),
    );
  });

  it('takes a JSON body on the versioned root too', async () => {
    const answers = await postBatch([{ method: 'GET', relative_url: 'me/businesses' }], true, '/v26.0/');
    expect(answers[0]?.code).toBe(200);
  });

  it('refuses more than 50 requests in one batch', async () => {
    const batch = Array.from({ length: 51 }, () => ({ method: 'GET', relative_url: 'me' }));
    const answer = await getUrl(`${sim.url}/`, {
      method: 'POST',
      body: new URLSearchParams({
        access_token: token,
        appsecret_proof: proofOf(sim, token),
        batch: JSON.stringify(batch),
      }),
    });
    expect(answer.status).toBe(400);
    expect(graphErrorOf(answer)).toMatchObject({
      code: 100,
      message: '(#100) Too many requests in batch message. Maximum batch size is 50',
    });
  });

  it('logs every item and applies faults per item', async () => {
    sim.addFault({ path: '/me/businesses', times: 1, status: 500, error: { code: 2, is_transient: true } });
    const answers = await postBatch(
      [
        { method: 'GET', relative_url: 'me/businesses' },
        { method: 'GET', relative_url: 'me/businesses' },
        { method: 'GET', relative_url: 'me' },
      ],
      false,
    );
    const failed = answers.filter((answer) => answer.code === 500);
    expect(failed).toHaveLength(1);
    expect(JSON.parse(failed[0]?.body ?? '')).toMatchObject({ error: { code: 2, is_transient: true } });
    expect(answers.filter((answer) => answer.code === 200)).toHaveLength(2);

    expect(sim.countRequests({ path: '/me/businesses', viaBatch: true })).toBe(2);
    expect(sim.countRequests({ path: '/me', viaBatch: true })).toBe(1);
    expect(sim.countRequests({ path: '/', method: 'POST', viaBatch: false })).toBe(1);
    expect(sim.countRequests({ token: sim.scenario.tokens[0]?.id })).toBe(4);
  });
});
