import { readControls, replaceControls } from '../../../shared/campaigns/controls-service';
import { campaignWorld, refusal, user, WORKSPACE } from './campaign-deps-fixture';

describe('controls', () => {
  it('reads the defaults when the workspace never set any', async () => {
    const world = await campaignWorld();

    expect(await readControls(world.deps, WORKSPACE)).toEqual({ spendCaps: {}, agentMatrix: [] });
  });

  it('stores the controls with who set them and when', async () => {
    const world = await campaignWorld();
    const input = {
      spendCaps: { campaignDaily: 10_000 },
      agentMatrix: [
        {
          level: 'campaign' as const,
          action: 'budget' as const,
          effect: 'allow' as const,
          maxBudgetChangePct: 20,
        },
      ],
    };

    const answer = await replaceControls(world.deps, user, input);

    const expected = {
      ...input,
      updatedAt: '2026-12-01T10:00:00.000Z',
      updatedBy: { actor: 'user', sub: 'user-1' },
    };
    expect(answer).toEqual(expected);
    expect(await readControls(world.deps, WORKSPACE)).toEqual(expected);
  });

  it('refuses a (level, action) listed twice, naming the second, and stores nothing', async () => {
    const world = await campaignWorld();

    const err = await refusal(
      replaceControls(world.deps, user, {
        spendCaps: {},
        agentMatrix: [
          { level: 'adset', action: 'pause', effect: 'allow' },
          { level: 'campaign', action: 'pause', effect: 'allow' },
          { level: 'adset', action: 'pause', effect: 'deny' },
        ],
      }),
    );

    expect(err).toMatchObject({
      status: 400,
      details: [{ in: 'body', path: 'agentMatrix.2', message: 'adset.pause is listed twice' }],
    });
    expect(await world.controls.get(WORKSPACE)).toBeUndefined();
  });
});
