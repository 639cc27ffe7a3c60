import type { CreateExperimentRequest } from '../../../shared/contracts/experiments';
import { cancelExperiment } from '../../../shared/experiments/cancel-experiment';
import { createExperiment } from '../../../shared/experiments/create-experiment';
import { getExperiment, listExperiments } from '../../../shared/experiments/read-experiments';
import { MetaRequestError, MetaTransientError } from '../../../shared/platform/errors';
import { refusal } from '../campaigns/campaign-deps-fixture';
import { BUSINESS, experimentWorld, mirroredAdSet, START, USD_ACCOUNT, user } from './experiment-world';

const HOUR = 3_600_000;
const start = Date.parse(START);

function body(overrides: Partial<CreateExperimentRequest> = {}): CreateExperimentRequest {
  return {
    name: 'A vs B',
    startTime: new Date(start + HOUR).toISOString(),
    endTime: new Date(start + 7 * 24 * HOUR).toISOString(),
    cells: [
      { name: 'A', treatmentPercentage: 60, adSetIds: ['11'] },
      { name: 'B', treatmentPercentage: 40, adSetIds: ['12'] },
    ],
    ...overrides,
  };
}

describe('createExperiment', () => {
  it("makes the study at the ad account's business with Meta's cell ids, stores it and audits it", async () => {
    const world = await experimentWorld();
    const answer = await createExperiment(world.deps, user, body({ objective: 'SALES' }), {
      idempotencyKey: 'k1',
    });
    expect(answer.status).toBe(201);
    const made = [...world.studies.studies.values()];
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({
      businessId: BUSINESS,
      spec: {
        level: 'adset',
        startSeconds: (start + HOUR) / 1000,
        objective: 'SALES',
        cells: [
          { name: 'A', treatmentPercentage: 60, objectIds: ['11'] },
          { name: 'B', treatmentPercentage: 40, objectIds: ['12'] },
        ],
      },
    });
    expect(answer.body).toMatchObject({
      metaStudyId: made[0]?.id,
      status: 'scheduled',
      level: 'adset',
      cells: [
        { name: 'A', adSetIds: ['11'], metaCellId: `${made[0]?.id}0` },
        { name: 'B', adSetIds: ['12'], metaCellId: `${made[0]?.id}1` },
      ],
    });
    expect(world.experiments.all).toHaveLength(1);
    expect(world.studies.count('businessOf')).toBe(0);
    expect(world.audit.entries).toEqual([
      expect.objectContaining({
        level: 'experiment',
        action: 'create',
        objectId: made[0]?.id,
        adAccountId: USD_ACCOUNT,
        outcome: { status: 201 },
      }),
    ]);
  });

  it('replays a repeat under the same key: the first experiment, no second study, no second audit entry', async () => {
    const world = await experimentWorld();
    const first = await createExperiment(world.deps, user, body(), { idempotencyKey: 'k1' });
    const again = await createExperiment(world.deps, user, body(), { idempotencyKey: 'k1' });
    expect(again.body).toEqual(first.body);
    expect(again.headers).toEqual({ 'idempotent-replayed': 'true' });
    expect(world.studies.count('create')).toBe(1);
    expect(world.audit.entries).toHaveLength(1);
  });

  it("turns Meta's refusal into 422 meta_request_rejected with Meta's message, stored for a replay", async () => {
    const world = await experimentWorld();
    world.studies.failNext(
      'create',
      new MetaRequestError('refused', {
        httpStatus: 400,
        code: 100,
        message: 'Invalid parameter',
        userTitle: 'Invalid split',
        userMessage: 'The ad sets of a split test must not overlap in audience.',
      }),
    );
    const refused = await refusal(createExperiment(world.deps, user, body(), { idempotencyKey: 'k1' }));
    expect(refused).toMatchObject({
      status: 422,
      code: 'meta_request_rejected',
      message: 'Invalid split: The ad sets of a split test must not overlap in audience.',
    });
    const replayed = await refusal(createExperiment(world.deps, user, body(), { idempotencyKey: 'k1' }));
    expect(replayed).toMatchObject({ status: 422, code: 'meta_request_rejected' });
    expect(world.studies.count('create')).toBe(1);
    expect(world.experiments.all).toHaveLength(0);
    expect(world.audit.entries[0]?.outcome).toMatchObject({
      status: 422,
      code: 'meta_request_rejected',
      meta: { code: 100, title: 'Invalid split' },
    });
  });

  it('frees the key when Meta was unreachable, so a retry makes the study', async () => {
    const world = await experimentWorld();
    world.studies.failNext('create', new MetaTransientError('down', { httpStatus: 503, message: 'down' }));
    const failed = await refusal(createExperiment(world.deps, user, body(), { idempotencyKey: 'k1' }));
    expect(failed.status).toBe(503);
    const retried = await createExperiment(world.deps, user, body(), { idempotencyKey: 'k1' });
    expect(retried.status).toBe(201);
    expect(world.studies.studies.size).toBe(1);
  });

  it('adopts the study a lost create answer made, in the same request, instead of making a second', async () => {
    const world = await experimentWorld();
    world.studies.loseNextCreateAnswer();
    const answer = await createExperiment(world.deps, user, body(), { idempotencyKey: 'k1' });
    expect(answer.status).toBe(201);
    expect(world.studies.studies.size).toBe(1);
    expect((answer.body as { metaStudyId: string }).metaStudyId).toBe([...world.studies.studies.keys()][0]);
  });

  it('on a retry after the create landed, its answer lost and the lookup failing, adopts the study made before', async () => {
    const world = await experimentWorld();
    world.studies.loseNextCreateAnswer();
    const origFind = world.studies.findByMarker.bind(world.studies);
    // The first request's lookup fails too: it ends 503 with the key freed "may have applied".
    let findFails = 1;
    world.studies.findByMarker = async (...args) => {
      if (findFails-- > 0) throw new MetaTransientError('down', { httpStatus: 503, message: 'down' });
      return origFind(...args);
    };
    const failed = await refusal(createExperiment(world.deps, user, body(), { idempotencyKey: 'k1' }));
    expect(failed.status).toBe(503);
    const retried = await createExperiment(world.deps, user, body(), { idempotencyKey: 'k1' });
    expect(retried.status).toBe(201);
    expect(world.studies.studies.size).toBe(1);
    expect(world.studies.count('create')).toBe(1);
    expect((retried.body as { metaStudyId: string }).metaStudyId).toBe([...world.studies.studies.keys()][0]);
  });

  it('on a retry after our write failed once Meta made the study, adopts that study', async () => {
    const world = await experimentWorld();
    const save = world.experiments.create.bind(world.experiments);
    let fails = 1;
    world.experiments.create = async (...args) => {
      if (fails-- > 0) throw new Error('DynamoDB is unavailable');
      return save(...args);
    };
    await expect(createExperiment(world.deps, user, body(), { idempotencyKey: 'k1' })).rejects.toThrow(
      'DynamoDB is unavailable',
    );
    const retried = await createExperiment(world.deps, user, body(), { idempotencyKey: 'k1' });
    expect(retried.status).toBe(201);
    expect(world.studies.studies.size).toBe(1);
    expect(world.experiments.all).toHaveLength(1);
    expect((retried.body as { metaStudyId: string }).metaStudyId).toBe([...world.studies.studies.keys()][0]);
  });

  it('adopts the study on a retry that comes after its start: the first attempt judged the start', async () => {
    const world = await experimentWorld();
    const save = world.experiments.create.bind(world.experiments);
    let fails = 1;
    world.experiments.create = async (...args) => {
      if (fails-- > 0) throw new Error('the Lambda died');
      return save(...args);
    };
    await expect(createExperiment(world.deps, user, body(), { idempotencyKey: 'k-late' })).rejects.toThrow();
    world.advance(2 * HOUR);
    const retried = await createExperiment(world.deps, user, body(), { idempotencyKey: 'k-late' });
    expect(retried.status).toBe(201);
    expect(world.studies.studies.size).toBe(1);
    expect(world.experiments.all).toHaveLength(1);
  });

  it('refuses the rules before Meta (400 naming the field)', async () => {
    const world = await experimentWorld();
    const refused = await refusal(
      createExperiment(world.deps, user, body({ startTime: new Date(start - 1).toISOString() })),
    );
    expect(refused).toMatchObject({ status: 400, code: 'validation_error' });
    expect(refused.details).toEqual([expect.objectContaining({ path: 'startTime' })]);
    expect(world.studies.calls).toHaveLength(0);
  });

  it('accepts an ad set of the picked account that Meta has but the mirror not (made in Ads Manager)', async () => {
    const world = await experimentWorld();
    world.meta.seed('adset', USD_ACCOUNT, {
      id: '16',
      name: 'From Ads Manager',
      status: 'ACTIVE',
      campaign_id: '500',
    });
    const answer = await createExperiment(
      world.deps,
      user,
      body({
        cells: [
          { name: 'A', treatmentPercentage: 50, adSetIds: ['11'] },
          { name: 'B', treatmentPercentage: 50, adSetIds: ['16'] },
        ],
      }),
    );
    expect(answer.status).toBe(201);
    expect([...world.studies.studies.values()][0]?.spec.cells[1]?.objectIds).toEqual(['16']);
  });

  it('refuses an ad set Meta has in another ad account, or a deleted one there: 422', async () => {
    const world = await experimentWorld();
    world.meta.seed('adset', 'act_999', { id: '17', name: 'Foreign', status: 'ACTIVE', campaign_id: '1' });
    world.meta.seed('adset', USD_ACCOUNT, { id: '18', name: 'Gone', status: 'DELETED', campaign_id: '500' });
    const refused = await refusal(
      createExperiment(
        world.deps,
        user,
        body({
          cells: [
            { name: 'A', treatmentPercentage: 50, adSetIds: ['11', '17'] },
            { name: 'B', treatmentPercentage: 50, adSetIds: ['18'] },
          ],
        }),
      ),
    );
    expect(refused).toMatchObject({ status: 422, code: 'experiment_objects_unknown' });
    expect((refused.details as { objects: unknown }).objects).toEqual([
      { id: '17', problem: 'unknown' },
      { id: '18', problem: 'not_live' },
    ]);
    expect(world.studies.count('create')).toBe(0);
  });

  it('refuses unknown, foreign, other-level and deleted objects: 422 listing each with its problem', async () => {
    const world = await experimentWorld();
    await world.objects.put(mirroredAdSet('14', { adAccountId: 'act_2' }));
    await world.objects.put(mirroredAdSet('15', { status: 'DELETED' }));
    await world.objects.put({ ...mirroredAdSet('500'), level: 'campaign' });
    const refused = await refusal(
      createExperiment(
        world.deps,
        user,
        body({
          cells: [
            { name: 'A', treatmentPercentage: 50, adSetIds: ['11', '99'] },
            { name: 'B', treatmentPercentage: 50, adSetIds: ['14', '15', '500'] },
          ],
        }),
      ),
    );
    expect(refused).toMatchObject({ status: 422, code: 'experiment_objects_unknown' });
    expect(refused.details).toEqual({
      adAccountId: USD_ACCOUNT,
      level: 'adset',
      objects: [
        { id: '99', problem: 'unknown' },
        { id: '14', problem: 'unknown' },
        { id: '15', problem: 'not_live' },
        { id: '500', problem: 'wrong_level' },
      ],
    });
    expect(world.studies.calls).toHaveLength(0);
  });

  it('asks Meta for the business when the inventory lacks it; none at all → 422', async () => {
    const world = await experimentWorld({ businessInInventory: false });
    expect((await createExperiment(world.deps, user, body())).status).toBe(201);
    expect(world.studies.count('businessOf')).toBe(1);
    world.studies.business = undefined;
    const refused = await refusal(createExperiment(world.deps, user, body({ name: 'Again' })));
    expect(refused).toMatchObject({ status: 422, code: 'ad_account_business_unknown' });
    expect(refused.message).toMatch(/Business Manager/);
  });

  it('refuses a disconnected workspace: 409 not_connected', async () => {
    const world = await experimentWorld();
    const current = await world.connections.get('ws-1');
    await world.connections.put({ ...current, status: 'disconnected' });
    const refused = await refusal(createExperiment(world.deps, user, body()));
    expect(refused).toMatchObject({ status: 409, code: 'not_connected' });
  });
});

