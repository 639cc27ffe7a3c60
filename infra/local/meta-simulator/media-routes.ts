import { createCreative, creativeFields, listCreatives } from './ad-creatives';
import { writableAccount } from './ad-object-writes';
import { parseFields } from './field-selection';
import { nonexistingField, objectNotFound } from './graph-error';
import { linkAuthOf } from './graph-routes';
import { uploadImages } from './image-uploads';
import { readableAccount } from './media-access';
import type { VideoRecord } from './media-records';
import { processingProgressOf, videoStatusOf } from './media-store';
import type { Principal } from './principal';
import { jsonResponse, type SimResponse } from './sim-response';
import type { GraphCall, SimulatorCore } from './simulator-core';
import { resumableVideoUpload } from './video-uploads';

const THUMBNAILS = 3;

/** The top-level fields a read asks for (nested selections are answered whole); `defaults` without `fields`. */
function selector(
  params: URLSearchParams,
  nodeType: string,
  defaults: readonly string[],
): (all: Record<string, unknown>) => Record<string, unknown> {
  const text = params.get('fields')?.trim();
  const wanted = text ? [...parseFields(text).keys()] : [...defaults];
  return (all) => {
    const out: Record<string, unknown> = { id: all.id };
    for (const field of wanted) {
      if (!Object.hasOwn(all, field)) throw nonexistingField(field, nodeType);
      out[field] = all[field];
    }
    return out;
  };
}

function thumbnailUri(core: SimulatorCore, video: VideoRecord, index: number): string {
  return `${core.baseUrl}/media/${video.adAccountId}/${video.id}_thumb_${index}.jpg`;
}

function videoFields(core: SimulatorCore, video: VideoRecord): Record<string, unknown> {
  const now = core.nowMs();
  const status = videoStatusOf(video, now);
  const processing =
    status === 'upload'
      ? 'not_started'
      : status === 'processing'
        ? 'in_progress'
        : status === 'ready'
          ? 'complete'
          : 'error';
  return {
    id: video.id,
    title: video.title ?? '',
    created_time: new Date(video.createdMs).toISOString().replace(/\.\d{3}Z$/, '+0000'),
    status: {
      video_status: status,
      processing_progress: processingProgressOf(video, now, core.world.media.processingMs),
      uploading_phase: {
        status: video.receivedBytes < video.fileSize ? 'in_progress' : 'complete',
        bytes_transferred: video.receivedBytes,
      },
      processing_phase: {
        status: processing,
        ...(status === 'error'
          ? {
              errors: [
                {
                  code: 1363008,
                  message:
                    'The video could not be processed: its file is damaged or in a format Meta cannot read.',
                },
              ],
            }
          : {}),
      },
    },
    ...(status === 'ready' ? { picture: thumbnailUri(core, video, 0) } : {}),
  };
}

function thumbnails(core: SimulatorCore, video: VideoRecord): SimResponse {
  if (videoStatusOf(video, core.nowMs()) !== 'ready') return jsonResponse(200, { data: [] });
  const data = Array.from({ length: THUMBNAILS }, (_, index) => ({
    id: `${video.id}${index}`,
    uri: thumbnailUri(core, video, index),
    is_preferred: index === 0,
    width: 1280,
    height: 720,
    scale: 1,
  }));
  return jsonResponse(200, { data });
}

function adAccountMediaCall(
  core: SimulatorCore,
  call: GraphCall,
  principal: Principal,
  adAccountId: string,
  edge: string,
): SimResponse | undefined {
  if (call.method === 'POST') {
    if (edge !== 'adimages' && edge !== 'advideos' && edge !== 'adcreatives') return undefined;
    writableAccount(core, call, principal, adAccountId);
    if (edge === 'adimages') return uploadImages(core, call, adAccountId);
    if (edge === 'advideos') return resumableVideoUpload(core, call, adAccountId);
    return createCreative(core, call, principal, adAccountId);
  }
  if (call.method === 'GET' && edge === 'adcreatives') {
    readableAccount(core, call, principal, adAccountId);
    const linkParams = new URLSearchParams(call.params);
    for (const [name, value] of linkAuthOf(call)) linkParams.set(name, value);
    const link = { url: `${core.baseUrl}/${call.version}/${adAccountId}/adcreatives`, params: linkParams };
    return listCreatives(core, call, adAccountId, selector(call.params, 'AdCreative', []), link);
  }
  return undefined;
}

/**
 * The media surface: `POST /act_{id}/adimages|advideos|adcreatives`, `GET /act_{id}/adcreatives`,
 * `GET /{video_id}` (status), `GET /{video_id}/thumbnails` and `GET /{creative_id}`. A video or
 * creative of an account the caller does not reach answers as an unknown object. Undefined when
 * the call is none of these.
 */
export function handleMediaCall(
  core: SimulatorCore,
  call: GraphCall,
  principal: Principal,
): SimResponse | undefined {
  const [nodeSegment, edge, ...rest] = call.segments;
  if (nodeSegment === undefined || rest.length > 0) return undefined;
  if (nodeSegment.startsWith('act_') && edge !== undefined)
    return adAccountMediaCall(core, call, principal, nodeSegment, edge);
  const media = core.world.media;
  const adAccountId = media.adAccountOf(nodeSegment);
  if (adAccountId === undefined || call.method !== 'GET') return undefined;
  try {
    readableAccount(core, call, principal, adAccountId);
  } catch {
    throw objectNotFound(nodeSegment, call.method);
  }
  const video = media.videos.get(nodeSegment);
  if (video) {
    if (edge === 'thumbnails') return thumbnails(core, video);
    if (edge === undefined)
      return jsonResponse(200, selector(call.params, 'AdVideo', [])(videoFields(core, video)));
    return undefined;
  }
  const creative = media.creatives.get(nodeSegment);
  if (creative && edge === undefined)
    return jsonResponse(200, selector(call.params, 'AdCreative', [])(creativeFields(core, creative)));
  return undefined;
}
