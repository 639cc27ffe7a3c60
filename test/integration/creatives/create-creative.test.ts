import { type MetaSimulator, startMetaSimulator } from '@infra/local/meta-simulator';
import { briefBody, createCreativeRequest } from '../../../shared/contracts/creatives';
import { createBrief } from '../../../shared/creatives/briefs-service';
import { createCreative } from '../../../shared/creatives/create-creative';
import type { CreativeDeps } from '../../../shared/creatives/creative-deps';
import { GraphMetaMedia } from '../../../shared/creatives/graph-meta-media';
import { listCreatives } from '../../../shared/creatives/list-creatives';
import type { Asset } from '../../../shared/domain/asset-record';
import { type UploadRecord, uploadKey } from '../../../shared/domain/upload';
import { GraphClient } from '../../../shared/meta/graph-client';
import type { Principal } from '../../../shared/platform/auth';
import { AppError } from '../../../shared/platform/errors';
import { DynamoBriefStore } from '../../../shared/store/dynamodb/brief-store';
import { DynamoCreativeStore } from '../../../shared/store/dynamodb/creative-store';
import { DynamoIdempotencyStore } from '../../../shared/store/dynamodb/idempotency-store';
import { DynamoUploadStore } from '../../../shared/store/dynamodb/upload-store';
import { InMemoryAuditStore } from '../../../shared/store/memory/audit-store';
import { InMemoryConnectionStore } from '../../../shared/store/memory/connection-store';
import { InMemoryControlsStore } from '../../../shared/store/memory/controls-store';
import { InMemoryTokenVault } from '../../../shared/store/memory/token-vault';
import { ZERO_COUNTS } from '../meta-simulator/graph-test-client';
import { createLocalMutationTables, type LocalMutationTables } from '../support/local-app-table';

const silent = { warn: () => undefined, debug: () => undefined };
const WS = 'ws-creatives-int';
const user: Principal = { sub: 'user-1', workspaceId: WS, actor: 'user' };
const AT = '2026-12-01T10:00:00.000Z';
const LINK = 'https://shop.example/spring';
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
  Buffer.from([0, 0, 4, 0, 0, 0, 4, 0]),
]);
const VIDEO = Buffer.from(Array.from({ length: 1500 }, (_, i) => i % 251));

let uploads = 0;
const nextUploadId = () => `upl_${(++uploads).toString(16).padStart(24, '0')}`;

/**
 * The creative service over DynamoDB Local (uploads, briefs, creatives, idempotency) and the
 * simulator through GraphMetaMedia: what Meta accepts of the params it builds, the replay, and a
 * create whose answer the simulator loses.
 */
