import { followUpCreate, MAX_COMMIT_WAITS } from '../../../shared/campaigns/create-follow-up';
import { runMutation } from '../../../shared/campaigns/run-mutation';
import { DeferError } from '../../../shared/platform/queue';
import {
  campaignBody,
  campaignWorld,
  requestOf,
  USD_ACCOUNT,
  user,
  WORKSPACE,
} from './campaign-deps-fixture';

describe('followUpCreate', () => {
  it("reads Meta's own decisions back into the mirror, keeps who made it, and removes the marker", async () => {
    const world = await campaignWorld();
    await runMutation(world.deps, user, requestOf('campaign', 'create', undefined, campaignBody()), {
      dryRun: false,
      idempotencyKey: 'k-1',
    });
    const [message] = world.followUps;
    if (!message) throw new Error('no follow-up queued');
    const atMeta = world.meta.objects.get(message.objectId);
    Object.assign(atMeta?.node ?? {}, {
      effective_status: 'PAUSED',
      advantage_state_info: { advantage_state: 'ADVANTAGE_PLUS_SALES' },
    });
    world.advance(60_000);

    await followUpCreate(world.deps, message);

    expect(await world.objects.get(USD_ACCOUNT, message.objectId)).toMatchObject({
      id: message.objectId,
      effectiveStatus: 'PAUSED',
      advantageStateInfo: { advantage_state: 'ADVANTAGE_PLUS_SALES' },
      createdBy: { kind: 'user', sub: 'user-1' },
      createdAt: '2026-12-01T10:00:00.000Z',
      updatedAt: '2026-12-01T10:01:00.000Z',
    });
    expect(atMeta?.labels).toEqual([]);
    expect(world.meta.calls.slice(-2).map((call) => call.method)).toEqual(['read', 'removeMarker']);
  });

  it('does nothing for a workspace disconnected meanwhile', async () => {
    const world = await campaignWorld({ connected: false });

    await followUpCreate(world.deps, {
      workspaceId: WORKSPACE,
      adAccountId: USD_ACCOUNT,
      level: 'campaign',
      objectId: '9000',
      marker: 'mab-0123456789abcdef',
    });

    expect(world.meta.calls).toEqual([]);
    expect(await world.objects.get(USD_ACCOUNT, '9000')).toBeUndefined();
  });

  it('waits for a commit that has not landed, with growing delays, then leaves the marker for a retry', async () => {
    const world = await campaignWorld();
    const message = {
      workspaceId: WORKSPACE,
      adAccountId: USD_ACCOUNT,
      level: 'campaign' as const,
      objectId: '9000',
      marker: 'mab-0123456789abcdef',
    };
    const deferred = await followUpCreate(world.deps, message).catch((err: unknown) => err);
    expect(deferred).toBeInstanceOf(DeferError);
    expect(deferred).toMatchObject({ delaySeconds: 1, resume: { ...message, waits: 1 } });
    const later = await followUpCreate(world.deps, { ...message, waits: 3 }).catch((err: unknown) => err);
    expect(later).toMatchObject({ delaySeconds: 8, resume: { waits: 4 } });

    await expect(
      followUpCreate(world.deps, { ...message, waits: MAX_COMMIT_WAITS }),
    ).resolves.toBeUndefined();
    expect(world.meta.calls).toEqual([]);
  });
});
