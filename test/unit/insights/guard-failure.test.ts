import { daysOf } from '../../../shared/domain/account-days';
import { refreshInsights } from '../../../shared/insights/refresh-insights';
import { drain, insightsWorld, truthOf, WORKSPACE } from '../../support/insights-world';

/** 12:00 UTC is 04:00 in Los Angeles: the account's today is 2026-12-01. */
const TODAY = '2026-12-01';

describe('a spend guard that fails after a piece', () => {
  it('does not hold the job: it still succeeds with every row stored', async () => {
    const world = await insightsWorld();
    world.meta.truth = truthOf(daysOf('2026-11-30', TODAY));
    let guardRuns = 0;
    world.deps.guardSpend = async () => {
      guardRuns++;
      throw new Error('DynamoDB is having a moment');
    };
    const { jobId } = await refreshInsights(world.deps, WORKSPACE, { from: '2026-11-30', to: TODAY });
    await drain(world);
    const job = await world.jobs.get(WORKSPACE, jobId);
    expect(job).toMatchObject({ status: 'succeeded', pieces: { total: 3, done: 3, failed: 0 } });
    expect(job?.rows).toBe(world.meta.truth.length);
    expect(guardRuns).toBe(1);
  });
});
