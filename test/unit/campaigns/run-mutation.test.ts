import { runMutation } from '../../../shared/campaigns/run-mutation';
import { IDEMPOTENCY_TTL_SECONDS, requestFingerprint } from '../../../shared/domain/idempotency';
import type { MutationRequest } from '../../../shared/domain/mutation';
import type { Principal } from '../../../shared/platform/auth';
import {
  MetaTransientError,
  ReplayedRefusalError,
  UnprocessableError,
} from '../../../shared/platform/errors';
import {
  agent,
  type CampaignWorld,
  campaignBody,
  campaignWorld,
  givenCampaign,
  refusal,
  requestOf,
  USD_ACCOUNT,
  user,
  WORKSPACE,
} from './campaign-deps-fixture';
import { lostAnswer, metaDown, metaRefused, metaThrottled, tokenInvalid } from './fake-meta';

const createCampaign = (overrides: Record<string, unknown> = {}) =>
  requestOf('campaign', 'create', undefined, campaignBody(overrides));

function run(
  world: CampaignWorld,
  request: MutationRequest,
  options: { key?: string; dryRun?: boolean; as?: Principal } = {},
) {
  return runMutation(world.deps, options.as ?? user, request, {
    dryRun: options.dryRun ?? false,
    ...(options.key ? { idempotencyKey: options.key } : {}),
  });
}

const claimOptions = { ttlSeconds: IDEMPOTENCY_TTL_SECONDS, inFlightSeconds: 60 };

describe('runMutation: a create', () => {
  it('creates at Meta with a marker, mirrors it with who made it, audits and queues the follow-up', async () => {
    const world = await campaignWorld();
    const answer = await run(world, createCampaign(), { key: 'k-1' });

    expect(answer.status).toBe(201);
    expect(answer.headers).toBeUndefined();
    const [id, atMeta] = [...world.meta.objects.entries()][0] ?? [];
    expect(world.meta.objects.size).toBe(1);
    expect(answer.body).toMatchObject({
      id,
      name: 'Winter sale',
      createdBy: { actor: 'user', sub: 'user-1' },
    });
    const marker = atMeta?.labels[0]?.name;
    expect(marker).toMatch(/^mab-[0-9a-f]{16}$/);
    expect(atMeta?.node).toMatchObject({ name: 'Winter sale', objective: 'OUTCOME_TRAFFIC' });
    expect(await world.objects.get(USD_ACCOUNT, id ?? '')).toMatchObject({
      id,
      dailyBudget: 5000,
      currency: 'USD',
      createdBy: { kind: 'user', sub: 'user-1' },
      createdAt: '2026-12-01T10:00:00.000Z',
    });
    expect(world.audit.entries).toEqual([
      expect.objectContaining({
        action: 'create',
        objectId: id,
        outcome: { status: 201 },
        adAccountId: USD_ACCOUNT,
      }),
    ]);
    expect(world.followUps).toEqual([
      { workspaceId: WORKSPACE, adAccountId: USD_ACCOUNT, level: 'campaign', objectId: id, marker },
    ]);
  });
});

