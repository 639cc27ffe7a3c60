import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MetaSimulator, type SeededScenario, startMetaSimulator } from '@infra/local/meta-simulator';
import { getUrl, graphGet, pageOf, SMALL_COUNTS } from './graph-test-client';

describe('Meta simulator seed file and HTTP seeding', () => {
  let directory: string;
  let sim: MetaSimulator;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'meta-sim-'));
    const seedFile = join(directory, 'seed.json');
    writeFileSync(
      seedFile,
      JSON.stringify({
        scenario: { businesses: 1, tokens: 1, perBusiness: SMALL_COUNTS, userNames: ['Seeded Marketer'] },
        faults: [{ path: '/me/adaccounts', times: 1, status: 503, error: { code: 2 } }],
      }),
    );
    sim = await startMetaSimulator({ seedFile });
  });
  afterAll(async () => {
    await sim.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('starts with the file scenario and its standing faults', async () => {
    const token = sim.scenario.tokens[0]?.accessToken;
    expect((await graphGet(sim, '/me', token)).body).toMatchObject({ name: 'Seeded Marketer' });
    expect((await graphGet(sim, '/me/adaccounts', token)).status).toBe(503);
    expect((await graphGet(sim, '/me/adaccounts', token)).status).toBe(200);
  });

  it('seeds another tenant over POST /__sim/seed and serves the start scenario at /__sim/scenario', async () => {
    const seeded = await getUrl(`${sim.url}/__sim/seed`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ businesses: 2, tokens: 1, perBusiness: SMALL_COUNTS }),
    });
    expect(seeded.status).toBe(201);
    const scenario = seeded.body as unknown as SeededScenario;
    const businesses = pageOf(await graphGet(sim, '/me/businesses', scenario.tokens[0]?.accessToken));
    expect(businesses.data.map((row) => row.id)).toEqual(scenario.businessIds);

    const invalid = await getUrl(`${sim.url}/__sim/seed`, {
      method: 'POST',
      body: JSON.stringify({ businesses: -1 }),
    });
    expect(invalid.status).toBe(400);
    expect((await getUrl(`${sim.url}/__sim/scenario`)).body).toEqual(
      JSON.parse(JSON.stringify(sim.scenario)),
    );
  });

  it('removes one fault by id', async () => {
    const id = sim.addFault({ path: '/me', status: 500 });
    expect((await graphGet(sim, '/me', sim.scenario.tokens[0]?.accessToken)).status).toBe(500);
    expect((await fetch(`${sim.url}/__sim/faults/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${sim.url}/__sim/faults/${id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await graphGet(sim, '/me', sim.scenario.tokens[0]?.accessToken)).status).toBe(200);
  });
});
