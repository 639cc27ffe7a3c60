import { IdList } from './id-list';
import type { CreativeRecord, ImageRecord, VideoRecord, VideoStatus } from './media-records';

/** Meta's default chunk: `start` answers `end_offset` this far in. */
export const DEFAULT_VIDEO_CHUNK_BYTES = 4 * 1024 * 1024;
/** How long a finished video reads `processing` before `ready`. */
export const DEFAULT_VIDEO_PROCESSING_MS = 1000;

interface AccountMedia {
  images: IdList;
  videos: IdList;
  creatives: IdList;
}

/** Images, videos (with their upload sessions) and creatives of every ad account. */
export class MediaStore {
  /** By `{adAccountId}:{hash}`: the same bytes in two accounts are two images. */
  readonly images = new Map<string, ImageRecord>();
  readonly videos = new Map<string, VideoRecord>();
  readonly videoBySession = new Map<string, string>();
  readonly creatives = new Map<string, CreativeRecord>();
  private readonly accounts = new Map<string, AccountMedia>();

  chunkBytes = DEFAULT_VIDEO_CHUNK_BYTES;
  processingMs = DEFAULT_VIDEO_PROCESSING_MS;

  account(adAccountId: string): AccountMedia {
    let media = this.accounts.get(adAccountId);
    if (!media) {
      media = { images: new IdList(), videos: new IdList(), creatives: new IdList() };
      this.accounts.set(adAccountId, media);
    }
    return media;
  }

  image(adAccountId: string, hash: string): ImageRecord | undefined {
    return this.images.get(`${adAccountId}:${hash}`);
  }

  addImage(record: ImageRecord): void {
    const key = `${record.adAccountId}:${record.hash}`;
    if (!this.images.has(key)) this.account(record.adAccountId).images.add(record.hash);
    this.images.set(key, record);
  }

  addVideo(record: VideoRecord): void {
    this.videos.set(record.id, record);
    this.videoBySession.set(record.uploadSessionId, record.id);
    this.account(record.adAccountId).videos.add(record.id);
  }

  videoOfSession(uploadSessionId: string): VideoRecord | undefined {
    const id = this.videoBySession.get(uploadSessionId);
    return id === undefined ? undefined : this.videos.get(id);
  }

  addCreative(record: CreativeRecord): void {
    this.creatives.set(record.id, record);
    this.account(record.adAccountId).creatives.add(record.id);
  }

  /** The ad account of a video or creative id. */
  adAccountOf(id: string): string | undefined {
    return (this.videos.get(id) ?? this.creatives.get(id))?.adAccountId;
  }
}

/** Where a video stands now: forced by a test, uploading, processing until its time, ready. */
export function videoStatusOf(video: VideoRecord, nowMs: number): VideoStatus {
  if (video.forcedStatus) return video.forcedStatus;
  if (video.readyAtMs === undefined) return 'upload';
  return nowMs < video.readyAtMs ? 'processing' : 'ready';
}

/** 0–100 through processing (Meta's `processing_progress`). */
export function processingProgressOf(video: VideoRecord, nowMs: number, processingMs: number): number {
  const status = videoStatusOf(video, nowMs);
  if (status === 'ready') return 100;
  if (status !== 'processing' || video.readyAtMs === undefined || processingMs <= 0) return 0;
  const elapsed = processingMs - (video.readyAtMs - nowMs);
  return Math.max(0, Math.min(99, Math.floor((elapsed / processingMs) * 100)));
}