describe('runMutation: the Idempotency-Key', () => {
  it('replays a stored 201 without calling Meta again, marked idempotent-replayed', async () => {
    const world = await campaignWorld();
    const first = await run(world, createCampaign(), { key: 'k-1' });
    const callsBefore = world.meta.calls.length;

    const again = await run(world, createCampaign(), { key: 'k-1' });

    expect(again).toEqual({ ...first, headers: { 'idempotent-replayed': 'true' } });
    expect(world.meta.calls).toHaveLength(callsBefore);
    expect(world.meta.objects.size).toBe(1);
    expect(world.audit.entries).toHaveLength(1);
  });

  it('replays a stored 422 as the same refusal', async () => {
    const world = await campaignWorld();
    const body = { dailyBudget: { minor: 5000, currency: 'JPY' } };
    const first = await refusal(run(world, createCampaign(body), { key: 'k-1' }));

    const again = await refusal(run(world, createCampaign(body), { key: 'k-1' }));

    expect(again).toBeInstanceOf(ReplayedRefusalError);
    expect(again).toMatchObject({ status: 422, code: 'currency_mismatch', message: first.message });
    expect(again.details).toEqual(first.details);
    expect(again.headers).toEqual({ 'idempotent-replayed': 'true' });
    expect(world.audit.entries).toHaveLength(1);
    expect(world.meta.calls).toEqual([]);
  });

  it('answers 409 idempotency_in_flight while the same request holds the key', async () => {
    const world = await campaignWorld();
    const request = createCampaign();
    const fingerprint = requestFingerprint(request.method, request.path, request.body ?? null);
    await world.idempotency.claim({ workspaceId: WORKSPACE, key: 'k-1' }, fingerprint, claimOptions);

    const err = await refusal(run(world, request, { key: 'k-1' }));

    expect(err).toMatchObject({ status: 409, code: 'idempotency_in_flight' });
    expect(world.meta.calls).toEqual([]);
    expect(world.audit.entries).toEqual([]);
  });

  it('answers 422 idempotency_key_reused for another request under a used key', async () => {
    const world = await campaignWorld();
    await run(world, createCampaign(), { key: 'k-1' });

    const err = await refusal(run(world, createCampaign({ name: 'Another' }), { key: 'k-1' }));

    expect(err).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
    expect(world.meta.callsOf('create')).toHaveLength(1);
  });

  it('releases the claim when the workspace cannot be loaded', async () => {
    const world = await campaignWorld({ connected: false });
    const request = createCampaign();

    const err = await refusal(run(world, request, { key: 'k-1' }));

    expect(err).toMatchObject({ status: 409, code: 'not_connected' });
    const fingerprint = requestFingerprint(request.method, request.path, request.body ?? null);
    expect(
      await world.idempotency.claim({ workspaceId: WORKSPACE, key: 'k-1' }, fingerprint, claimOptions),
    ).toEqual({ kind: 'claimed', resumed: false });
    expect(world.audit.entries).toEqual([]);
  });
});

describe('runMutation: the guards', () => {
  it('refuses another currency before the matrix: an agent the matrix denies reads 422, not 403', async () => {
    const world = await campaignWorld({
      controls: { spendCaps: {}, agentMatrix: [{ level: 'campaign', action: 'create', effect: 'deny' }] },
    });

    const err = await refusal(
      run(world, createCampaign({ dailyBudget: { minor: 5000, currency: 'JPY' } }), {
        as: agent,
        key: 'k-1',
      }),
    );

    expect(err).toMatchObject({
      status: 422,
      code: 'currency_mismatch',
      details: { field: 'dailyBudget', given: 'JPY', expected: 'USD' },
    });
    expect(world.meta.calls).toEqual([]);
  });

  it("audits an agent's denied mutation (403) and stores the refusal under its key", async () => {
    const world = await campaignWorld();

    const err = await refusal(run(world, createCampaign(), { as: agent, key: 'k-1' }));

    expect(err).toMatchObject({
      status: 403,
      code: 'agent_control_denied',
      details: { rule: 'campaign.create' },
    });
    expect(world.meta.calls).toEqual([]);
    expect(world.audit.entries).toEqual([
      expect.objectContaining({
        actor: { kind: 'agent', sub: 'agent-1' },
        outcome: { status: 403, code: 'agent_control_denied' },
      }),
    ]);
    const again = await refusal(run(world, createCampaign(), { as: agent, key: 'k-1' }));
    expect(again).toBeInstanceOf(ReplayedRefusalError);
    expect(again).toMatchObject({ status: 403, code: 'agent_control_denied', details: err.details });
  });

  it("holds an agent's mutation for approval (202): an Approval stored, nothing at Meta", async () => {
    const world = await campaignWorld({
      controls: { spendCaps: {}, agentMatrix: [{ level: 'campaign', action: 'create', effect: 'approve' }] },
    });

    const answer = await run(world, createCampaign(), { as: agent, key: 'k-1' });

    expect(answer).toEqual({
      status: 202,
      body: { approvalId: expect.any(String), status: 'pending_approval' },
    });
    const approvalId = (answer.body as { approvalId: string }).approvalId;
    expect(await world.approvals.get(WORKSPACE, approvalId)).toMatchObject({
      status: 'pending_approval',
      requestedBy: { kind: 'agent', sub: 'agent-1' },
      idempotencyKey: 'k-1',
      rule: { level: 'campaign', action: 'create', effect: 'approve' },
      adAccountId: USD_ACCOUNT,
      request: { op: 'create', level: 'campaign', path: '/meta/campaigns' },
    });
    expect(world.meta.calls).toEqual([]);
    expect(world.audit.entries).toEqual([
      expect.objectContaining({ approvalId, outcome: { status: 202, code: 'pending_approval' } }),
    ]);
    expect(await run(world, createCampaign(), { as: agent, key: 'k-1' })).toMatchObject({
      status: 202,
      headers: { 'idempotent-replayed': 'true' },
    });
  });

  it('answers a dry run under an approve rule with needsApproval, storing and auditing nothing', async () => {
    const world = await campaignWorld({
      controls: { spendCaps: {}, agentMatrix: [{ level: 'campaign', action: 'create', effect: 'approve' }] },
    });

    const answer = await run(world, createCampaign(), { as: agent, key: 'k-1', dryRun: true });

    expect(answer).toMatchObject({
      status: 200,
      body: { dryRun: true, needsApproval: true, wouldApply: { op: 'create', level: 'campaign' } },
    });
    expect(world.meta.calls.map((call) => call.method)).toEqual(['validateCreate']);
    expect(world.meta.objects.size).toBe(0);
    expect((await world.approvals.list(WORKSPACE, { limit: 10 })).items).toEqual([]);
    expect(world.audit.entries).toEqual([]);
    expect(world.commit.commits).toEqual([]);
  });

  it('refuses a budget past a spend cap (422 spend_cap_exceeded), nothing at Meta', async () => {
    const world = await campaignWorld({ controls: { spendCaps: { campaignDaily: 4000 }, agentMatrix: [] } });

    const err = await refusal(run(world, createCampaign({ dailyBudget: 5000 }), { key: 'k-1' }));

    expect(err).toMatchObject({
      status: 422,
      code: 'spend_cap_exceeded',
      details: expect.objectContaining({ rule: 'campaignDaily', cap: 4000, requested: 5000 }),
    });
    expect(world.meta.calls).toEqual([]);
    expect(world.audit.entries).toEqual([
      expect.objectContaining({ outcome: { status: 422, code: 'spend_cap_exceeded' } }),
    ]);
  });
});

