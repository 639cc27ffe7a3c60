import { randomUUID } from 'node:crypto';
import type { LocalRuntime } from '../../../infra/local/runtime';
import { concat, pngBytes, videoBytes, videoHeader } from '../../support/media-fixtures';
import { type CampaignWorld, connectedWorkspace } from '../campaigns/campaign-fixture';
import { type ApiAnswer, api } from '../support/runtime';
import { type StagedFile, settledUpload, uploadThroughApi } from './upload-fixture';

/**
 * Uploads and creatives as the dashboard uses them, through the local runtime: the presigned
 * POST to s3rver, the bucket's event on the ingest queue, the ingest Lambda, the simulator's
 * adimages / resumable advideos / adcreatives, and the creative routes.
 */
describe('uploads and creatives through the local runtime', () => {
  let world: CampaignWorld;
  let rt: LocalRuntime;
  let pageId: string;
  const CHUNK = 256 * 1024;
  const LINK = 'https://shop.example/spring';

  beforeAll(async () => {
    world = await connectedWorkspace();
    rt = world.rt;
    rt.simulator?.setMediaOptions({ chunkBytes: CHUNK, processingMs: 300 });
    const pages = await api(rt, 'GET', '/meta/assets/pages', { token: world.user });
    pageId = pages.body.items[0].id;
  }, 60_000);

  afterAll(() => rt.stop());
  afterEach(() => rt.simulator?.clearFaults());

  const png = (name: string, width = 1080, height = 1080): StagedFile => ({
    kind: 'image',
    fileName: `${name}.png`,
    contentType: 'image/png',
    bytes: pngBytes({ width, height, size: 40_000 }),
  });
  const mp4 = (name: string, size = CHUNK * 3 + 1234): StagedFile => ({
    kind: 'video',
    fileName: `${name}.mp4`,
    contentType: 'video/mp4',
    bytes: videoBytes(size),
  });

  async function readyUpload(file: StagedFile): Promise<ApiAnswer['body']> {
    const started = await uploadThroughApi(rt, world.user, file);
    expect(started.status).toBe(201);
    const settled = await settledUpload(rt, world.user, started.body.id);
    expect(settled.body).toMatchObject({ status: 'ready' });
    return settled.body;
  }

  const createCreative = (body: Record<string, unknown>, key = randomUUID(), token = world.user) =>
    api(rt, 'POST', '/meta/creatives', { token, body, headers: { 'idempotency-key': key } });

  const media = () => {
    const found = rt.simulator?.media(world.adAccountId);
    if (!found) throw new Error('no media at the simulator');
    return found;
  };

  it('turns an image into a Meta image hash with its size', async () => {
    const ready = await readyUpload(png('hero', 1200, 628));
    expect(ready).toMatchObject({ kind: 'image', width: 1200, height: 628, bytes: 40_000 });
    expect(ready.imageHash).toMatch(/^[0-9a-f]{32}$/);
    expect(media().images.map((i) => i.hash)).toContain(ready.imageHash);
  });

  it('sends a video chunk by chunk and waits for Meta to process it, then shows its id', async () => {
    const file = mp4('spot');
    const ready = await readyUpload(file);
    expect(ready).toMatchObject({ kind: 'video', sentBytes: file.bytes.length });
    const atMeta = media().videos.find((v) => v.id === ready.videoId);
    expect(atMeta).toMatchObject({ receivedBytes: file.bytes.length, transferCalls: 4, status: 'ready' });
  });

  it('resumes a video whose chunk answer was lost, re-sending at most one chunk', async () => {
    rt.simulator?.addFault({
      path: `/${world.adAccountId}/advideos`,
      params: { upload_phase: 'transfer' },
      kind: 'lostAnswer',
      answer: 'drop',
      times: 1,
    });
    const file = mp4('resumed', CHUNK * 4);
    const ready = await readyUpload(file);
    const atMeta = media().videos.find((v) => v.id === ready.videoId);
    expect(atMeta?.receivedBytes).toBe(file.bytes.length);
    expect((atMeta?.bytesReceivedTotal ?? 0) - file.bytes.length).toBeLessThanOrEqual(CHUNK);
  });

  it('rejects a file that is not what was declared, and never sends it to Meta', async () => {
    const before = media();
    const wrongSize = await uploadThroughApi(rt, world.user, { ...png('short'), declaredSize: 50_000 });
    const notAnImage = await uploadThroughApi(rt, world.user, {
      ...png('fake'),
      bytes: concat([videoHeader(4096), new Uint8Array(4096 - 32)]),
    });
    const [a, b] = await Promise.all([
      settledUpload(rt, world.user, wrongSize.body.id),
      settledUpload(rt, world.user, notAnImage.body.id),
    ]);
    expect(a.body).toMatchObject({ status: 'rejected', reason: expect.stringContaining('50,000') });
    expect(b.body).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/PNG|image/) });
    expect(media().images.length).toBe(before.images.length);
  });

  it('refuses a wrong kind, type, extension or size before signing anything', async () => {
    const refused = await api(rt, 'POST', '/meta/creatives/uploads', {
      token: world.user,
      body: { kind: 'image', fileName: 'big.png', contentType: 'image/png', size: 9 * 1024 * 1024 },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'upload_not_allowed', details: { field: 'size' } });
    const announce = () =>
      api(rt, 'POST', '/meta/creatives/uploads', {
        token: world.user,
        body: { kind: 'image', fileName: 'again.png', contentType: 'image/png', size: 1234 },
        headers: { 'idempotency-key': 'upload-key-1' },
      });
    const [first, repeat] = [await announce(), await announce()];
    expect(repeat.status).toBe(201);
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect(repeat.body.id).toBe(first.body.id);
    const malformed = await api(rt, 'POST', '/meta/creatives/uploads', {
      token: world.user,
      body: { kind: 'image', fileName: 'a.png', contentType: 'image/png', size: -1 },
    });
    expect(malformed.status).toBe(400);
  });

  it('builds a carousel from ready uploads, exactly once under its key', async () => {
    const [one, two, three] = await Promise.all(
      [png('card-1'), png('card-2'), png('card-3')].map(readyUpload),
    );
    const body = {
      name: 'Spring carousel',
      format: 'carousel',
      pageId,
      message: 'New season',
      link: LINK,
      callToAction: 'SHOP_NOW',
      cards: [one, two, three].map((u, i) => ({
        uploadId: u.id,
        link: `${LINK}/${i}`,
        headline: `Look ${i + 1}`,
      })),
    };
    const key = randomUUID();
    const created = await createCreative(body, key);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Spring carousel', format: 'carousel', pageId });
    const replay = await createCreative(body, key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(created.body.id);
    const atMeta = media().creatives.filter((c) => c.name === 'Spring carousel');
    expect(atMeta).toHaveLength(1);
    // Its marker label did its job and is gone: the ad account's 100 000 labels do not fill up.
    expect(atMeta[0]?.adlabels).toEqual([]);
    const listed = await api(rt, 'GET', '/meta/creatives', { token: world.user });
    expect(listed.body.items[0]).toMatchObject({ id: created.body.id });
    const audit = await api(rt, 'GET', '/meta/audit', { token: world.user });
    expect(audit.status).toBe(200);
    expect(audit.body.items.filter((e: { objectId?: string }) => e.objectId === created.body.id)).toEqual([
      expect.objectContaining({ level: 'creative', action: 'create', outcome: { status: 201 } }),
    ]);
  });

  it('answers a dry run with what Meta would get, and makes nothing', async () => {
    const image = await readyUpload(png('dry'));
    const before = media().creatives.length;
    const dry = await api(rt, 'POST', '/meta/creatives?dryRun=true', {
      token: world.agent,
      body: { name: 'Dry', format: 'image', pageId, link: LINK, uploadId: image.id },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({
      dryRun: true,
      wouldApply: { object_story_spec: { page_id: pageId, link_data: { image_hash: image.imageHash } } },
    });
    expect(media().creatives.length).toBe(before);
  });

  it('makes a video creative with Meta’s thumbnail, and one from a brief', async () => {
    const video = await readyUpload(mp4('brief-video'));
    const image = await readyUpload(png('brief-image'));
    const created = await createCreative({
      name: 'Spot',
      format: 'video',
      pageId,
      link: LINK,
      uploadId: video.id,
    });
    expect(created.status).toBe(201);
    const brief = await api(rt, 'POST', '/creative-briefs', {
      token: world.user,
      body: { title: 'Spring', message: 'From the brief', link: LINK, uploadIds: [image.id] },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(brief.status).toBe(201);
    const fromBrief = await createCreative({
      name: 'Brief image',
      format: 'image',
      pageId,
      briefId: brief.body.id,
    });
    expect(fromBrief.status).toBe(201);
    expect(fromBrief.body).toMatchObject({ briefId: brief.body.id, uploadIds: [image.id] });
  });

  it('answers 409 for an upload not ready, and 400 naming a carousel of one card', async () => {
    const pending = await api(rt, 'POST', '/meta/creatives/uploads', {
      token: world.user,
      body: { kind: 'image', fileName: 'later.png', contentType: 'image/png', size: 1000 },
    });
    const notReady = await createCreative({
      name: 'Early',
      format: 'image',
      pageId,
      link: LINK,
      uploadId: pending.body.id,
    });
    expect(notReady.status).toBe(409);
    expect(notReady.body.error.code).toBe('upload_not_ready');
    const oneCard = await createCreative({
      name: 'One card',
      format: 'carousel',
      pageId,
      link: LINK,
      cards: [{ uploadId: pending.body.id, link: LINK }],
    });
    expect(oneCard.status).toBe(400);
    expect(JSON.stringify(oneCard.body.error.details)).toContain('cards');
  });

  it("keeps another workspace's uploads, briefs and creatives out of reach (404)", async () => {
    const mine = await readyUpload(png('mine'));
    const stranger = rt.token({ workspace_id: 'other-workspace', sub: 'other-user' });
    const read = await api(rt, 'GET', `/meta/creatives/uploads/${mine.id}`, { token: stranger });
    expect(read.status).toBe(404);
    const brief = await api(rt, 'POST', '/creative-briefs', {
      token: world.user,
      body: { title: 'Private', uploadIds: [mine.id] },
    });
    expect((await api(rt, 'GET', `/creative-briefs/${brief.body.id}`, { token: stranger })).status).toBe(404);
    const strangersBrief = await api(rt, 'POST', '/creative-briefs', {
      token: stranger,
      body: { title: 'Theirs', uploadIds: [mine.id] },
    });
    expect(strangersBrief.status).toBe(404);
    expect((await api(rt, 'GET', '/meta/creatives', { token: stranger })).body.items).toEqual([]);
  });
});