describe('getExperiment and listExperiments', () => {
  it('reads the status from the study at Meta and results from ua_daily_metrics once it runs', async () => {
    const world = await experimentWorld();
    const created = await createExperiment(world.deps, user, body());
    const id = (created.body as { id: string }).id;
    expect((await getExperiment(world.deps, user, id)).results).toBeUndefined();
    world.advance(HOUR + 1);
    const day = '2026-12-01';
    const row = (entityId: string, spend: string) => ({
      workspaceId: 'ws-1',
      adAccountId: USD_ACCOUNT,
      level: 'adset' as const,
      entityId,
      campaignId: '500',
      date: day,
      spend,
      impressions: 10,
      clicks: 1,
      conversions: 1,
      conversionValue: '5.00',
      currency: 'USD',
      updatedAt: START,
    });
    await world.metrics.upsert([row('11', '3.10'), row('12', '4.20'), row('13', '100.00')], START);
    const read = await getExperiment(world.deps, user, id);
    expect(read.status).toBe('running');
    expect(read.results?.map((r) => [r.cell, r.spend])).toEqual([
      ['A', '3.10'],
      ['B', '4.20'],
    ]);
  });

  it('reads an end moved earlier at Meta as cancelled once it has passed; the list keeps our times', async () => {
    const world = await experimentWorld();
    const created = await createExperiment(world.deps, user, body());
    const { id, metaStudyId } = created.body as { id: string; metaStudyId: string };
    const study = world.studies.studies.get(metaStudyId);
    if (!study) throw new Error('no study');
    study.endMs = start + 2 * HOUR;
    world.advance(3 * HOUR);
    expect((await getExperiment(world.deps, user, id)).status).toBe('cancelled');
    const listed = await listExperiments(world.deps, user, { limit: 10 });
    expect(listed.items.map((e) => e.status)).toEqual(['running']);
  });

  it('answers another workspace’s experiment 404', async () => {
    const world = await experimentWorld();
    const created = await createExperiment(world.deps, user, body());
    const id = (created.body as { id: string }).id;
    const refused = await refusal(getExperiment(world.deps, { ...user, workspaceId: 'ws-2' }, id));
    expect(refused.status).toBe(404);
  });
});

