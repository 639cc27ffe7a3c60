import { McpError } from '@modelcontextprotocol/sdk/types.js';
import {
  type CampaignWorld,
  campaignBody,
  connectedWorkspace,
  metaObjectsOf,
  mutate,
  newKey,
} from '../campaigns/campaign-fixture';
import { api } from '../support/runtime';
import { connectMcp, type McpSession } from './mcp-client';

/**
 * The agent tools through the official MCP client against the real local runtime: each tool
 * is its REST route with the route's guards (matrix, caps, approvals, dry run, one key space,
 * audit), so what a test asserts is what Meta (the simulator) holds afterwards.
 */
describe('MCP tools', () => {
  let world: CampaignWorld;
  let agent: McpSession;
  let user: McpSession;
  const meta = () => metaObjectsOf(world);
  const atMeta = (id: string) => meta().campaigns.find((c) => c.id === id);
  const namedAtMeta = (name: string) => meta().campaigns.filter((c) => c.name === name);
  const money = (minor: number) => ({ minor, currency: world.currency });
  let names = 0;
  const uniqueName = (what: string) => `${what} ${Date.now().toString(36)}-${++names}`;
  /** A create_campaign's arguments: the REST body with the amount as `{minor, currency}`. */
  const campaignArgs = (overrides: Record<string, unknown> = {}) => ({
    name: uniqueName('MCP campaign'),
    objective: 'OUTCOME_TRAFFIC',
    specialAdCategories: [],
    dailyBudget: money(5000),
    ...overrides,
  });

  type Rule = { level: string; action: string; effect: string; maxBudgetChangePct?: number };
  /** What a user's dashboard does: reads the controls and writes them back with one change. */
  async function changeControls(change: { rules?: Rule[]; spendCaps?: Record<string, unknown> }) {
    const current = await api(world.rt, 'GET', '/controls', { token: world.user });
    expect(current.status).toBe(200);
    const rules = change.rules ?? [];
    const kept = (current.body.agentMatrix as Rule[]).filter(
      (r) => !rules.some((n) => n.level === r.level && n.action === r.action),
    );
    const written = await api(world.rt, 'PUT', '/controls', {
      token: world.user,
      body: {
        spendCaps: change.spendCaps ?? current.body.spendCaps,
        agentMatrix: [...kept, ...rules],
        ...(current.body.autoPause === undefined ? {} : { autoPause: current.body.autoPause }),
      },
    });
    expect(written.status).toBe(200);
  }
  const allowAgentCreates = () =>
    changeControls({ rules: [{ level: 'campaign', action: 'create', effect: 'allow' }] });

  async function userCampaign(overrides: Record<string, unknown> = {}) {
    const made = await mutate(world, 'POST', '/meta/campaigns', {
      body: campaignBody({ name: uniqueName('User campaign'), ...overrides }),
    });
    expect(made.status).toBe(201);
    return made.body as { id: string; name: string; status: string };
  }

  beforeAll(async () => {
    world = await connectedWorkspace();
    [agent, user] = await Promise.all([connectMcp(world.rt, world.agent), connectMcp(world.rt, world.user)]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([agent?.close(), user?.close()]);
    await world?.rt.stop();
  });

  afterEach(async () => {
    world.rt.simulator?.clearFaults();
    await api(world.rt, 'PUT', '/controls', { token: world.user, body: { spendCaps: {}, agentMatrix: [] } });
  });

  describe('tools/list', () => {
    const LEVEL_TOOLS = (one: string, many: string) => [
      `list_${many}`,
      `get_${one}`,
      `create_${one}`,
      `update_${one}`,
      `pause_${one}`,
      `resume_${one}`,
      `delete_${one}`,
    ];
    const NAMES = [
      ...LEVEL_TOOLS('campaign', 'campaigns'),
      ...LEVEL_TOOLS('adset', 'adsets'),
      ...LEVEL_TOOLS('ad', 'ads'),
      'bulk_operations',
      'get_controls',
      'list_approvals',
      'list_audit',
      'list_assets',
      'get_insights',
    ];
    const MUTATION = /^(create|update|pause|resume|delete)_|^bulk_operations$/;

    it('names the 27 tools of DESIGN §5; every mutation requires an idempotencyKey and offers dryRun', async () => {
      const { tools } = await agent.client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual([...NAMES].sort());
      expect(NAMES).toHaveLength(27);
      for (const tool of tools) {
        const properties = (tool.inputSchema.properties ?? {}) as Record<string, unknown>;
        if (MUTATION.test(tool.name)) {
          expect({ tool: tool.name, required: tool.inputSchema.required }).toEqual({
            tool: tool.name,
            required: expect.arrayContaining(['idempotencyKey']),
          });
          expect(properties.dryRun).toBeDefined();
          expect(tool.annotations?.readOnlyHint).toBe(false);
        } else {
          expect(properties.idempotencyKey).toBeUndefined();
          expect(tool.annotations?.readOnlyHint).toBe(true);
        }
      }
    });

    it("takes create_campaign's dailyBudget only as {minor, currency} and says the unit", async () => {
      const { tools } = await agent.client.listTools();
      const create = tools.find((t) => t.name === 'create_campaign');
      if (!create) throw new Error('no create_campaign');
      const schema = create.inputSchema as JsonSchema;
      const budget = resolved(schema, (schema.properties as Record<string, JsonSchema>).dailyBudget ?? {});
      expect(budget.anyOf ?? budget.oneOf).toBeUndefined();
      expect(budget.type).toBe('object');
      expect([...(budget.required as string[])].sort()).toEqual(['currency', 'minor']);
      const fields = budget.properties as Record<string, JsonSchema>;
      expect(resolved(schema, fields.minor ?? {}).type).toBe('integer');
      expect(resolved(schema, fields.currency ?? {}).type).toBe('string');
      expect(String(budget.description)).toMatch(/minor unit/);
      expect(create.description).toMatch(/minor units/);
      expect(create.description).toMatch(/"currency"/);
      const insights = tools.find((t) => t.name === 'get_insights');
      expect(insights?.description).toMatch(/major units/);
    });
  });

  describe('the agent-control matrix', () => {
    it('refuses an agent create under the default matrix, creates nothing, and audits the denial', async () => {
      const args = campaignArgs();
      const creates = meta().createCalls.campaign;
      const denied = await agent.call('create_campaign', { ...args, idempotencyKey: newKey() });
      expect(denied).toMatchObject({
        isError: true,
        status: 403,
        error: { code: 'agent_control_denied', details: { rule: 'campaign.create' } },
      });
      expect(denied.text).toContain('agent_control_denied');
      expect(meta().createCalls.campaign).toBe(creates);
      expect(namedAtMeta(args.name)).toEqual([]);

      const audit = await agent.call('list_audit', { limit: 50 });
      expect(audit.isError).toBe(false);
      const entry = (audit.result.items as AuditItem[]).find(
        (e) => e.action === 'create' && (e.request.body as { name?: string } | undefined)?.name === args.name,
      );
      expect(entry).toMatchObject({
        actor: { kind: 'agent', sub: 'dev-workspace-agent' },
        level: 'campaign',
        outcome: { status: 403, code: 'agent_control_denied' },
      });
    });

    it("lets an agent pause a user's ACTIVE campaign (default matrix), audited as the agent's", async () => {
      const campaign = await userCampaign({ status: 'ACTIVE' });
      expect(atMeta(campaign.id)?.status).toBe('ACTIVE');
      const paused = await agent.call('pause_campaign', { id: campaign.id, idempotencyKey: newKey() });
      expect(paused).toMatchObject({
        isError: false,
        status: 200,
        result: { id: campaign.id, status: 'PAUSED' },
      });
      expect(atMeta(campaign.id)?.status).toBe('PAUSED');

      const audit = await agent.call('list_audit', { objectId: campaign.id });
      expect(audit.result.items[0]).toMatchObject({
        actor: { kind: 'agent', sub: 'dev-workspace-agent' },
        action: 'pause',
        objectId: campaign.id,
        outcome: { status: 200 },
      });
    });

    it("holds an agent create under an approve rule until a user's approval runs it once", async () => {
      await changeControls({ rules: [{ level: 'campaign', action: 'create', effect: 'approve' }] });
      const args = campaignArgs({ name: uniqueName('Proposed by agent') });
      const creates = meta().createCalls.campaign;
      const proposed = await agent.call('create_campaign', { ...args, idempotencyKey: newKey() });
      expect(proposed).toMatchObject({
        isError: false,
        status: 202,
        result: { approvalId: expect.any(String), status: 'pending_approval' },
      });
      const approvalId = proposed.result.approvalId as string;
      expect(proposed.text).toContain(approvalId);
      expect(meta().createCalls.campaign).toBe(creates);

      const pending = await agent.call('list_approvals', { status: 'pending_approval' });
      expect(pending.result.items).toContainEqual(
        expect.objectContaining({
          id: approvalId,
          status: 'pending_approval',
          level: 'campaign',
          action: 'create',
        }),
      );

      const approved = await api(world.rt, 'POST', `/meta/approvals/${approvalId}/approve`, {
        token: world.user,
      });
      expect(approved.status).toBe(200);

      const decided = await agent.call('list_approvals', { status: 'approved' });
      const mine = (decided.result.items as { id: string; result?: { body: { id: string } } }[]).find(
        (a) => a.id === approvalId,
      );
      expect(mine).toMatchObject({
        status: 'approved',
        decidedBy: { actor: 'user', sub: 'dev-workspace-user' },
        result: {
          status: 201,
          body: {
            name: args.name,
            createdBy: { actor: 'agent', sub: 'dev-workspace-agent' },
            approvedBy: { actor: 'user', sub: 'dev-workspace-user' },
          },
        },
      });
      const made = namedAtMeta(args.name);
      expect(made).toHaveLength(1);
      expect(made[0]?.id).toBe(mine?.result?.body.id);
      expect(meta().createCalls.campaign).toBe(creates + 1);
    });

    it('answers a dry run with what would apply, makes nothing and spends no key', async () => {
      await allowAgentCreates();
      const args = campaignArgs({ name: uniqueName('Dry run first') });
      const key = newKey();
      const creates = meta().createCalls.campaign;
      const dry = await agent.call('create_campaign', { ...args, dryRun: true, idempotencyKey: key });
      expect(dry).toMatchObject({
        isError: false,
        status: 200,
        result: {
          dryRun: true,
          wouldApply: { op: 'create', level: 'campaign', object: { name: args.name } },
        },
      });
      expect(dry.text).toMatch(/^Dry run/);
      expect(meta().createCalls.campaign).toBe(creates);
      expect(namedAtMeta(args.name)).toEqual([]);

      const real = await agent.call('create_campaign', { ...args, idempotencyKey: key });
      expect(real).toMatchObject({ isError: false, status: 201, result: { name: args.name } });
      expect(real.replayed).toBeUndefined();
      expect(namedAtMeta(args.name)).toHaveLength(1);
    });
  });

  describe('exactly once', () => {
    it('replays a repeated create, and the REST route answers the same key from the same key space', async () => {
      await allowAgentCreates();
      const body = campaignArgs({ name: uniqueName('Once') });
      const key = newKey();
      const first = await agent.call('create_campaign', { ...body, idempotencyKey: key });
      expect(first).toMatchObject({ isError: false, status: 201 });
      expect(first.replayed).toBeUndefined();
      const creates = meta().createCalls.campaign;

      const again = await agent.call('create_campaign', { ...body, idempotencyKey: key });
      expect(again).toMatchObject({
        isError: false,
        status: 201,
        replayed: true,
        result: { id: first.result.id },
      });
      expect(again.text).toContain('replayed');

      const rest = await mutate(world, 'POST', '/meta/campaigns', { token: world.agent, body, key });
      expect(rest.status).toBe(201);
      expect(rest.headers.get('idempotent-replayed')).toBe('true');
      expect(rest.body.id).toBe(first.result.id);

      expect(meta().createCalls.campaign).toBe(creates);
      expect(namedAtMeta(body.name)).toHaveLength(1);
    });

    it('runs bulk operations without their own keys once each, and replays each on a repeat', async () => {
      const names = [uniqueName('Bulk A'), uniqueName('Bulk B')];
      const args = {
        operations: names.map((name) => ({ op: 'create', level: 'campaign', body: campaignArgs({ name }) })),
        idempotencyKey: newKey(),
      };
      const first = await user.call('bulk_operations', args);
      expect(first.isError).toBe(false);
      expect(first.result.results).toEqual([
        expect.objectContaining({ status: 201, body: expect.objectContaining({ name: names[0] }) }),
        expect.objectContaining({ status: 201, body: expect.objectContaining({ name: names[1] }) }),
      ]);
      const creates = meta().createCalls.campaign;

      const again = await user.call('bulk_operations', args);
      expect(again.result.results).toEqual(
        first.result.results.map((r: { status: number; body: unknown }) => ({
          status: r.status,
          body: r.body,
          replayed: true,
        })),
      );
      expect(meta().createCalls.campaign).toBe(creates);
      for (const name of names) expect(namedAtMeta(name)).toHaveLength(1);
    });
  });

  it('refuses a create over the campaign daily cap with cap, current, requested and headroom', async () => {
    await changeControls({
      spendCaps: { campaignDaily: 3000 },
      rules: [{ level: 'campaign', action: 'create', effect: 'allow' }],
    });
    const args = campaignArgs({ dailyBudget: money(5000) });
    const creates = meta().createCalls.campaign;
    const refused = await agent.call('create_campaign', { ...args, idempotencyKey: newKey() });
    expect(refused).toMatchObject({
      isError: true,
      status: 422,
      error: {
        code: 'spend_cap_exceeded',
        details: { rule: 'campaignDaily', cap: 3000, current: 0, requested: 5000, headroom: 3000 },
      },
    });
    expect(meta().createCalls.campaign).toBe(creates);
    expect(namedAtMeta(args.name)).toEqual([]);
  });

  describe('money', () => {
    it("refuses another currency than the account's before the matrix, naming the field", async () => {
      const other = world.currency === 'EUR' ? 'USD' : 'EUR';
      const args = campaignArgs({ dailyBudget: { minor: 5000, currency: other } });
      const creates = meta().createCalls.campaign;
      // The default matrix would deny this agent create: the currency is checked first.
      const refused = await agent.call('create_campaign', { ...args, idempotencyKey: newKey() });
      expect(refused).toMatchObject({
        isError: true,
        status: 422,
        error: {
          code: 'currency_mismatch',
          details: { field: 'dailyBudget', given: other, expected: world.currency },
        },
      });
      expect(meta().createCalls.campaign).toBe(creates);
    });

    it('refuses a bare integer amount, naming the argument', async () => {
      const refused = await user.call('create_campaign', {
        ...campaignArgs({ dailyBudget: 5000 }),
        idempotencyKey: newKey(),
      });
      expect(refused).toMatchObject({ isError: true, status: 400, error: { code: 'validation_error' } });
      expect(refused.error?.details).toContainEqual(expect.objectContaining({ argument: 'dailyBudget' }));
    });
  });

  describe('arguments', () => {
    it('refuses a malformed id, naming it, before any route runs', async () => {
      const requests = world.rt.simulator?.requests().length;
      const refused = await agent.call('get_campaign', { id: 'abc' });
      expect(refused).toMatchObject({ isError: true, status: 400, error: { code: 'validation_error' } });
      expect(refused.error?.details).toContainEqual(expect.objectContaining({ argument: 'id' }));
      expect(world.rt.simulator?.requests().length).toBe(requests);
    });

    it('refuses an unknown argument, naming it', async () => {
      const campaign = await userCampaign();
      const refused = await agent.call('get_campaign', { id: campaign.id, colour: 'red' });
      expect(refused).toMatchObject({ isError: true, status: 400, error: { code: 'validation_error' } });
      expect(refused.error?.message).toContain('colour');
    });

    it('answers an unknown tool with a JSON-RPC error', async () => {
      const call = agent.client.callTool({ name: 'launch_rocket', arguments: {} });
      await expect(call).rejects.toBeInstanceOf(McpError);
      await expect(call).rejects.toMatchObject({
        code: -32602,
        message: expect.stringContaining('launch_rocket'),
      });
    });

    it('takes the actor from the token: an agent passing actor "user" is refused and changes nothing', async () => {
      const campaign = await userCampaign({ status: 'ACTIVE' });
      const refused = await agent.call('resume_campaign', {
        id: campaign.id,
        actor: 'user',
        idempotencyKey: newKey(),
      });
      expect(refused).toMatchObject({ isError: true, status: 400, error: { code: 'validation_error' } });
      expect(refused.error?.message).toContain('actor');
      const created = await agent.call('create_campaign', {
        ...campaignArgs(),
        actor: 'user',
        idempotencyKey: newKey(),
      });
      expect(created).toMatchObject({ isError: true, error: { code: 'validation_error' } });
      // Without the stray argument the agent is still the agent: the matrix denies its create.
      const asItself = await agent.call('create_campaign', { ...campaignArgs(), idempotencyKey: newKey() });
      expect(asItself.error?.code).toBe('agent_control_denied');
      expect(atMeta(campaign.id)?.status).toBe('ACTIVE');
    });
  });

  it("lets a user create through MCP (users are bound by caps only), made by the user's sub", async () => {
    const args = campaignArgs({ name: uniqueName('User via MCP') });
    const created = await user.call('create_campaign', { ...args, idempotencyKey: newKey() });
    expect(created).toMatchObject({
      isError: false,
      status: 201,
      result: {
        name: args.name,
        dailyBudget: 5000,
        createdBy: { actor: 'user', sub: 'dev-workspace-user' },
      },
    });
    expect(created.text).toContain('minor units');
    const made = namedAtMeta(args.name);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ id: created.result.id, daily_budget: expect.anything() });
    expect(Number(made[0]?.daily_budget)).toBe(5000);
  });

  describe('reads', () => {
    it('pages list_campaigns by cursor, as the REST list does', async () => {
      await userCampaign();
      await userCampaign();
      const first = await agent.call('list_campaigns', { limit: 1 });
      expect(first.isError).toBe(false);
      expect(first.result.items).toHaveLength(1);
      expect(first.result.nextCursor).toEqual(expect.any(String));
      const second = await agent.call('list_campaigns', { limit: 1, cursor: first.result.nextCursor });
      expect(second.result.items).toHaveLength(1);
      expect(second.result.items[0].id).not.toBe(first.result.items[0].id);
      const rest = await api(world.rt, 'GET', '/meta/campaigns?limit=2', { token: world.agent });
      expect(rest.body.items.map((c: { id: string }) => c.id)).toEqual([
        first.result.items[0].id,
        second.result.items[0].id,
      ]);
    });

    it('lists the synced ad accounts with their currency, and reads the controls', async () => {
      const assets = await agent.call('list_assets', { type: 'ad-accounts' });
      expect(assets.isError).toBe(false);
      expect(assets.result.items).toContainEqual(
        expect.objectContaining({ id: world.adAccountId, currency: world.currency }),
      );

      await changeControls({
        spendCaps: { campaignDaily: 9000 },
        rules: [{ level: 'adset', action: 'pause', effect: 'deny' }],
      });
      const controls = await agent.call('get_controls');
      const rest = await api(world.rt, 'GET', '/controls', { token: world.agent });
      expect(controls).toMatchObject({
        isError: false,
        status: 200,
        result: {
          spendCaps: { campaignDaily: 9000 },
          agentMatrix: [{ level: 'adset', action: 'pause', effect: 'deny' }],
        },
      });
      expect(controls.result).toEqual(rest.body);
    });

    it('reads the Insights rows a refresh job pulled', async () => {
      const sim = world.rt.simulator;
      if (!sim) throw new Error('no simulator');
      sim.setInsightsOptions({ asyncJobMs: 50 });
      const seeded = sim.seedInsightsWorld(world.adAccountId, {
        campaigns: 1,
        adSetsPerCampaign: 1,
        adsPerAdSet: 1,
        days: 3,
      });
      const campaignId = seeded?.campaigns[0]?.id ?? '';
      const truth = sim.insightsTruth(world.adAccountId, {
        level: 'campaign',
        from: '2020-01-01',
        to: '2035-12-31',
      });
      const dates = (truth ?? [])
        .filter((r) => r.entityId === campaignId)
        .map((r) => r.date)
        .sort();
      const from = dates[0] ?? '';
      const to = dates[dates.length - 1] ?? '';
      const started = await api(world.rt, 'POST', '/insights/refresh', {
        token: world.user,
        body: { adAccountId: world.adAccountId, from, to },
      });
      expect(started.status).toBe(202);
      await waitForJob(started.body.jobId);

      const insights = await agent.call('get_insights', {
        from,
        to,
        level: 'campaign',
        entityIds: campaignId,
      });
      expect(insights.isError).toBe(false);
      expect(insights.result.items.map((r: { date: string }) => r.date)).toEqual(dates);
      expect(insights.result.items[0]).toMatchObject({
        adAccountId: world.adAccountId,
        entityId: campaignId,
        currency: world.currency,
        spend: expect.stringMatching(/^\d+(\.\d+)?$/),
      });
      const rest = await api(
        world.rt,
        'GET',
        `/insights?from=${from}&to=${to}&level=campaign&entityIds=${campaignId}`,
        {
          token: world.agent,
        },
      );
      expect(insights.result.items).toEqual(rest.body.items);
    });
  });

  it("answers not_found for another workspace's campaign and changes nothing", async () => {
    const theirs = await foreignCampaign();
    expect(theirs.atMeta()?.status).toBe('ACTIVE');
    const byOwner = await api(world.rt, 'GET', `/meta/campaigns/${theirs.id}`, { token: theirs.owner });
    expect(byOwner.status).toBe(200);

    const read = await agent.call('get_campaign', { id: theirs.id });
    expect(read).toMatchObject({ isError: true, status: 404, error: { code: 'not_found' } });
    const pause = await agent.call('pause_campaign', { id: theirs.id, idempotencyKey: newKey() });
    expect(pause).toMatchObject({ isError: true, status: 404, error: { code: 'not_found' } });
    expect(theirs.atMeta()?.status).toBe('ACTIVE');
  }, 60_000);

  /**
   * An ACTIVE campaign of a second workspace on this runtime, in an ad account only it reaches:
   * it adds the dev scenario's system users, one of them admin of a Business Manager our login
   * user is not in.
   */
  async function foreignCampaign() {
    const other = await connectedWorkspace({ workspaceId: 'other', rt: world.rt });
    const systemUsers = world.rt.simulator?.scenario.tokens.filter((t) => t.kind === 'system_user') ?? [];
    for (const [index, systemUser] of systemUsers.entries()) {
      const added = await api(world.rt, 'POST', '/integrations/meta/tokens', {
        token: other.user,
        body: { accessToken: systemUser.accessToken, label: `System user ${index}` },
      });
      expect(added.status).toBe(201);
    }
    await world.rt.idle(30_000);
    const list = async (token: string) =>
      (await api(world.rt, 'GET', '/meta/assets/ad-accounts?limit=200', { token })).body.items as {
        id: string;
        currency?: string;
      }[];
    const ours = new Set((await list(world.user)).map((a) => a.id));
    const onlyTheirs = (await list(other.user)).find((a) => a.currency && !ours.has(a.id));
    if (!onlyTheirs) throw new Error('no ad account that only the other workspace reaches');
    const picked = await api(world.rt, 'PUT', '/integrations/meta/ad-account', {
      token: other.user,
      body: { adAccountId: onlyTheirs.id },
    });
    expect(picked.status).toBe(200);
    const theirs = await mutate(world, 'POST', '/meta/campaigns', {
      token: other.user,
      body: campaignBody({ name: uniqueName('Theirs'), status: 'ACTIVE' }),
    });
    expect(theirs.status).toBe(201);
    const id = theirs.body.id as string;
    const account = { ...other, adAccountId: onlyTheirs.id };
    return { id, owner: other.user, atMeta: () => metaObjectsOf(account).campaigns.find((c) => c.id === id) };
  }

  // Last: the block a throttle provokes holds the ad account's bucket for minutes.
  it("answers Meta's throttling as a tool error with the REST code and when to retry", async () => {
    const campaign = await userCampaign({ status: 'ACTIVE' });
    world.rt.simulator?.addFault({
      path: `/${campaign.id}`,
      method: 'POST',
      status: 400,
      error: { code: 17, error_subcode: 2446079, message: 'User request limit reached' },
      regainAccessMinutes: 5,
      times: 1,
    });
    const throttled = await agent.call('pause_campaign', { id: campaign.id, idempotencyKey: newKey() });
    expect(throttled).toMatchObject({
      isError: true,
      status: 429,
      error: { code: 'meta_throttled' },
      retryAfterSeconds: expect.any(Number),
    });
    expect(throttled.retryAfterSeconds).toBeGreaterThan(60);
    expect(throttled.text).toMatch(/Retry after \d+ s with the same idempotencyKey/);
    expect(atMeta(campaign.id)?.status).toBe('ACTIVE');
  });

  async function waitForJob(jobId: string) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      await world.rt.idle(30_000);
      const job = await api(world.rt, 'GET', `/insights/jobs/${jobId}`, { token: world.user });
      if (job.body.status === 'succeeded') return job.body;
      if (job.body.status === 'failed' || Date.now() > deadline)
        throw new Error(`insights job ended ${JSON.stringify(job.body)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
});

interface AuditItem {
  action: string;
  request: { body?: unknown };
}

type JsonSchema = Record<string, unknown>;

/** Follows a local `$ref` (`#/$defs/Money`) of the listed schema to what it names. */
function resolved(root: JsonSchema, schema: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  if (!ref.startsWith('#/')) throw new Error(`a non-local $ref ${ref}`);
  let target: unknown = root;
  for (const part of ref.slice(2).split('/')) target = (target as Record<string, unknown>)[part];
  if (typeof target !== 'object' || target === null) throw new Error(`$ref ${ref} names nothing`);
  return resolved(root, { ...(target as JsonSchema), ...withoutRef(schema) });
}

function withoutRef(schema: JsonSchema): JsonSchema {
  const { $ref: _ref, ...rest } = schema;
  return rest;
}
