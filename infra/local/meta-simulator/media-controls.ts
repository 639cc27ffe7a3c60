import type { MediaStore } from './media-store';
import { videoStatusOf } from './media-store';
import type { AdAccountMedia, MediaOptions } from './types';
import type { World } from './world';

/** The media library of an ad account as tests read it; undefined for an unknown account. */
export function adAccountMedia(world: World, adAccountId: string, nowMs: number): AdAccountMedia | undefined {
  if (!world.adAccounts.has(adAccountId)) return undefined;
  const media = world.media;
  const account = media.account(adAccountId);
  return {
    images: account.images
      .values()
      .map((hash) => media.image(adAccountId, hash))
      .filter((image) => image !== undefined)
      .map(({ hash, name, url, bytes, width, height }) => ({
        hash,
        name,
        url,
        bytes,
        ...(width === undefined ? {} : { width }),
        ...(height === undefined ? {} : { height }),
      })),
    videos: account.videos
      .values()
      .map((id) => media.videos.get(id))
      .filter((video) => video !== undefined)
      .map((video) => ({
        id: video.id,
        uploadSessionId: video.uploadSessionId,
        status: videoStatusOf(video, nowMs),
        fileSize: video.fileSize,
        receivedBytes: video.receivedBytes,
        transferCalls: video.transferCalls,
        bytesReceivedTotal: video.bytesReceivedTotal,
        chunkBytes: video.chunkBytes,
        ...(video.crc32Hex === undefined ? {} : { crc32: video.crc32Hex }),
        ...(video.title === undefined ? {} : { title: video.title }),
      })),
    creatives: account.creatives
      .values()
      .map((id) => media.creatives.get(id))
      .filter((creative) => creative !== undefined)
      .map((creative) => ({
        id: creative.id,
        name: creative.name,
        objectStorySpec: creative.objectStorySpec,
        adlabels: creative.labelIds
          .values()
          .map((id) => world.adObjects.labels.get(id)?.name)
          .filter((name) => name !== undefined),
      })),
  };
}

/** Forces the end of a video's processing; false for an unknown video. */
export function forceVideoStatus(media: MediaStore, videoId: string, status: 'ready' | 'error'): boolean {
  const video = media.videos.get(videoId);
  if (!video) return false;
  video.forcedStatus = status;
  return true;
}

export function applyMediaOptions(media: MediaStore, options: MediaOptions): void {
  if (options.chunkBytes !== undefined) media.chunkBytes = options.chunkBytes;
  if (options.processingMs !== undefined) media.processingMs = options.processingMs;
}