describe('runMutation: a create whose answer is lost', () => {
  it('finds the object Meta made by its marker and answers 201 with it', async () => {
    const world = await campaignWorld();
    world.meta.failNext('create', lostAnswer(), { afterApplying: true });

    const answer = await run(world, createCampaign(), { key: 'k-1' });

    expect(world.meta.objects.size).toBe(1);
    const [id] = [...world.meta.objects.keys()];
    expect(answer).toMatchObject({ status: 201, body: { id } });
    expect(world.meta.calls.map((call) => call.method)).toEqual(['create', 'findByMarker']);
    expect(await world.objects.get(USD_ACCOUNT, id ?? '')).toMatchObject({ id, name: 'Winter sale' });
  });

  it('creates again when the marker finds nothing', async () => {
    const world = await campaignWorld();
    world.meta.failNext('create', lostAnswer());

    const answer = await run(world, createCampaign(), { key: 'k-1' });

    expect(answer.status).toBe(201);
    expect(world.meta.objects.size).toBe(1);
    expect(world.meta.calls.map((call) => call.method)).toEqual(['create', 'findByMarker', 'create']);
  });

  it('rethrows the 503 when both attempts are lost, and a retry under the key looks before creating', async () => {
    const world = await campaignWorld();
    world.meta.failNext('create', lostAnswer());
    world.meta.failNext('create', lostAnswer());

    const err = await refusal(run(world, createCampaign(), { key: 'k-1' }));

    expect(err).toBeInstanceOf(MetaTransientError);
    expect(err).toMatchObject({ status: 503, code: 'meta_unavailable' });
    expect(world.meta.objects.size).toBe(0);
    expect(world.audit.entries).toEqual([
      expect.objectContaining({ outcome: { status: 503, code: 'meta_unavailable' } }),
    ]);

    world.meta.calls.length = 0;
    const retried = await run(world, createCampaign(), { key: 'k-1' });

    expect(retried.status).toBe(201);
    expect(world.meta.calls.map((call) => call.method)).toEqual(['findByMarker', 'create']);
    expect(world.meta.objects.size).toBe(1);
  });
});

