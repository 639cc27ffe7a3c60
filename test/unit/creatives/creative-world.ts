import type { CreativeDeps } from '../../../shared/creatives/creative-deps';
import type { CreativeParams, MediaCall, MetaMedia } from '../../../shared/creatives/meta-media';
import type { Asset } from '../../../shared/domain/asset-record';
import type { AssetType } from '../../../shared/domain/asset-type';
import type { UploadRecord } from '../../../shared/domain/upload';
import { uploadKey } from '../../../shared/domain/upload';
import type { Principal } from '../../../shared/platform/auth';
import type { AssetStore } from '../../../shared/store/asset-store';
import { InMemoryAuditStore } from '../../../shared/store/memory/audit-store';
import { InMemoryBriefStore } from '../../../shared/store/memory/brief-store';
import { InMemoryConnectionStore } from '../../../shared/store/memory/connection-store';
import { InMemoryControlsStore } from '../../../shared/store/memory/controls-store';
import { InMemoryCreativeStore } from '../../../shared/store/memory/creative-store';
import { InMemoryIdempotencyStore } from '../../../shared/store/memory/idempotency-store';
import { InMemoryTokenVault } from '../../../shared/store/memory/token-vault';
import type { UploadStore } from '../../../shared/store/upload-store';
import { connection, loginToken } from '../campaigns/campaign-deps-fixture';

export const WORKSPACE = 'ws-1';
export const OTHER_WORKSPACE = 'ws-2';
export const AD_ACCOUNT = 'act_1';
export const START = '2026-12-01T10:00:00.000Z';
export const PAGE_ID = '1000000001';

export const user: Principal = { sub: 'user-1', workspaceId: WORKSPACE, actor: 'user' };
export const agent: Principal = { sub: 'agent-1', workspaceId: WORKSPACE, actor: 'agent' };

/** Upload ids `upl_` + 24 hex, numbered. */
export const uploadId = (n: number) => `upl_${n.toString(16).padStart(24, '0')}`;

/** A ready image of ws-1 at act_1 (hash `hash-<n>`); override what the test is about. */
export function readyImage(n: number, overrides: Partial<UploadRecord> = {}): UploadRecord {
  const workspaceId = overrides.workspaceId ?? WORKSPACE;
  const id = uploadId(n);
  return {
    workspaceId,
    id,
    kind: 'image',
    fileName: `card-${n}.png`,
    contentType: 'image/png',
    bytes: 2_000,
    key: uploadKey(workspaceId, id),
    adAccountId: AD_ACCOUNT,
    status: 'ready',
    imageHash: `hash-${n}`,
    width: 1080,
    height: 1080,
    createdAt: START,
    expiresAt: '2026-12-01T11:00:00.000Z',
    updatedAt: START,
    version: 3,
    ...overrides,
  };
}

/** A ready video of ws-1 at act_1 (Meta id `9000<n>`). */
export function readyVideo(n: number, overrides: Partial<UploadRecord> = {}): UploadRecord {
  const { imageHash: _imageHash, width: _width, height: _height, ...image } = readyImage(n);
  return {
    ...image,
    kind: 'video',
    fileName: `clip-${n}.mp4`,
    contentType: 'video/mp4',
    bytes: 20_000_000,
    videoId: `9000${n}`,
    sentBytes: 20_000_000,
    ...overrides,
  };
}

class FakeUploads implements Pick<UploadStore, 'get'> {
  readonly records = new Map<string, UploadRecord>();
  async get(workspaceId: string, id: string): Promise<UploadRecord | undefined> {
    const found = this.records.get(`${workspaceId}#${id}`);
    return found ? structuredClone(found) : undefined;
  }
  put(...uploads: UploadRecord[]): void {
    for (const upload of uploads) this.records.set(`${upload.workspaceId}#${upload.id}`, upload);
  }
}

interface MadeCreative {
  id: string;
  adAccountId: string;
  params: CreativeParams;
  marker: string;
}

/**
 * Meta's creative side as the service uses it: creates are recorded with their marker, a
 * scripted failure can be thrown before (nothing made) or after (made, answer lost) the create,
 * and videos have a generated thumbnail unless told otherwise.
 */
