import { approve, listApprovals, reject } from '../../../shared/campaigns/approvals-service';
import { runMutation } from '../../../shared/campaigns/run-mutation';
import {
  agent,
  type CampaignWorld,
  campaignBody,
  campaignWorld,
  refusal,
  requestOf,
  USD_ACCOUNT,
  user,
  WORKSPACE,
} from './campaign-deps-fixture';

const holdingCreates = {
  spendCaps: {},
  agentMatrix: [{ level: 'campaign' as const, action: 'create' as const, effect: 'approve' as const }],
};

async function proposed(world: CampaignWorld): Promise<string> {
  const answer = await runMutation(
    world.deps,
    agent,
    requestOf('campaign', 'create', undefined, campaignBody()),
    {
      dryRun: false,
      idempotencyKey: 'agent-key',
    },
  );
  return (answer.body as { approvalId: string }).approvalId;
}

describe('approve', () => {
  it("runs the held mutation once, as the agent's, approved by the user", async () => {
    const world = await campaignWorld({ controls: holdingCreates });
    const approvalId = await proposed(world);

    const decided = await approve(world.deps, user, approvalId);

    expect(decided).toMatchObject({ approvalId, status: 'approved', result: { status: 201 } });
    expect(world.meta.objects.size).toBe(1);
    const [id] = [...world.meta.objects.keys()];
    expect(decided.result.body).toMatchObject({
      id,
      createdBy: { actor: 'agent', sub: 'agent-1' },
      approvedBy: { actor: 'user', sub: 'user-1' },
    });
    expect(await world.objects.get(USD_ACCOUNT, id ?? '')).toMatchObject({
      createdBy: { kind: 'agent', sub: 'agent-1' },
      approvedBy: { kind: 'user', sub: 'user-1' },
    });
    expect(await world.approvals.get(WORKSPACE, approvalId)).toMatchObject({
      status: 'approved',
      decidedBy: { kind: 'user', sub: 'user-1' },
      result: { status: 201 },
    });
    expect(world.audit.entries.at(-1)).toMatchObject({
      actor: { kind: 'agent', sub: 'agent-1' },
      approvalId,
      outcome: { status: 201 },
    });
  });

  it('refuses a second decision (409 approval_decided) and runs nothing again', async () => {
    const world = await campaignWorld({ controls: holdingCreates });
    const approvalId = await proposed(world);
    await approve(world.deps, user, approvalId);

    const err = await refusal(approve(world.deps, user, approvalId));

    expect(err).toMatchObject({ status: 409, code: 'approval_decided' });
    expect(world.meta.callsOf('create')).toHaveLength(1);
  });

  it('checks the caps again as they stand at approval: a cap set meanwhile refuses it', async () => {
    const world = await campaignWorld({ controls: holdingCreates });
    const approvalId = await proposed(world);
    await world.controls.put(WORKSPACE, { ...holdingCreates, spendCaps: { campaignDaily: 1000 } });

    const decided = await approve(world.deps, user, approvalId);

    expect(decided.result).toMatchObject({
      status: 422,
      body: { error: { code: 'spend_cap_exceeded', details: expect.objectContaining({ cap: 1000 }) } },
    });
    expect(world.meta.calls).toEqual([]);
    expect((await world.approvals.get(WORKSPACE, approvalId))?.result).toEqual(decided.result);
  });

  it('answers 404 for an approval the workspace does not have', async () => {
    const world = await campaignWorld();

    expect(await refusal(approve(world.deps, user, 'nope'))).toMatchObject({ status: 404 });
  });
});

describe('reject', () => {
  it('never runs the mutation and audits who said no', async () => {
    const world = await campaignWorld({ controls: holdingCreates });
    const approvalId = await proposed(world);

    expect(await reject(world.deps, user, approvalId)).toEqual({ approvalId, status: 'rejected' });

    expect(world.meta.calls).toEqual([]);
    expect((await world.approvals.get(WORKSPACE, approvalId))?.status).toBe('rejected');
    expect(world.audit.entries.at(-1)).toMatchObject({
      actor: { kind: 'user', sub: 'user-1' },
      approvalId,
      adAccountId: USD_ACCOUNT,
      outcome: { status: 200, code: 'approval_rejected' },
    });
    expect(await refusal(approve(world.deps, user, approvalId))).toMatchObject({ code: 'approval_decided' });
  });
});

describe('listApprovals', () => {
  it('shows an agent only the approvals it asked for', async () => {
    const world = await campaignWorld({ controls: holdingCreates });
    const approvalId = await proposed(world);
    const other = { ...agent, sub: 'agent-2' };

    expect((await listApprovals(world.deps, agent, { limit: 10 })).items.map((a) => a.id)).toEqual([
      approvalId,
    ]);
    expect((await listApprovals(world.deps, other, { limit: 10 })).items).toEqual([]);
    expect((await listApprovals(world.deps, user, { limit: 10 })).items).toEqual([
      expect.objectContaining({
        id: approvalId,
        requestedBy: { actor: 'agent', sub: 'agent-1' },
        action: 'create',
      }),
    ]);
  });
});
