/**
 * The Meta side of media and creatives (META-API.md "Images", "Video"), behind one port so
 * the ingest and the creative service are tested with a fake; the adapter
 * (`graph-meta-media.ts`) sends it through THE Graph client: images multipart to
 * `/act_{id}/adimages`, video chunks to the video host's `/act_{id}/advideos`.
 */

export interface MediaCall {
  accessToken: string;
  /** Our id of the token (names its rate-limit bucket), never the token. */
  tokenId: string;
  /** `act_…` */
  adAccountId: string;
  signal?: AbortSignal;
}

export interface VideoSession {
  videoId: string;
  uploadSessionId: string;
  startOffset: number;
  endOffset: number;
}

/** What Meta answered a transfer: the next range it wants (start = end = size when done). */
export type ChunkAnswer =
  | { kind: 'accepted'; startOffset: number; endOffset: number }
  /** 6001 / 1363037: Meta expected another offset; resume from the range it names. */
  | { kind: 'wrong_offset'; startOffset: number; endOffset: number };

/** What Meta answered `upload_phase=finish`. */
export type FinishAnswer =
  | { kind: 'finished' }
  /** 6001 with offsets in `error_data`: Meta holds fewer bytes than sent; send from `startOffset`. */
  | { kind: 'incomplete'; startOffset: number; endOffset: number };

export type VideoProcessing =
  /** `uploading`: Meta still assembles the chunks (its `upload` status): not finished yet. */
  | { status: 'processing'; progressPct?: number; uploading?: boolean }
  | { status: 'ready' }
  /** Final: Meta could not process the video (`error`) or dropped the session (`expired`). */
  | { status: 'failed'; reason: string };

/** `object_story_spec` and the rest of an `/act_{id}/adcreatives` create, Meta's names. */
export type CreativeParams = Record<string, unknown>;

export interface MetaMedia {
  /** `POST /act_{id}/adimages` multipart; the hash of the first (only) image Meta lists. */
  uploadImage(
    call: MediaCall,
    image: { fileName: string; contentType: string; bytes: Uint8Array },
  ): Promise<{ hash: string }>;
  /** `upload_phase=start` with `file_size`. */
  startVideo(call: MediaCall, fileSize: number): Promise<VideoSession>;
  /** `upload_phase=transfer`: `chunk` holds the bytes from `startOffset`. */
  transferVideoChunk(
    call: MediaCall,
    session: { uploadSessionId: string; startOffset: number },
    chunk: Uint8Array,
  ): Promise<ChunkAnswer>;
  /** `upload_phase=finish`; an upload Meta holds incomplete answers the range it wants next. */
  finishVideo(call: MediaCall, session: { uploadSessionId: string; title?: string }): Promise<FinishAnswer>;
  /** `GET /{video_id}?fields=status`. */
  videoProcessing(call: MediaCall, videoId: string): Promise<VideoProcessing>;
  /** The preferred generated thumbnail's URL (`/{video_id}/thumbnails`), if Meta has one. */
  videoThumbnailUrl(call: MediaCall, videoId: string): Promise<string | undefined>;
  /** `POST /act_{id}/adcreatives`; `marker` goes into `adlabels` so a lost answer can be found. */
  createCreative(call: MediaCall, params: CreativeParams, marker: string): Promise<{ id: string }>;
  /** Deletes the marker label from a reconciled creative (an ad account holds ≤ 100 000 labels). */
  removeCreativeMarker(call: MediaCall, creativeId: string, marker: string): Promise<number>;
  /** The creative carrying `marker`, if a create whose answer was lost did apply. */
  findCreativeByMarker(call: MediaCall, marker: string): Promise<{ id: string } | undefined>;
}
