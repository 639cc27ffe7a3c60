import { type CreateCreativeRequest, createCreativeRequest } from '../../../shared/contracts/creatives';
import { createBrief } from '../../../shared/creatives/briefs-service';
import { createCreative } from '../../../shared/creatives/create-creative';
import { listCreatives } from '../../../shared/creatives/list-creatives';
import type { Principal } from '../../../shared/platform/auth';
import { ReplayedRefusalError } from '../../../shared/platform/errors';
import { refusal } from '../campaigns/campaign-deps-fixture';
import { lostAnswer, metaDown, metaRefused } from '../campaigns/fake-meta';
import {
  AD_ACCOUNT,
  agent,
  type CreativeWorld,
  creativeWorld,
  OTHER_WORKSPACE,
  PAGE_ID,
  readyImage,
  readyVideo,
  uploadId,
  user,
  WORKSPACE,
} from './creative-world';

const LINK = 'https://shop.example/spring';

const body = (fields: Partial<CreateCreativeRequest> = {}): CreateCreativeRequest =>
  createCreativeRequest.parse({
    name: 'Spring image',
    format: 'image',
    pageId: PAGE_ID,
    uploadId: uploadId(1),
    link: LINK,
    headline: 'New in',
    ...fields,
  });

function create(
  world: CreativeWorld,
  fields: Partial<CreateCreativeRequest> = {},
  options: { key?: string; as?: Principal } = {},
) {
  return createCreative(
    world.deps,
    options.as ?? user,
    body(fields),
    options.key ? { idempotencyKey: options.key } : {},
  );
}

const storySpec = (world: CreativeWorld, index = 0) =>
  (world.media.made[index]?.params as { object_story_spec: Record<string, unknown> } | undefined)
    ?.object_story_spec;