export class FakeMetaMedia
  implements
    Pick<MetaMedia, 'createCreative' | 'findCreativeByMarker' | 'removeCreativeMarker' | 'videoThumbnailUrl'>
{
  readonly made: MadeCreative[] = [];
  readonly calls: { method: string; call: MediaCall }[] = [];
  readonly thumbnails = new Map<string, string | undefined>();
  private nextFailures: { error: Error; afterApplying: boolean }[] = [];
  private ids = 0;

  failNextCreate(error: Error, options: { afterApplying?: boolean } = {}): void {
    this.nextFailures.push({ error, afterApplying: options.afterApplying ?? false });
  }

  async createCreative(call: MediaCall, params: CreativeParams, marker: string): Promise<{ id: string }> {
    this.calls.push({ method: 'createCreative', call });
    const failure = this.nextFailures.shift();
    if (failure && !failure.afterApplying) throw failure.error;
    const id = String(120_000 + ++this.ids);
    this.made.push({ id, adAccountId: call.adAccountId, params: structuredClone(params), marker });
    if (failure) throw failure.error;
    return { id };
  }

  async findCreativeByMarker(call: MediaCall, marker: string): Promise<{ id: string } | undefined> {
    this.calls.push({ method: 'findCreativeByMarker', call });
    const found = this.made.find((c) => c.marker === marker && c.adAccountId === call.adAccountId);
    return found ? { id: found.id } : undefined;
  }

  /** Marker labels deleted, by creative; `failNextMarkerRemoval` makes the next one fail. */
  readonly removedMarkers: { creativeId: string; marker: string }[] = [];
  private markerRemovalFails = false;

  failNextMarkerRemoval(): void {
    this.markerRemovalFails = true;
  }

  async removeCreativeMarker(call: MediaCall, creativeId: string, marker: string): Promise<number> {
    this.calls.push({ method: 'removeCreativeMarker', call });
    if (this.markerRemovalFails) {
      this.markerRemovalFails = false;
      throw new Error('Meta is down');
    }
    this.removedMarkers.push({ creativeId, marker });
    return 1;
  }

  async videoThumbnailUrl(call: MediaCall, videoId: string): Promise<string | undefined> {
    this.calls.push({ method: 'videoThumbnailUrl', call });
    return this.thumbnails.has(videoId)
      ? this.thumbnails.get(videoId)
      : `https://scontent.example/thumb-${videoId}.jpg`;
  }
}

class FakeAssets implements Pick<AssetStore, 'loadAll' | 'get'> {
  constructor(private readonly assets: Asset[]) {}
  async loadAll(workspaceId: string, types: readonly AssetType[]): Promise<Asset[]> {
    return this.assets.filter((a) => a.workspaceId === workspaceId && types.includes(a.type));
  }
  async get(workspaceId: string, type: AssetType, id: string): Promise<Asset | undefined> {
    return this.assets.find((a) => a.workspaceId === workspaceId && a.type === type && a.id === id);
  }
}

/**
 * The creative routes over in-memory stores and a fake Meta: ws-1 connected with act_1
 * picked, one login token, a clock that `advance` moves and random bytes that count up.
 */
export async function creativeWorld() {
  let nowMs = Date.parse(START);
  const idempotency = new InMemoryIdempotencyStore({ now: () => new Date(nowMs) });
  const uploads = new FakeUploads();
  const briefs = new InMemoryBriefStore(idempotency);
  const creatives = new InMemoryCreativeStore(idempotency);
  const connections = new InMemoryConnectionStore();
  const vault = new InMemoryTokenVault();
  const media = new FakeMetaMedia();
  const audit = new InMemoryAuditStore();
  await connections.put(connection);
  await connections.putToken(loginToken);
  await vault.put(loginToken.secretId, 'EAA-login-secret');
  let counter = 0;
  const deps: CreativeDeps = {
    connections,
    vault,
    assets: new FakeAssets([]),
    controls: new InMemoryControlsStore(),
    uploads,
    briefs,
    creatives,
    idempotency,
    media,
    now: () => nowMs,
    randomBytes: (n) => new Uint8Array(n).fill(++counter % 256),
    audit,
    newId: () => `aud-${++counter}`,
  };
  return {
    deps,
    audit,
    uploads,
    briefs,
    creatives,
    idempotency,
    media,
    advance: (ms: number) => {
      nowMs += ms;
    },
  };
}

export type CreativeWorld = Awaited<ReturnType<typeof creativeWorld>>;
