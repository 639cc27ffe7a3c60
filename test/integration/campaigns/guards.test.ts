import { api } from '../support/runtime';
import {
  adSetBody,
  type CampaignWorld,
  campaignBody,
  connectedWorkspace,
  metaObjectsOf,
  mutate,
  newKey,
} from './campaign-fixture';

/**
 * The marketer's limits through the API: exactly once under an Idempotency-Key (lost answers
 * included), spend caps for everyone, the agent-control matrix for agents, approvals, the
 * audit trail, and Meta's throttling answered as 429 without a hang.
 */
describe('guarded campaign mutations', () => {
  let world: CampaignWorld;
  const meta = () => metaObjectsOf(world);
  const setControls = (body: unknown) => api(world.rt, 'PUT', '/controls', { token: world.user, body });
  const noLimits = { spendCaps: {}, agentMatrix: [] };

  beforeAll(async () => {
    world = await connectedWorkspace();
  }, 90_000);

  afterAll(async () => {
    await world?.rt.stop();
  });

  afterEach(async () => {
    world.rt.simulator?.clearFaults();
    world.rt.simulator?.setLatency(0);
    await setControls(noLimits);
  });

  describe('exactly once', () => {
    it('replays the same key and body with the stored answer and no second Meta call', async () => {
      const key = newKey();
      const body = campaignBody();
      const first = await mutate(world, 'POST', '/meta/campaigns', { body, key });
      expect(first.status).toBe(201);
      const creates = meta().createCalls.campaign;
      const again = await mutate(world, 'POST', '/meta/campaigns', { body, key });
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(meta().createCalls.campaign).toBe(creates);
    });

    it('refuses the same key with another body (422) and answers 409 while the first is in flight', async () => {
      const key = newKey();
      world.rt.simulator?.setLatency(400);
      const [slow, concurrent] = await Promise.all([
        mutate(world, 'POST', '/meta/campaigns', { body: campaignBody({ name: 'In flight' }), key }),
        new Promise((r) => setTimeout(r, 150)).then(() =>
          mutate(world, 'POST', '/meta/campaigns', { body: campaignBody({ name: 'In flight' }), key }),
        ),
      ]);
      expect(slow.status).toBe(201);
      expect(concurrent.status).toBe(409);
      expect(concurrent.body.error.code).toBe('idempotency_in_flight');
      world.rt.simulator?.setLatency(0);
      const other = await mutate(world, 'POST', '/meta/campaigns', {
        body: campaignBody({ name: 'Other' }),
        key,
      });
      expect(other.status).toBe(422);
      expect(other.body.error.code).toBe('idempotency_key_reused');
    });

    it('finds the object Meta created when the answer was lost, instead of creating a second', async () => {
      const key = newKey();
      const body = campaignBody({ name: 'Lost answer' });
      const before = meta().campaigns.filter((c) => c.name === 'Lost answer').length;
      world.rt.simulator?.addFault({
        path: `/${world.adAccountId}/campaigns`,
        method: 'POST',
        kind: 'lostAnswer',
        times: 1,
      });
      const created = await mutate(world, 'POST', '/meta/campaigns', { body, key });
      expect(created.status).toBe(201);
      expect(meta().campaigns.filter((c) => c.name === 'Lost answer').length).toBe(before + 1);
      expect(created.body.id).toBe(meta().campaigns.find((c) => c.name === 'Lost answer')?.id);
    });

    it('when Meta keeps losing answers, a retry with the same key finds the object made before', async () => {
      const key = newKey();
      const body = campaignBody({ name: 'Lost twice' });
      // The create lands and its answer is lost; the lookup fails too: the call fails as 503.
      world.rt.simulator?.addFault({
        path: `/${world.adAccountId}/campaigns`,
        method: 'POST',
        kind: 'lostAnswer',
      });
      world.rt.simulator?.addFault({
        path: `/${world.adAccountId}/campaigns`,
        method: 'GET',
        // A refusal, not an outage: the breaker stays shut for the calls after this test.
        status: 400,
        error: { code: 100, message: 'Invalid parameter' },
      });
      const failed = await mutate(world, 'POST', '/meta/campaigns', { body, key });
      expect(failed.status).toBe(503);
      expect(failed.headers.get('retry-after')).toMatch(/^\d+$/);
      world.rt.simulator?.clearFaults();
      const retried = await mutate(world, 'POST', '/meta/campaigns', { body, key });
      expect(retried.status).toBe(201);
      const made = meta().campaigns.filter((c) => c.name === 'Lost twice');
      expect(made).toHaveLength(1);
      expect(retried.body.id).toBe(made[0]?.id);
    });
  });

  describe('spend caps', () => {
    it('refuses a create over the campaign daily cap with cap, current and requested, touching nothing', async () => {
      expect((await setControls({ spendCaps: { campaignDaily: 3000 }, agentMatrix: [] })).status).toBe(200);
      const creates = meta().createCalls.campaign;
      const answer = await mutate(world, 'POST', '/meta/campaigns', {
        body: campaignBody({ dailyBudget: 5000 }),
      });
      expect(answer.status).toBe(422);
      expect(answer.body.error).toMatchObject({
        code: 'spend_cap_exceeded',
        details: { rule: 'campaignDaily', cap: 3000, current: 0, requested: 5000, currency: world.currency },
      });
      expect(meta().createCalls.campaign).toBe(creates);
    });

    it("sums the account's live daily budgets against its cap; lowering is always allowed", async () => {
      const live = await api(world.rt, 'GET', '/meta/campaigns?limit=200', { token: world.user });
      const current = (live.body.items as { dailyBudget?: number }[]).reduce(
        (s, c) => s + (c.dailyBudget ?? 0),
        0,
      );
      const a = await mutate(world, 'POST', '/meta/campaigns', { body: campaignBody({ dailyBudget: 2000 }) });
      expect(a.status).toBe(201);
      await setControls({
        spendCaps: { adAccountDaily: { [world.adAccountId]: current + 2500 } },
        agentMatrix: [],
      });
      const over = await mutate(world, 'PATCH', `/meta/campaigns/${a.body.id}`, {
        body: { dailyBudget: 3000 },
      });
      expect(over.status).toBe(422);
      expect(over.body.error.details).toMatchObject({
        rule: 'adAccountDaily',
        current: current + 2000,
        requested: current + 3000,
      });
      const lower = await mutate(world, 'PATCH', `/meta/campaigns/${a.body.id}`, {
        body: { dailyBudget: 1000 },
      });
      expect(lower.status).toBe(200);
      expect(lower.body.dailyBudget).toBe(1000);
    });
  });

  describe('agents', () => {
    it('by default may pause and nothing else, and never change controls', async () => {
      const campaign = await mutate(world, 'POST', '/meta/campaigns', { body: campaignBody() });
      const create = await mutate(world, 'POST', '/meta/campaigns', {
        token: world.agent,
        body: campaignBody(),
      });
      expect(create.status).toBe(403);
      expect(create.body.error).toMatchObject({
        code: 'agent_control_denied',
        details: { rule: 'campaign.create' },
      });
      const resume = await mutate(world, 'POST', `/meta/campaigns/${campaign.body.id}/resume`, {
        token: world.agent,
      });
      expect(resume.status).toBe(403);
      const pause = await mutate(world, 'POST', `/meta/campaigns/${campaign.body.id}/pause`, {
        token: world.agent,
      });
      expect(pause.status).toBe(200);
      const controls = await api(world.rt, 'PUT', '/controls', { token: world.agent, body: noLimits });
      expect(controls.status).toBe(403);
      expect(controls.body.error.code).toBe('agent_control_denied');
      const read = await api(world.rt, 'GET', '/controls', { token: world.agent });
      expect(read.status).toBe(200);
    });

    it('are held to maxBudgetChangePct, and caps bind them too', async () => {
      const campaign = await mutate(world, 'POST', '/meta/campaigns', {
        body: campaignBody({ dailyBudget: 4000 }),
      });
      await setControls({
        spendCaps: { campaignDaily: 5500 },
        agentMatrix: [{ level: 'campaign', action: 'budget', effect: 'allow', maxBudgetChangePct: 25 }],
      });
      const tooFar = await mutate(world, 'PATCH', `/meta/campaigns/${campaign.body.id}`, {
        token: world.agent,
        body: { dailyBudget: { minor: 6000, currency: world.currency } },
      });
      expect(tooFar.status).toBe(403);
      expect(tooFar.body.error.details).toMatchObject({
        rule: 'campaign.budget',
        allowed: { maxBudgetChangePct: 25 },
      });
      const within = await mutate(world, 'PATCH', `/meta/campaigns/${campaign.body.id}`, {
        token: world.agent,
        body: { dailyBudget: 5000 },
      });
      expect(within.status).toBe(200);
      const overCap = await mutate(world, 'PATCH', `/meta/campaigns/${campaign.body.id}`, {
        token: world.agent,
        body: { dailyBudget: 6000 },
      });
      expect(overCap.status).toBe(422);
      expect(overCap.body.error.code).toBe('spend_cap_exceeded');
    });

    it('under an approve rule waits for a user, whose approval runs it exactly once', async () => {
      await setControls({
        spendCaps: {},
        agentMatrix: [{ level: 'campaign', action: 'create', effect: 'approve' }],
      });
      const dry = await api(world.rt, 'POST', '/meta/campaigns?dryRun=true', {
        token: world.agent,
        body: campaignBody({ name: 'Agent proposal' }),
      });
      expect(dry.status).toBe(200);
      expect(dry.body).toMatchObject({ dryRun: true, needsApproval: true });

      const creates = meta().createCalls.campaign;
      const proposed = await mutate(world, 'POST', '/meta/campaigns', {
        token: world.agent,
        body: campaignBody({ name: 'Agent proposal' }),
      });
      expect(proposed.status).toBe(202);
      expect(proposed.body).toEqual({ approvalId: expect.any(String), status: 'pending_approval' });
      expect(meta().createCalls.campaign).toBe(creates);

      const mine = await api(world.rt, 'GET', '/meta/approvals?status=pending_approval', {
        token: world.agent,
      });
      expect(mine.body.items.map((a: { id: string }) => a.id)).toContain(proposed.body.approvalId);
      const byAgent = await api(world.rt, 'POST', `/meta/approvals/${proposed.body.approvalId}/approve`, {
        token: world.agent,
      });
      expect(byAgent.status).toBe(403);

      const approved = await api(world.rt, 'POST', `/meta/approvals/${proposed.body.approvalId}/approve`, {
        token: world.user,
      });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ status: 'approved', result: { status: 201 } });
      expect(approved.body.result.body).toMatchObject({
        name: 'Agent proposal',
        createdBy: { actor: 'agent', sub: 'dev-workspace-agent' },
        approvedBy: { actor: 'user', sub: 'dev-workspace-user' },
      });
      expect(meta().createCalls.campaign).toBe(creates + 1);
      const twice = await api(world.rt, 'POST', `/meta/approvals/${proposed.body.approvalId}/approve`, {
        token: world.user,
      });
      expect(twice.status).toBe(409);
      expect(twice.body.error.code).toBe('approval_decided');
      expect(meta().createCalls.campaign).toBe(creates + 1);
    });

    it('a rejected proposal never runs', async () => {
      await setControls({
        spendCaps: {},
        agentMatrix: [{ level: 'campaign', action: 'create', effect: 'approve' }],
      });
      const creates = meta().createCalls.campaign;
      const proposed = await mutate(world, 'POST', '/meta/campaigns', {
        token: world.agent,
        body: campaignBody(),
      });
      const rejected = await api(world.rt, 'POST', `/meta/approvals/${proposed.body.approvalId}/reject`, {
        token: world.user,
      });
      expect(rejected.status).toBe(200);
      expect(rejected.body).toEqual({ approvalId: proposed.body.approvalId, status: 'rejected' });
      const late = await api(world.rt, 'POST', `/meta/approvals/${proposed.body.approvalId}/approve`, {
        token: world.user,
      });
      expect(late.status).toBe(409);
      expect(meta().createCalls.campaign).toBe(creates);
    });
  });

  it('records every mutation in the audit trail, denied and proposed ones too', async () => {
    const campaign = await mutate(world, 'POST', '/meta/campaigns', {
      body: campaignBody({ name: 'Audited' }),
    });
    await mutate(world, 'PATCH', `/meta/campaigns/${campaign.body.id}`, {
      token: world.agent,
      body: { name: 'Renamed by agent' },
    });
    const trail = await api(world.rt, 'GET', `/meta/audit?objectId=${campaign.body.id}`, {
      token: world.user,
    });
    expect(trail.status).toBe(200);
    expect(trail.body.items).toEqual([
      expect.objectContaining({
        actor: { kind: 'agent', sub: 'dev-workspace-agent' },
        action: 'update',
        outcome: { status: 403, code: 'agent_control_denied' },
      }),
      expect.objectContaining({
        actor: { kind: 'user', sub: 'dev-workspace-user' },
        action: 'create',
        outcome: { status: 201 },
        after: expect.objectContaining({ name: 'Audited' }),
      }),
    ]);
    const agentView = await api(world.rt, 'GET', '/meta/audit?limit=200', { token: world.agent });
    expect(agentView.body.items.every((e: { actor: { kind: string } }) => e.actor.kind === 'agent')).toBe(
      true,
    );
  });

  it('keeps workspaces apart: a workspace without our connection reads none of our objects', async () => {
    const campaign = await mutate(world, 'POST', '/meta/campaigns', { body: campaignBody() });
    const stranger = world.rt.token({ workspace_id: 'other-workspace', sub: 'stranger' });
    const read = await api(world.rt, 'GET', `/meta/campaigns/${campaign.body.id}`, { token: stranger });
    expect(read.status).toBe(409);
    expect(read.body.error.code).toBe('not_connected');
    const list = await api(world.rt, 'GET', '/meta/campaigns', { token: stranger });
    expect(list.status).toBe(409);
    expect(list.body.error.code).toBe('not_connected');
  });

  it('runs up to 50 operations in bulk, each with its own key and result, in order', async () => {
    const operations = [
      ...Array.from({ length: 3 }, (_, i) => ({
        op: 'create',
        level: 'campaign',
        body: campaignBody({ name: `Bulk ${i}` }),
        idempotencyKey: newKey(),
      })),
      { op: 'create', level: 'campaign', body: { name: 'No objective' }, idempotencyKey: newKey() },
      { op: 'pause', level: 'campaign', id: '999999999', idempotencyKey: newKey() },
    ];
    const answer = await api(world.rt, 'POST', '/meta/bulk', { token: world.user, body: { operations } });
    expect(answer.status).toBe(200);
    expect(answer.body.results.map((r: { status: number }) => r.status)).toEqual([201, 201, 201, 400, 404]);
    expect(answer.body.results[3].body.error.details[0].path).toBe('operations.3.body.objective');
    const again = await api(world.rt, 'POST', '/meta/bulk', { token: world.user, body: { operations } });
    expect(again.body.results[0]).toMatchObject({
      status: 201,
      replayed: true,
      body: answer.body.results[0].body,
    });
    const tooMany = await api(world.rt, 'POST', '/meta/bulk', {
      token: world.user,
      body: { operations: Array.from({ length: 51 }, () => operations[0]) },
    });
    expect(tooMany.status).toBe(400);
  });

  it('puts an ad set under a campaign without a budget and checks EU DSA parties from the account', async () => {
    const campaign = await mutate(world, 'POST', '/meta/campaigns', {
      body: campaignBody({ dailyBudget: undefined }),
    });
    const eu = await mutate(world, 'POST', '/meta/adsets', {
      body: adSetBody(campaign.body.id, { targeting: { geoLocations: { countries: ['DE'] } } }),
    });
    expect(eu.status).toBe(201);
    expect(eu.body.dsaBeneficiary).toBeTruthy();
    const atMeta = meta().adsets.find((a) => a.id === eu.body.id);
    expect(atMeta).toMatchObject({ dsa_beneficiary: eu.body.dsaBeneficiary, dsa_payor: eu.body.dsaPayor });
  });
  // Last: the block it provokes holds the ad account's bucket for minutes.
  it('answers 429 with Retry-After while Meta throttles the ad account, without calling Meta again', async () => {
    const campaign = await mutate(world, 'POST', '/meta/campaigns', { body: campaignBody() });
    world.rt.simulator?.addFault({
      path: `/${campaign.body.id}`,
      method: 'POST',
      status: 400,
      error: { code: 17, error_subcode: 2446079, message: 'User request limit reached' },
      regainAccessMinutes: 5,
      times: 1,
    });
    const throttled = await mutate(world, 'POST', `/meta/campaigns/${campaign.body.id}/pause`);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(60);
    const calls = world.rt.simulator?.requests().length ?? 0;
    const blocked = await mutate(world, 'POST', `/meta/campaigns/${campaign.body.id}/pause`);
    expect(blocked.status).toBe(429);
    expect(world.rt.simulator?.requests().length).toBe(calls);
  });
});