describe('createCreative over DynamoDB Local and the simulator', () => {
  let sim: MetaSimulator;
  let tables: LocalMutationTables;
  let deps: CreativeDeps;
  let uploadStore: DynamoUploadStore;
  let media: GraphMetaMedia;
  let adAccountId: string;
  let pageId: string;
  let call: { accessToken: string; tokenId: string; adAccountId: string };

  beforeAll(async () => {
    [sim, tables] = await Promise.all([
      startMetaSimulator({
        seed: {
          businesses: 1,
          tokens: 1,
          perBusiness: { ...ZERO_COUNTS, ownedAdAccounts: 1, ownedPages: 1 },
        },
        videoChunkBytes: 1000,
        videoProcessingMs: 50,
      }),
      createLocalMutationTables('creative-service'),
    ]);
    const graph = new GraphClient({
      baseUrl: sim.url,
      videoBaseUrl: sim.url,
      version: 'v26.0',
      appSecret: sim.appSecret,
      backoff: { baseMs: 5, capMs: 20 },
      timeoutMs: 2000,
      logger: silent,
    });
    media = new GraphMetaMedia(graph);
    const token = sim.scenario.tokens[0];
    adAccountId = sim.scenario.expected.adAccounts[0]?.id ?? '';
    pageId = sim.scenario.expected.pages[0]?.id ?? '';
    call = { accessToken: token?.accessToken ?? '', tokenId: 'tok-1', adAccountId };

    const connections = new InMemoryConnectionStore();
    const vault = new InMemoryTokenVault();
    await connections.put({
      workspaceId: WS,
      status: 'connected',
      generation: 1,
      revision: 0,
      metaUserId: 'meta-user-1',
      adAccountId,
      scopes: ['ads_management'],
      declinedScopes: [],
      connectedAt: AT,
      updatedAt: AT,
    });
    await connections.putToken({
      tokenId: 'tok-1',
      workspaceId: WS,
      kind: 'user',
      label: 'Login',
      metaUserId: 'meta-user-1',
      secretId: 'secret-1',
      scopes: ['ads_management'],
      status: 'active',
      generation: 1,
      createdAt: AT,
    });
    await vault.put('secret-1', token?.accessToken ?? '');
    const app = {
      client: tables.client,
      tableName: tables.tableName,
      idempotencyTableName: tables.idempotencyTableName,
    };
    let counter = 0;
    uploadStore = new DynamoUploadStore({ client: tables.client, tableName: tables.tableName });
    deps = {
      connections,
      vault,
      assets: { loadAll: async () => [] as Asset[], get: async () => undefined },
      controls: new InMemoryControlsStore(),
      uploads: uploadStore,
      briefs: new DynamoBriefStore(app),
      creatives: new DynamoCreativeStore(app),
      idempotency: new DynamoIdempotencyStore({
        client: tables.client,
        tableName: tables.idempotencyTableName,
      }),
      media,
      now: Date.now,
      randomBytes: (n) => new Uint8Array(n).fill(++counter % 256),
      audit: new InMemoryAuditStore(),
      newId: () => `aud-${++counter}`,
    };
  });
  afterAll(async () => {
    tables.close();
    await sim.close();
  });
  beforeEach(() => sim.clearFaults());

  /** A ready upload whose image is in the simulator's library. */
  async function readyImage(): Promise<string> {
    const { hash } = await media.uploadImage(call, {
      fileName: 'card.png',
      contentType: 'image/png',
      bytes: PNG,
    });
    return stored({ kind: 'image', imageHash: hash, contentType: 'image/png', fileName: 'card.png' });
  }

  /** A ready upload whose video the simulator processed (and made thumbnails of). */
  async function readyVideo(): Promise<string> {
    const session = await media.startVideo(call, VIDEO.length);
    let range: { startOffset: number; endOffset: number } = session;
    while (range.startOffset < VIDEO.length) {
      range = await media.transferVideoChunk(
        call,
        { uploadSessionId: session.uploadSessionId, startOffset: range.startOffset },
        VIDEO.subarray(range.startOffset, range.endOffset),
      );
    }
    await media.finishVideo(call, { uploadSessionId: session.uploadSessionId });
    sim.setVideoStatus(session.videoId, 'ready');
    return stored({
      kind: 'video',
      videoId: session.videoId,
      contentType: 'video/mp4',
      fileName: 'clip.mp4',
    });
  }

  async function stored(
    fields: Pick<UploadRecord, 'kind' | 'contentType' | 'fileName'> & Partial<UploadRecord>,
  ) {
    const id = nextUploadId();
    await uploadStore.create({
      workspaceId: WS,
      id,
      bytes: 1500,
      key: uploadKey(WS, id),
      adAccountId,
      status: 'ready',
      createdAt: AT,
      expiresAt: '2099-01-01T00:00:00.000Z',
      updatedAt: AT,
      version: 1,
      ...fields,
    } as UploadRecord);
    return id;
  }

  const creativesAtMeta = () => sim.media(adAccountId)?.creatives ?? [];

  it('makes an image creative Meta accepts, and replays it under its key without a second create', async () => {
    const uploadId = await readyImage();
    const body = createCreativeRequest.parse({
      name: 'Spring image',
      format: 'image',
      pageId,
      uploadId,
      link: LINK,
      headline: 'New in',
      callToAction: 'SHOP_NOW',
    });
    const before = creativesAtMeta().length;
    const answer = await createCreative(deps, user, body, { idempotencyKey: 'int-image' });
    expect(answer).toMatchObject({
      status: 201,
      body: { format: 'image', adAccountId, uploadIds: [uploadId] },
    });
    const id = (answer.body as { id: string }).id;
    expect(creativesAtMeta()).toHaveLength(before + 1);
    expect(creativesAtMeta()).toContainEqual(expect.objectContaining({ id, name: 'Spring image' }));

    const again = await createCreative(deps, user, body, { idempotencyKey: 'int-image' });
    expect(again).toEqual({ ...answer, headers: { 'idempotent-replayed': 'true' } });
    expect(creativesAtMeta()).toHaveLength(before + 1);
    expect((await listCreatives(deps, user, { limit: 50 })).items).toContainEqual(answer.body);
  });

  it("makes a video creative with Meta's generated thumbnail", async () => {
    const uploadId = await readyVideo();
    const answer = await createCreative(
      deps,
      user,
      createCreativeRequest.parse({ name: 'Spring video', format: 'video', pageId, uploadId, link: LINK }),
    );
    expect(answer.status).toBe(201);
    const made = creativesAtMeta().find((c) => c.id === (answer.body as { id: string }).id);
    expect(JSON.stringify(made)).toMatch(/image_url/);
  });

  it('makes a carousel of 3 cards from a brief', async () => {
    const uploadIds = [await readyImage(), await readyImage(), await readyVideo()];
    const brief = briefBody.parse(
      (await createBrief(deps, user, { title: 'Spring', link: LINK, headline: 'Card', uploadIds })).body,
    );
    const answer = await createCreative(
      deps,
      user,
      createCreativeRequest.parse({ name: 'Spring carousel', format: 'carousel', pageId, briefId: brief.id }),
    );
    expect(answer).toMatchObject({ status: 201, body: { format: 'carousel', briefId: brief.id, uploadIds } });
  });

  it('finds a create whose answer Meta lost by its marker: one creative at Meta', async () => {
    const uploadId = await readyImage();
    const before = creativesAtMeta().length;
    const startedAt = Date.now();
    sim.addFault({ path: '/*/adcreatives', method: 'POST', kind: 'lostAnswer', times: 1 });
    const answer = await createCreative(
      deps,
      user,
      createCreativeRequest.parse({ name: 'Lost answer', format: 'image', pageId, uploadId, link: LINK }),
      { idempotencyKey: 'int-lost' },
    );
    expect(answer.status).toBe(201);
    // The lost create applied; the service looked it up by its marker instead of creating again.
    const calls = sim.requests().filter((r) => r.at >= startedAt && /\/adcreatives$/.test(r.path));
    expect(calls.map((r) => r.method)).toEqual(['POST', 'GET']);
    expect(creativesAtMeta()).toHaveLength(before + 1);
    expect(creativesAtMeta().at(-1)?.id).toBe((answer.body as { id: string }).id);
  });

  it("maps Meta's refusal (a page the token may not use) to 422 meta_request_rejected", async () => {
    const uploadId = await readyImage();
    const refused = await createCreative(
      deps,
      user,
      createCreativeRequest.parse({
        name: 'No page',
        format: 'image',
        pageId: '999999999',
        uploadId,
        link: LINK,
      }),
    ).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ status: 422, code: 'meta_request_rejected' });
  });
});