describe('cancelExperiment', () => {
  it('moves the end at Meta to a minute from now, stores cancelledAt, and a second cancel is 409', async () => {
    const world = await experimentWorld();
    const created = await createExperiment(world.deps, user, body());
    const { id, metaStudyId } = created.body as { id: string; metaStudyId: string };
    world.advance(2 * HOUR);
    const cancelled = await cancelExperiment(world.deps, user, id, { idempotencyKey: 'c1' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      cancelledAt: new Date(world.now()).toISOString(),
    });
    expect(world.studies.studies.get(metaStudyId)?.endMs).toBe(world.now() + 60_000);
    const replay = await cancelExperiment(world.deps, user, id, { idempotencyKey: 'c1' });
    expect(replay.headers).toEqual({ 'idempotent-replayed': 'true' });
    const second = await refusal(cancelExperiment(world.deps, user, id, { idempotencyKey: 'c2' }));
    expect(second).toMatchObject({ status: 409, code: 'experiment_ended', details: { status: 'cancelled' } });
    expect(world.studies.count('end')).toBe(1);
    expect(world.audit.entries.map((e) => [e.action, e.outcome.status])).toEqual([
      ['create', 201],
      ['cancel', 200],
      ['cancel', 409],
    ]);
  });

  it('adopts a cancel that landed at Meta when its save failed: the retry after the minute saves it', async () => {
    const world = await experimentWorld();
    const created = await createExperiment(world.deps, user, body());
    const { id, metaStudyId } = created.body as { id: string; metaStudyId: string };
    world.advance(2 * HOUR);
    const save = world.experiments.saveCancel.bind(world.experiments);
    let fails = 1;
    world.experiments.saveCancel = async (...args) => {
      if (fails-- > 0) throw new Error('DynamoDB is unavailable');
      return save(...args);
    };
    await expect(cancelExperiment(world.deps, user, id, { idempotencyKey: 'c1' })).rejects.toThrow();
    const endAtMeta = world.studies.studies.get(metaStudyId)?.endMs;
    world.advance(5 * 60_000);
    const retried = await cancelExperiment(world.deps, user, id, { idempotencyKey: 'c1' });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({
      status: 'cancelled',
      endTime: new Date(endAtMeta ?? 0).toISOString(),
    });
    expect(world.studies.count('end')).toBe(1);
    const listed = await listExperiments(world.deps, user, { limit: 10 });
    expect(listed.items).toEqual([expect.objectContaining({ id, status: 'cancelled' })]);
  });

  it('cancels a study in its last minute at its planned end, never later', async () => {
    const world = await experimentWorld();
    const created = await createExperiment(world.deps, user, body());
    const { id, metaStudyId } = created.body as { id: string; metaStudyId: string };
    const plannedEnd = start + 7 * 24 * HOUR;
    world.advance(plannedEnd - start - 20_000);
    const cancelled = await cancelExperiment(world.deps, user, id);
    expect(world.studies.studies.get(metaStudyId)?.endMs).toBe(plannedEnd);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      endTime: new Date(plannedEnd).toISOString(),
    });
  });

  it('cancels a scheduled study by bringing its start and end to within the minute, the end after the start', async () => {
    const world = await experimentWorld();
    const created = await createExperiment(world.deps, user, body());
    const { id, metaStudyId } = created.body as { id: string; metaStudyId: string };
    const cancelled = await cancelExperiment(world.deps, user, id);
    const study = world.studies.studies.get(metaStudyId);
    expect(study?.startMs).toBe(world.now() + 60_000);
    expect(study?.endMs).toBe(world.now() + 61_000);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      startTime: new Date(world.now() + 60_000).toISOString(),
      endTime: new Date(world.now() + 61_000).toISOString(),
    });
  });

  it('refuses a completed experiment: 409 experiment_ended, nothing sent to Meta', async () => {
    const world = await experimentWorld();
    const created = await createExperiment(world.deps, user, body());
    world.advance(8 * 24 * HOUR);
    const refused = await refusal(cancelExperiment(world.deps, user, (created.body as { id: string }).id));
    expect(refused).toMatchObject({
      status: 409,
      code: 'experiment_ended',
      details: { status: 'completed' },
    });
    expect(world.studies.count('end')).toBe(0);
  });

  it("turns Meta's refusal of the end into 422 and keeps the experiment as it was", async () => {
    const world = await experimentWorld();
    const created = await createExperiment(world.deps, user, body());
    const id = (created.body as { id: string }).id;
    world.studies.failNext(
      'end',
      new MetaRequestError('refused', {
        httpStatus: 400,
        code: 100,
        message: 'Invalid parameter',
        userMessage: 'No.',
      }),
    );
    const refused = await refusal(cancelExperiment(world.deps, user, id));
    expect(refused).toMatchObject({ status: 422, code: 'meta_request_rejected' });
    expect(world.experiments.all[0]?.cancelledAt).toBeUndefined();
  });
});