describe('createCreative: what it makes at Meta', () => {
  it('makes an image creative from a ready upload, records it and answers 201', async () => {
    const world = await creativeWorld();
    world.uploads.put(readyImage(1));
    const answer = await create(world, {}, { key: 'k-1' });

    expect(answer).toEqual({
      status: 201,
      body: {
        id: '120001',
        name: 'Spring image',
        format: 'image',
        pageId: PAGE_ID,
        adAccountId: AD_ACCOUNT,
        uploadIds: [uploadId(1)],
        createdAt: '2026-12-01T10:00:00.000Z',
      },
    });
    expect(world.media.made).toHaveLength(1);
    expect(world.media.made[0]).toMatchObject({
      adAccountId: AD_ACCOUNT,
      marker: expect.stringMatching(/^mab-/),
    });
    expect(storySpec(world)).toEqual({
      page_id: PAGE_ID,
      link_data: { image_hash: 'hash-1', link: LINK, name: 'New in' },
    });
    expect(world.media.calls[0]?.call).toEqual({
      accessToken: 'EAA-login-secret',
      tokenId: 'tok-login',
      adAccountId: AD_ACCOUNT,
    });
    expect(world.creatives.all).toEqual([
      expect.objectContaining({
        id: '120001',
        workspaceId: WORKSPACE,
        createdBy: { kind: 'user', sub: 'user-1' },
      }),
    ]);
  });

  it('makes a video creative with its own thumbnail upload, without asking Meta for one', async () => {
    const world = await creativeWorld();
    world.uploads.put(readyVideo(7), readyImage(2));
    const answer = await create(world, {
      format: 'video',
      uploadId: uploadId(7),
      thumbnailUploadId: uploadId(2),
    });

    expect(answer.body).toMatchObject({ format: 'video', uploadIds: [uploadId(7), uploadId(2)] });
    expect(storySpec(world)).toEqual({
      page_id: PAGE_ID,
      video_data: {
        video_id: '90007',
        image_hash: 'hash-2',
        title: 'New in',
        call_to_action: { type: 'LEARN_MORE', value: { link: LINK } },
      },
    });
    expect(world.media.calls.map((c) => c.method)).toEqual(['createCreative', 'removeCreativeMarker']);
  });

  it("makes a video creative with Meta's generated thumbnail", async () => {
    const world = await creativeWorld();
    world.uploads.put(readyVideo(7));
    await create(world, { format: 'video', uploadId: uploadId(7), callToAction: 'WATCH_MORE' });

    expect(storySpec(world)).toMatchObject({
      video_data: {
        video_id: '90007',
        image_url: 'https://scontent.example/thumb-90007.jpg',
        call_to_action: { type: 'WATCH_MORE', value: { link: LINK } },
      },
    });
  });

  it('answers 409 upload_not_ready while Meta has no thumbnail yet, and frees the key', async () => {
    const world = await creativeWorld();
    world.uploads.put(readyVideo(7));
    world.media.thumbnails.set('90007', undefined);
    const err = await refusal(create(world, { format: 'video', uploadId: uploadId(7) }, { key: 'k-thumb' }));

    expect(err).toMatchObject({
      status: 409,
      code: 'upload_not_ready',
      message: expect.stringMatching(/Meta is still making the thumbnail/),
    });
    expect(world.media.made).toHaveLength(0);
    world.media.thumbnails.delete('90007');
    expect((await create(world, { format: 'video', uploadId: uploadId(7) }, { key: 'k-thumb' })).status).toBe(
      201,
    );
  });

  it('makes a carousel of 3 cards, each with its own link and headline', async () => {
    const world = await creativeWorld();
    world.uploads.put(readyImage(1), readyImage(2), readyImage(3));
    const cards = [1, 2, 3].map((n) => ({
      uploadId: uploadId(n),
      link: `${LINK}/${n}`,
      headline: `Card ${n}`,
    }));
    const answer = await create(world, { format: 'carousel', uploadId: undefined, cards });

    expect(answer.body).toMatchObject({ format: 'carousel', uploadIds: [1, 2, 3].map(uploadId) });
    expect(storySpec(world)).toMatchObject({
      link_data: {
        link: LINK,
        child_attachments: [1, 2, 3].map((n) => ({
          link: `${LINK}/${n}`,
          image_hash: `hash-${n}`,
          name: `Card ${n}`,
        })),
      },
    });
  });

  it("makes a carousel from a brief: the body's fields override, the brief's uploads become cards", async () => {
    const world = await creativeWorld();
    world.uploads.put(readyImage(1), readyImage(2));
    const brief = await createBrief(world.deps, user, {
      title: 'Spring brief',
      message: 'Brief message',
      headline: 'Brief headline',
      link: 'https://brief.example/',
      callToAction: 'SHOP_NOW',
      uploadIds: [uploadId(1), uploadId(2)],
    });
    const briefId = (brief.body as { id: string }).id;
    const answer = await createCreative(
      world.deps,
      user,
      createCreativeRequest.parse({
        name: 'From brief',
        format: 'carousel',
        pageId: PAGE_ID,
        briefId,
        headline: 'Body headline',
      }),
    );

    expect(answer.body).toMatchObject({ briefId, uploadIds: [uploadId(1), uploadId(2)] });
    expect(storySpec(world)).toEqual({
      page_id: PAGE_ID,
      link_data: {
        link: 'https://brief.example/',
        message: 'Brief message',
        child_attachments: [1, 2].map((n) => ({
          link: 'https://brief.example/',
          image_hash: `hash-${n}`,
          name: 'Body headline',
          call_to_action: { type: 'SHOP_NOW', value: { link: 'https://brief.example/' } },
        })),
      },
    });
  });

  it('lets an agent create a creative, recorded as made by the agent', async () => {
    const world = await creativeWorld();
    world.uploads.put(readyImage(1));
    await create(world, {}, { as: agent });
    expect(world.creatives.all[0]?.createdBy).toEqual({ kind: 'agent', sub: 'agent-1' });
  });

  it('lists the workspace’s creatives newest first, another workspace sees none', async () => {
    const world = await creativeWorld();
    world.uploads.put(readyImage(1));
    await create(world, { name: 'First' });
    world.advance(1000);
    await create(world, { name: 'Second' });

    const page = await listCreatives(world.deps, user, { limit: 1 });
    expect(page.items.map((c) => c.name)).toEqual(['Second']);
    const next = await listCreatives(world.deps, user, {
      limit: 1,
      ...(page.nextCursor ? { cursor: page.nextCursor } : {}),
    });
    expect(next.items.map((c) => c.name)).toEqual(['First']);
    expect(next.nextCursor).toBeUndefined();
    expect(
      (await listCreatives(world.deps, { ...user, workspaceId: OTHER_WORKSPACE }, { limit: 10 })).items,
    ).toEqual([]);
  });
});