describe('runMutation: what Meta and the stores refuse', () => {
  it("answers Meta's refusal as 422 meta_request_rejected with Meta's title and message, audited", async () => {
    const world = await campaignWorld();
    world.meta.failNext('create', metaRefused());

    const err = await refusal(run(world, createCampaign(), { key: 'k-1' }));

    expect(err).toMatchObject({
      status: 422,
      code: 'meta_request_rejected',
      message: 'Budget Too Low: The daily budget must be at least $1.00.',
      details: {
        metaCode: 100,
        metaSubcode: 1885272,
        title: 'Budget Too Low',
        userMessage: 'The daily budget must be at least $1.00.',
        fbtraceId: 'trace-1',
      },
    });
    expect(world.meta.objects.size).toBe(0);
    expect(world.audit.entries[0]?.outcome).toEqual({
      status: 422,
      code: 'meta_request_rejected',
      meta: {
        code: 100,
        subcode: 1885272,
        title: 'Budget Too Low',
        message: 'The daily budget must be at least $1.00.',
      },
    });
    const again = await refusal(run(world, createCampaign(), { key: 'k-1' }));
    expect(again).toMatchObject({ status: 422, code: 'meta_request_rejected', message: err.message });
    expect(world.meta.callsOf('create')).toHaveLength(1);
  });

  it.each([
    ['a 5xx', metaDown, 503],
    ['a 429', metaThrottled, 429],
  ])('stores no answer for %s: the retry under the key runs again', async (_name, failure, status) => {
    const world = await campaignWorld();
    world.meta.failNext('create', failure());

    const err = await refusal(run(world, createCampaign(), { key: 'k-1' }));
    expect(err.status).toBe(status);

    world.meta.calls.length = 0;
    const retried = await run(world, createCampaign(), { key: 'k-1' });

    expect(retried.status).toBe(201);
    expect(retried.headers).toBeUndefined();
    // Meta answered, so nothing was applied: the retry creates without looking first.
    expect(world.meta.calls.map((call) => call.method)).toEqual(['create']);
    expect(world.meta.objects.size).toBe(1);
  });

  it('surfaces a failed commit after Meta applied, and the retry under the key finds the object', async () => {
    const world = await campaignWorld();
    world.commit.failNextWith(new Error('transaction cancelled'));

    await expect(run(world, createCampaign(), { key: 'k-1' })).rejects.toThrow('transaction cancelled');
    expect(world.meta.objects.size).toBe(1);
    const [id] = [...world.meta.objects.keys()];
    expect(await world.objects.get(USD_ACCOUNT, id ?? '')).toBeUndefined();
    // The marker stays until a commit lands: the retry needs it.
    expect(world.followUps).toEqual([]);
    expect(world.meta.objects.get(id ?? '')?.labels).toHaveLength(1);

    world.meta.calls.length = 0;
    const retried = await run(world, createCampaign(), { key: 'k-1' });

    expect(retried).toMatchObject({ status: 201, body: { id } });
    expect(world.meta.calls.map((call) => call.method)).toEqual(['findByMarker']);
    expect(world.meta.objects.size).toBe(1);
    expect(await world.objects.get(USD_ACCOUNT, id ?? '')).toMatchObject({ id });
    expect(world.followUps).toEqual([expect.objectContaining({ objectId: id })]);
  });
});

