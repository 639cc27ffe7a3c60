import type { IdList } from './id-list';

/** An image of an ad account's library (`/act_{id}/adimages`), keyed by its hash. */
export interface ImageRecord {
  hash: string;
  adAccountId: string;
  /** The key Meta answered under: the file name, or `bytes`. */
  name: string;
  url: string;
  bytes: number;
  width?: number;
  height?: number;
  createdMs: number;
}

/** What a test forces a video to end as (`POST /__sim/videos/{id}/status`). */
export type ForcedVideoStatus = 'ready' | 'error';

/**
 * A video of a resumable upload. Only a running CRC-32 and the length are kept, not the bytes, so
 * a 200 MB upload does not sit in the simulator's memory.
 */
export interface VideoRecord {
  id: string;
  adAccountId: string;
  uploadSessionId: string;
  fileSize: number;
  /** Bytes accepted in order: the next chunk starts here. */
  receivedBytes: number;
  /** CRC-32 of the bytes accepted so far (cheap enough not to weigh on a 200 MB upload). */
  crc32: number;
  /** Set at finish: the hex CRC-32 of the whole file. */
  crc32Hex?: string;
  /** Transfer calls accepted, and every byte received by any transfer (re-sent ones too). */
  transferCalls: number;
  bytesReceivedTotal: number;
  /** The chunk size this session was started with. */
  chunkBytes: number;
  title?: string;
  finishedMs?: number;
  /** When processing ends (finish + the processing delay). */
  readyAtMs?: number;
  forcedStatus?: ForcedVideoStatus;
  createdMs: number;
}

export type VideoStatus = 'upload' | 'processing' | 'ready' | 'error';

/** An ad creative (`/act_{id}/adcreatives`); Meta's creatives are immutable. */
export interface CreativeRecord {
  id: string;
  adAccountId: string;
  name: string;
  objectStorySpec: Record<string, unknown>;
  labelIds: IdList;
  createdMs: number;
}