describe('createCreative: checked before Meta', () => {
  it.each([
    [
      'a carousel of 1 card',
      { format: 'carousel' as const, uploadId: undefined, cards: [{ uploadId: uploadId(1), link: LINK }] },
      400,
      'validation_error',
    ],
    ['an upload still uploading', { uploadId: uploadId(5) }, 409, 'upload_not_ready'],
    ['a rejected upload', { uploadId: uploadId(6) }, 422, 'upload_rejected'],
    ["another workspace's upload", { uploadId: uploadId(9) }, 404, 'not_found'],
    ['an unknown upload', { uploadId: uploadId(99) }, 404, 'not_found'],
    ['a video as an image', { uploadId: uploadId(7) }, 422, 'upload_wrong_kind'],
    [
      'a video as a thumbnail',
      { format: 'video' as const, uploadId: uploadId(7), thumbnailUploadId: uploadId(8) },
      422,
      'upload_wrong_kind',
    ],
    ['an upload of another ad account', { uploadId: uploadId(4) }, 422, 'upload_other_ad_account'],
    ["another workspace's brief", { briefId: 'brf_0000000000000000000000ff' }, 404, 'not_found'],
  ])('%s → %i %s, nothing at Meta', async (_name, fields, status, code) => {
    const world = await creativeWorld();
    world.uploads.put(
      readyImage(1),
      readyImage(4, { adAccountId: 'act_2' }),
      readyImage(5, { status: 'uploading', imageHash: undefined }),
      readyImage(6, {
        status: 'rejected',
        reason: 'The file is not a PNG or JPEG image.',
        imageHash: undefined,
      }),
      readyVideo(7),
      readyVideo(8),
      readyImage(9, { workspaceId: OTHER_WORKSPACE }),
    );
    await world.briefs.create({
      workspaceId: OTHER_WORKSPACE,
      id: 'brf_0000000000000000000000ff',
      title: 'Theirs',
      uploadIds: [],
      createdAt: '2026-12-01T10:00:00.000Z',
      updatedAt: '2026-12-01T10:00:00.000Z',
    });
    const err = await refusal(create(world, fields));

    expect(err).toMatchObject({ status, code });
    expect(world.media.calls).toEqual([]);
    expect(world.creatives.all).toEqual([]);
  });

  it('names the field and says why: the rejected reason, the not-ready status', async () => {
    const world = await creativeWorld();
    world.uploads.put(
      readyImage(1),
      readyImage(5, { status: 'validating', imageHash: undefined }),
      readyImage(6, { status: 'rejected', reason: 'The image is larger than 8 MiB.', imageHash: undefined }),
    );
    const cards = [1, 5, 6].map((n) => ({ uploadId: uploadId(n), link: LINK }));
    // A final refusal (rejected) wins over "not ready": waiting would not help.
    const err = await refusal(create(world, { format: 'carousel', uploadId: undefined, cards }));
    expect(err).toMatchObject({
      status: 422,
      code: 'upload_rejected',
      details: {
        field: 'cards.2.uploadId',
        uploadId: uploadId(6),
        reason: 'The image is larger than 8 MiB.',
      },
    });
    const waiting = await refusal(create(world, { uploadId: uploadId(5) }));
    expect(waiting).toMatchObject({ details: { field: 'uploadId', status: 'validating' } });
  });

  it('reads a pending upload past its expiry as rejected ("expired")', async () => {
    const world = await creativeWorld();
    world.uploads.put(
      readyImage(5, { status: 'pending', imageHash: undefined, expiresAt: '2026-12-01T09:00:00.000Z' }),
    );
    const err = await refusal(create(world, { uploadId: uploadId(5) }));
    expect(err).toMatchObject({
      status: 422,
      code: 'upload_rejected',
      message: expect.stringMatching(/expired/),
    });
  });
});