describe('runMutation: changes of an existing object', () => {
  it.each([
    ['update', { name: 'Renamed' }],
    ['pause', undefined],
    ['delete', undefined],
  ] as const)('answers 404 for the %s of an id the workspace does not have', async (op, body) => {
    const world = await campaignWorld();

    const err = await refusal(run(world, requestOf('campaign', op, '777', body), { key: 'k-1' }));

    expect(err).toMatchObject({ status: 404, code: 'not_found' });
    expect(world.meta.calls.map((call) => call.method)).toEqual(['read']);
  });

  it.each([
    ['update', { name: 'Renamed' }],
    ['pause', undefined],
    ['delete', undefined],
  ] as const)('answers 422 object_deleted for the %s of a deleted object', async (op, body) => {
    const world = await campaignWorld();
    await givenCampaign(world, { status: 'DELETED' });

    const err = await refusal(run(world, requestOf('campaign', op, '500', body), { key: 'k-1' }));

    expect(err).toMatchObject({ status: 422, code: 'object_deleted' });
    expect(world.meta.calls).toEqual([]);
  });

  it('answers 404 naming campaignId for an ad set under an object of another level', async () => {
    const world = await campaignWorld();
    await world.objects.put({
      id: '600',
      level: 'adset',
      adAccountId: USD_ACCOUNT,
      name: 'Not a campaign',
      status: 'ACTIVE',
      currency: 'USD',
      campaignId: '500',
      updatedAt: '2026-12-01T10:00:00.000Z',
    });
    const body = {
      campaignId: '600',
      name: 'Adults US',
      billingEvent: 'IMPRESSIONS',
      optimizationGoal: 'LINK_CLICKS',
      targeting: { geoLocations: { countries: ['US'] } },
      dailyBudget: 2000,
    };

    const err = await refusal(run(world, requestOf('adset', 'create', undefined, body), { key: 'k-1' }));

    expect(err).toMatchObject({ status: 404, details: { field: 'campaignId' } });
    expect(world.meta.calls).toEqual([]);
  });

  it("lets an agent pause by default: Meta's status and the mirror change, updatedBy the agent", async () => {
    const world = await campaignWorld();
    await givenCampaign(world);

    const answer = await run(world, requestOf('campaign', 'pause', '500'), { as: agent, key: 'k-1' });

    expect(answer).toMatchObject({ status: 200, body: { id: '500', status: 'PAUSED' } });
    expect(world.meta.objects.get('500')?.node.status).toBe('PAUSED');
    expect(await world.objects.get(USD_ACCOUNT, '500')).toMatchObject({
      status: 'PAUSED',
      updatedBy: { kind: 'agent', sub: 'agent-1' },
      createdBy: { kind: 'user', sub: 'user-1' },
    });
    expect(world.followUps).toEqual([]);
  });

  it('deletes: 204, DELETED at Meta and in the mirror', async () => {
    const world = await campaignWorld();
    await givenCampaign(world);

    const answer = await run(world, requestOf('campaign', 'delete', '500'), { key: 'k-1' });

    expect(answer).toEqual({ status: 204 });
    expect(world.meta.objects.get('500')?.node.status).toBe('DELETED');
    expect((await world.objects.get(USD_ACCOUNT, '500'))?.status).toBe('DELETED');
    expect(world.audit.entries[0]).toMatchObject({
      action: 'delete',
      objectId: '500',
      outcome: { status: 204 },
    });
  });

  it('changes an object made in Ads Manager, found at Meta, and mirrors it', async () => {
    const world = await campaignWorld();
    world.meta.seed('campaign', USD_ACCOUNT, {
      id: '800',
      name: 'From Ads Manager',
      status: 'ACTIVE',
      objective: 'OUTCOME_SALES',
      special_ad_categories: [],
    });

    const answer = await run(world, requestOf('campaign', 'update', '800', { name: 'Renamed' }), {
      key: 'k-1',
    });

    expect(answer).toMatchObject({ status: 200, body: { id: '800', name: 'Renamed' } });
    expect(world.meta.objects.get('800')?.node.name).toBe('Renamed');
    expect(await world.objects.get(USD_ACCOUNT, '800')).toMatchObject({
      name: 'Renamed',
      updatedBy: { kind: 'user', sub: 'user-1' },
    });
  });

  it("answers 404 for an object of an ad account that is not the workspace's", async () => {
    const world = await campaignWorld();
    world.meta.seed('campaign', 'act_999', { id: '801', name: 'Foreign', status: 'ACTIVE' });

    const err = await refusal(run(world, requestOf('campaign', 'pause', '801'), { key: 'k-1' }));

    expect(err).toMatchObject({ status: 404 });
    expect(world.meta.objects.get('801')?.node.status).toBe('ACTIVE');
  });
});

describe('runMutation: tokens and a refusal after Meta applied', () => {
  it('falls over to the next token when the login token is invalid', async () => {
    const world = await campaignWorld();
    await world.connections.putToken({
      tokenId: 'tok-system',
      workspaceId: WORKSPACE,
      kind: 'system_user',
      label: 'System user',
      metaUserId: 'meta-system-1',
      secretId: 'secret-system',
      scopes: ['ads_management'],
      status: 'active',
      generation: 1,
      createdAt: '2026-12-01T10:00:00.000Z',
    });
    await world.vault.put('secret-system', 'EAA-system-secret');
    world.meta.failNext('create', tokenInvalid());

    const answer = await run(world, createCampaign(), { key: 'k-1' });

    expect(answer.status).toBe(201);
    expect(world.meta.callsOf('create').map((call) => call.tokenId)).toEqual(['tok-login', 'tok-system']);
    expect(world.meta.objects.size).toBe(1);
  });

  it('stores no refusal when the commit fails with a 4xx after Meta applied: the retry finds the object', async () => {
    const world = await campaignWorld();
    world.commit.failNextWith(new UnprocessableError('Conflicting write.', { code: 'conflicting_write' }));

    expect(await refusal(run(world, createCampaign(), { key: 'k-1' }))).toMatchObject({
      code: 'conflicting_write',
    });
    const retried = await run(world, createCampaign(), { key: 'k-1' });

    expect(retried.status).toBe(201);
    expect(retried.headers).toBeUndefined();
    expect(world.meta.callsOf('create')).toHaveLength(1);
    expect(world.meta.objects.size).toBe(1);
  });
});
