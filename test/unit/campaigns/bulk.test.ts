import { runBulk } from '../../../shared/campaigns/bulk';
import { campaignBody, campaignWorld, givenCampaign, USD_ACCOUNT, user } from './campaign-deps-fixture';

describe('runBulk', () => {
  it('answers every operation on its own, in order: a refused one changes nothing of the others', async () => {
    const world = await campaignWorld();
    await givenCampaign(world);
    const operations = [
      { op: 'create', level: 'campaign', body: campaignBody(), idempotencyKey: 'b-0' },
      { op: 'pause', level: 'campaign', id: '500', idempotencyKey: 'b-1' },
      { op: 'update', level: 'campaign', id: '500', body: { name: '' }, idempotencyKey: 'b-2' },
      { op: 'pause', level: 'campaign', idempotencyKey: 'b-3' },
      { op: 'delete', level: 'campaign', id: '777', idempotencyKey: 'b-4' },
    ] as const;

    const { results } = await runBulk(world.deps, user, operations, { dryRun: false });

    expect(results.map((result) => result.status)).toEqual([201, 200, 400, 400, 404]);
    expect(results[2]?.body).toMatchObject({
      error: {
        code: 'validation_error',
        details: [expect.objectContaining({ in: 'body', path: 'operations.2.body.name' })],
      },
    });
    expect(results[3]?.body).toMatchObject({
      error: { code: 'validation_error', details: [expect.objectContaining({ path: 'operations.3.id' })] },
    });
    expect(world.meta.callsOf('create')).toHaveLength(1);
    expect((await world.objects.get(USD_ACCOUNT, '500'))?.status).toBe('PAUSED');
    expect(world.meta.objects.get('500')?.node.name).toBe('Spring');
    expect(results.some((result) => result.replayed)).toBe(false);
  });

  it('marks the results replayed under their keys, calling Meta no more', async () => {
    const world = await campaignWorld();
    await givenCampaign(world);
    const operations = [
      { op: 'create', level: 'campaign', body: campaignBody(), idempotencyKey: 'b-0' },
      { op: 'pause', level: 'campaign', id: '500', idempotencyKey: 'b-1' },
    ] as const;
    const first = await runBulk(world.deps, user, operations, { dryRun: false });
    const calls = world.meta.calls.length;

    const again = await runBulk(world.deps, user, operations, { dryRun: false });

    expect(again.results).toEqual(first.results.map((result) => ({ ...result, replayed: true })));
    expect(world.meta.calls).toHaveLength(calls);
  });

  it('answers 500 for an operation that failed on our side, keeping the others', async () => {
    const world = await campaignWorld();
    world.commit.failNextWith(new Error('transaction cancelled'));

    const { results } = await runBulk(
      world.deps,
      user,
      [{ op: 'create', level: 'campaign', body: campaignBody(), idempotencyKey: 'b-0' }],
      { dryRun: false },
    );

    expect(results).toEqual([
      {
        status: 500,
        body: { error: { code: 'internal_error', message: 'Something went wrong on our side.' } },
      },
    ]);
  });

  it('runs every operation as a dry run when asked: nothing at Meta changes', async () => {
    const world = await campaignWorld();
    await givenCampaign(world);

    const { results } = await runBulk(
      world.deps,
      user,
      [
        { op: 'create', level: 'campaign', body: campaignBody(), idempotencyKey: 'b-0' },
        { op: 'delete', level: 'campaign', id: '500', idempotencyKey: 'b-1' },
      ],
      { dryRun: true },
    );

    expect(results.map((result) => [result.status, (result.body as { dryRun?: boolean }).dryRun])).toEqual([
      [200, true],
      [200, true],
    ]);
    expect(world.meta.objects.size).toBe(1);
    expect(world.meta.objects.get('500')?.node.status).toBe('ACTIVE');
    expect(world.audit.entries).toEqual([]);
  });
});