describe('createCreative: the audit trail', () => {
  it('records who made which creative, a refusal with its code, and a replay not again', async () => {
    const world = await creativeWorld();
    world.uploads.put(readyImage(1));
    const made = await create(world, {}, { key: 'k-audited', as: agent });
    await create(world, {}, { key: 'k-audited', as: agent });
    await refusal(create(world, { uploadId: uploadId(9) }, { as: agent }));

    expect(world.audit.entries).toEqual([
      expect.objectContaining({
        actor: { kind: 'agent', sub: agent.sub },
        action: 'create',
        level: 'creative',
        objectId: (made.body as { id: string }).id,
        adAccountId: 'act_1',
        request: expect.objectContaining({ method: 'POST', path: '/meta/creatives' }),
        outcome: { status: 201 },
      }),
      expect.objectContaining({ level: 'creative', outcome: { status: 404, code: 'not_found' } }),
    ]);
  });

  it('records nothing for a dry run', async () => {
    const world = await creativeWorld();
    world.uploads.put(readyImage(1));
    await createCreative(world.deps, user, body({}), { dryRun: true });
    expect(world.audit.entries).toEqual([]);
  });
});

describe('createCreative: a dry run', () => {
  it('checks everything and answers what Meta would get, making nothing and spending no key', async () => {
    const world = await creativeWorld();
    world.uploads.put(readyImage(1));
    const dry = await createCreative(world.deps, user, body({}), { idempotencyKey: 'k-dry', dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({
      dryRun: true,
      wouldApply: { adAccountId: 'act_1', object_story_spec: { link_data: { image_hash: 'hash-1' } } },
    });
    expect(world.media.made).toEqual([]);
    // The key is still free: the real create under it makes the creative.
    const real = await create(world, {}, { key: 'k-dry' });
    expect(real.status).toBe(201);
    expect(world.media.made).toHaveLength(1);
  });

  it('refuses what the real create would refuse', async () => {
    const world = await creativeWorld();
    world.uploads.put(readyImage(5, { status: 'validating', imageHash: undefined }));
    await expect(
      createCreative(world.deps, user, body({ uploadId: uploadId(5) }), { dryRun: true }),
    ).rejects.toMatchObject({ status: 409, code: 'upload_not_ready' });
    expect(world.media.made).toEqual([]);
  });
});

describe('createCreative: exactly once under the Idempotency-Key', () => {
  it('replays the 201 without a second Meta call, marked Idempotent-Replayed', async () => {
    const world = await creativeWorld();
    world.uploads.put(readyImage(1));
    const first = await create(world, {}, { key: 'k-1' });
    const again = await create(world, {}, { key: 'k-1' });

    expect(again).toEqual({ ...first, headers: { 'idempotent-replayed': 'true' } });
    expect(world.media.made).toHaveLength(1);
    expect(world.creatives.all).toHaveLength(1);
  });

  it('refuses the same key with another body: 422 idempotency_key_reused', async () => {
    const world = await creativeWorld();
    world.uploads.put(readyImage(1));
    await create(world, {}, { key: 'k-1' });
    const err = await refusal(create(world, { name: 'Another' }, { key: 'k-1' }));
    expect(err).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
    expect(world.media.made).toHaveLength(1);
  });

  it('answers 409 while the same request is in flight', async () => {
    const world = await creativeWorld();
    world.uploads.put(readyImage(1));
    const [a, b] = await Promise.allSettled([
      create(world, {}, { key: 'k-2' }),
      create(world, {}, { key: 'k-2' }),
    ]);
    const outcomes = [a, b].map((o) =>
      o.status === 'fulfilled' ? o.value.status : (o.reason as { status: number }).status,
    );
    expect(outcomes.sort()).toEqual([201, 409]);
    expect(world.media.made).toHaveLength(1);
  });

  it('finds a create whose answer was lost by its marker: one creative at Meta', async () => {
    const world = await creativeWorld();
    world.uploads.put(readyImage(1));
    world.media.failNextCreate(lostAnswer(), { afterApplying: true });
    const answer = await create(world, {}, { key: 'k-lost' });

    expect(answer.status).toBe(201);
    expect(world.media.made).toHaveLength(1);
    expect(answer.body).toMatchObject({ id: world.media.made[0]?.id });
    expect(world.media.calls.map((c) => c.method)).toEqual([
      'createCreative',
      'findCreativeByMarker',
      'removeCreativeMarker',
    ]);
  });

  it('a retry after a failed record write looks at Meta first and makes nothing twice', async () => {
    const world = await creativeWorld();
    world.uploads.put(readyImage(1));
    world.creatives.failNextWith(new Error('transaction cancelled'));
    await expect(create(world, {}, { key: 'k-commit' })).rejects.toThrow('transaction cancelled');
    const retry = await create(world, {}, { key: 'k-commit' });

    expect(retry.status).toBe(201);
    expect(world.media.made).toHaveLength(1);
    expect(world.media.calls.map((c) => c.method)).toEqual([
      'createCreative',
      'findCreativeByMarker',
      'removeCreativeMarker',
    ]);
    expect(world.creatives.all).toHaveLength(1);
  });

  it('deletes the marker label once the creative is stored, and keeps the creative if that fails', async () => {
    const world = await creativeWorld();
    world.uploads.put(readyImage(1));
    const answer = await create(world, {}, { key: 'k-marker' });
    expect(world.media.removedMarkers).toEqual([
      { creativeId: (answer.body as { id: string }).id, marker: world.media.made[0]?.marker },
    ]);

    world.media.failNextMarkerRemoval();
    const kept = await create(world, { name: 'Second' }, { key: 'k-marker-2' });
    expect(kept.status).toBe(201);
    expect(world.creatives.all).toHaveLength(2);
    expect(world.media.removedMarkers).toHaveLength(1);
  });

  it("maps Meta's refusal to 422 meta_request_rejected with Meta's title and message, stored for replay", async () => {
    const world = await creativeWorld();
    world.uploads.put(readyImage(1));
    world.media.failNextCreate(metaRefused());
    const err = await refusal(create(world, {}, { key: 'k-refused' }));

    expect(err).toMatchObject({
      status: 422,
      code: 'meta_request_rejected',
      details: {
        metaCode: 100,
        title: 'Budget Too Low',
        userMessage: 'The daily budget must be at least $1.00.',
      },
    });
    const replay = await refusal(create(world, {}, { key: 'k-refused' }));
    expect(replay).toBeInstanceOf(ReplayedRefusalError);
    expect(replay).toMatchObject({ status: 422, code: 'meta_request_rejected' });
    expect(world.media.calls.filter((c) => c.method === 'createCreative')).toHaveLength(1);
  });

  it('frees the key when Meta is down, so a retry tries again', async () => {
    const world = await creativeWorld();
    world.uploads.put(readyImage(1));
    world.media.failNextCreate(metaDown());
    expect(await refusal(create(world, {}, { key: 'k-down' }))).toMatchObject({ status: 503 });
    expect((await create(world, {}, { key: 'k-down' })).status).toBe(201);
    expect(world.media.made).toHaveLength(1);
  });
});
