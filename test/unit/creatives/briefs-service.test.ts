import { type BriefRequest, briefBody, briefRequest } from '../../../shared/contracts/creatives';
import {
  createBrief,
  deleteBrief,
  getBrief,
  listBriefs,
  replaceBrief,
} from '../../../shared/creatives/briefs-service';
import { refusal } from '../campaigns/campaign-deps-fixture';
import {
  type CreativeWorld,
  creativeWorld,
  OTHER_WORKSPACE,
  readyImage,
  uploadId,
  user,
} from './creative-world';

const other = { ...user, workspaceId: OTHER_WORKSPACE };

const request = (fields: Partial<BriefRequest> = {}): BriefRequest =>
  briefRequest.parse({ title: 'Spring', headline: 'New in', link: 'https://shop.example/', ...fields });

async function created(world: CreativeWorld, fields: Partial<BriefRequest> = {}, key?: string) {
  const answer = await createBrief(world.deps, user, request(fields), key ? { idempotencyKey: key } : {});
  return briefBody.parse(answer.body);
}

describe('creative briefs', () => {
  it('creates a brief (201, brf_ id) of this workspace’s uploads, ready or not, and reads it back', async () => {
    const world = await creativeWorld();
    world.uploads.put(readyImage(1), readyImage(2, { status: 'uploading', imageHash: undefined }));
    const brief = await created(world, { uploadIds: [uploadId(1), uploadId(2)] });

    expect(brief).toEqual({
      id: expect.stringMatching(/^brf_[0-9a-f]{24}$/),
      title: 'Spring',
      headline: 'New in',
      link: 'https://shop.example/',
      uploadIds: [uploadId(1), uploadId(2)],
      createdAt: '2026-12-01T10:00:00.000Z',
      updatedAt: '2026-12-01T10:00:00.000Z',
    });
    expect(await getBrief(world.deps, user, brief.id)).toEqual(brief);
  });

  it("refuses an upload that is not this workspace's: 404 naming it", async () => {
    const world = await creativeWorld();
    world.uploads.put(readyImage(1), readyImage(2, { workspaceId: OTHER_WORKSPACE }));
    const err = await refusal(
      createBrief(world.deps, user, request({ uploadIds: [uploadId(1), uploadId(2)] })),
    );
    expect(err).toMatchObject({
      status: 404,
      code: 'not_found',
      details: { field: 'uploadIds[1]', uploadId: uploadId(2) },
    });
    expect((await listBriefs(world.deps, user, { limit: 10 })).items).toEqual([]);
  });

  it('replays a keyed create without a second brief; another body under the key → 422', async () => {
    const world = await creativeWorld();
    const first = await createBrief(world.deps, user, request(), { idempotencyKey: 'k-1' });
    const again = await createBrief(world.deps, user, request(), { idempotencyKey: 'k-1' });
    expect(again).toEqual({ ...first, headers: { 'idempotent-replayed': 'true' } });
    expect((await listBriefs(world.deps, user, { limit: 10 })).items).toHaveLength(1);
    const err = await refusal(
      createBrief(world.deps, user, request({ title: 'Other' }), { idempotencyKey: 'k-1' }),
    );
    expect(err).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
  });

  it('lists newest first with a cursor', async () => {
    const world = await creativeWorld();
    for (const title of ['One', 'Two', 'Three']) {
      await created(world, { title });
      world.advance(1000);
    }
    const page = await listBriefs(world.deps, user, { limit: 2 });
    expect(page.items.map((b) => b.title)).toEqual(['Three', 'Two']);
    const rest = await listBriefs(world.deps, user, {
      limit: 2,
      ...(page.nextCursor ? { cursor: page.nextCursor } : {}),
    });
    expect(rest.items.map((b) => b.title)).toEqual(['One']);
    expect(rest.nextCursor).toBeUndefined();
  });

  it('replaces every field (a field left out is gone), keeping the id and createdAt', async () => {
    const world = await creativeWorld();
    world.uploads.put(readyImage(1));
    const brief = await created(world, { message: 'Old message' });
    world.advance(60_000);
    const replaced = await replaceBrief(
      world.deps,
      user,
      brief.id,
      request({ title: 'Summer', uploadIds: [uploadId(1)] }),
    );

    expect(replaced).toEqual({
      id: brief.id,
      title: 'Summer',
      headline: 'New in',
      link: 'https://shop.example/',
      uploadIds: [uploadId(1)],
      createdAt: '2026-12-01T10:00:00.000Z',
      updatedAt: '2026-12-01T10:01:00.000Z',
    });
    expect(await getBrief(world.deps, user, brief.id)).toEqual(replaced);
  });

  it('a keyed delete whose answer was not stored answers its retry 204, not 404', async () => {
    const world = await creativeWorld();
    const brief = await created(world);
    const complete = world.deps.idempotency.complete.bind(world.deps.idempotency);
    world.deps.idempotency.complete = async () => {
      world.deps.idempotency.complete = complete;
      throw new Error('DynamoDB is down');
    };
    await expect(deleteBrief(world.deps, user, brief.id, { idempotencyKey: 'k-del-lost' })).rejects.toThrow(
      'DynamoDB is down',
    );
    expect(await deleteBrief(world.deps, user, brief.id, { idempotencyKey: 'k-del-lost' })).toEqual({
      status: 204,
    });
    expect(await refusal(getBrief(world.deps, user, brief.id))).toMatchObject({ status: 404 });
  });

  it('deletes (204); a keyed repeat replays the 204, an unkeyed one is 404', async () => {
    const world = await creativeWorld();
    const brief = await created(world);
    expect(await deleteBrief(world.deps, user, brief.id, { idempotencyKey: 'k-del' })).toEqual({
      status: 204,
    });
    expect(await deleteBrief(world.deps, user, brief.id, { idempotencyKey: 'k-del' })).toEqual({
      status: 204,
      headers: { 'idempotent-replayed': 'true' },
    });
    expect(await refusal(deleteBrief(world.deps, user, brief.id))).toMatchObject({ status: 404 });
    expect(await refusal(getBrief(world.deps, user, brief.id))).toMatchObject({ status: 404 });
  });

  it("answers 404 for another workspace's brief and changes nothing of it", async () => {
    const world = await creativeWorld();
    const brief = await created(world);
    expect(await refusal(getBrief(world.deps, other, brief.id))).toMatchObject({
      status: 404,
      code: 'not_found',
    });
    expect(
      await refusal(replaceBrief(world.deps, other, brief.id, request({ title: 'Mine now' }))),
    ).toMatchObject({
      status: 404,
    });
    expect(await refusal(deleteBrief(world.deps, other, brief.id))).toMatchObject({ status: 404 });
    expect((await listBriefs(world.deps, other, { limit: 10 })).items).toEqual([]);
    expect(await getBrief(world.deps, user, brief.id)).toEqual(brief);
  });
});
