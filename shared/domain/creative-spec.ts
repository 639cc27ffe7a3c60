import {
  type CALL_TO_ACTION_TYPES,
  type CreateCreativeRequest,
  MAX_CAROUSEL_CARDS,
  MIN_CAROUSEL_CARDS,
} from '../contracts/creatives';
import { fieldError } from './field-error';
import type { UploadKind } from './upload';

export type CallToActionType = (typeof CALL_TO_ACTION_TYPES)[number];
export type CreativeFormat = CreateCreativeRequest['format'];

/** What a brief lends a creative (DESIGN §5 "Brief"). */
export interface BriefFields {
  message?: string;
  headline?: string;
  link?: string;
  callToAction?: CallToActionType;
  uploadIds: string[];
}

export interface CardSpec {
  uploadId: string;
  link: string;
  headline?: string;
}

interface CommonSpec {
  name: string;
  pageId: string;
  message?: string;
  headline?: string;
  callToAction?: CallToActionType;
}

/** A creative checked for its format, the brief merged in: what Meta is asked to make. */
export type CreativeSpec =
  | (CommonSpec & { format: 'image'; uploadId: string; link: string })
  | (CommonSpec & { format: 'video'; uploadId: string; link: string; thumbnailUploadId?: string })
  | (CommonSpec & { format: 'carousel'; link: string; cards: CardSpec[] });

/** A card as merged, before the check: a brief's card may lack a link. */
interface DraftCard {
  uploadId: string;
  link?: string;
  headline?: string;
}

type Draft = Omit<CreateCreativeRequest, 'cards' | 'briefId'> & { cards?: DraftCard[] };

/**
 * The request with the brief merged in (DESIGN §5): the body's fields override the brief's; an
 * image or video without `uploadId` takes the brief's first upload, a carousel without cards
 * takes every upload of the brief as a card carrying the (merged) link and headline.
 */
export function mergeBrief(request: CreateCreativeRequest, brief: BriefFields | undefined): Draft {
  const { briefId: _briefId, ...body } = request;
  if (!brief) return body;
  const message = body.message ?? brief.message;
  const headline = body.headline ?? brief.headline;
  const link = body.link ?? brief.link;
  const callToAction = body.callToAction ?? brief.callToAction;
  const merged: Draft = {
    ...body,
    ...(message === undefined ? {} : { message }),
    ...(headline === undefined ? {} : { headline }),
    ...(link === undefined ? {} : { link }),
    ...(callToAction === undefined ? {} : { callToAction }),
  };
  const first = brief.uploadIds[0];
  if (body.format !== 'carousel' && merged.uploadId === undefined && first !== undefined) {
    merged.uploadId = first;
  }
  if (body.format === 'carousel' && merged.cards === undefined && brief.uploadIds.length > 0) {
    merged.cards = brief.uploadIds.map((uploadId) => ({
      uploadId,
      ...(link === undefined ? {} : { link }),
      ...(headline === undefined ? {} : { headline }),
    }));
  }
  return merged;
}

/**
 * What each format needs, checked before anything is read or sent: an image or video needs an
 * upload and a link; a carousel 2–10 cards, each with a link (its own link is the carousel's
 * unless one is given). A field of another format is refused rather than ignored. Each
 * failure is a 400 naming the field.
 */
export function checkCreative(draft: Draft): CreativeSpec {
  const common: CommonSpec = {
    name: draft.name,
    pageId: draft.pageId,
    ...(draft.message === undefined ? {} : { message: draft.message }),
    ...(draft.headline === undefined ? {} : { headline: draft.headline }),
    ...(draft.callToAction === undefined ? {} : { callToAction: draft.callToAction }),
  };
  if (draft.format === 'carousel') return checkCarousel(draft, common);
  if (draft.cards !== undefined) throw fieldError('cards', 'are for a carousel only');
  if (draft.format === 'image' && draft.thumbnailUploadId !== undefined) {
    throw fieldError('thumbnailUploadId', 'is for a video only');
  }
  if (draft.uploadId === undefined) {
    throw fieldError(
      'uploadId',
      `is required for ${article(draft.format)} creative (or a brief with uploads)`,
    );
  }
  if (draft.link === undefined) {
    throw fieldError('link', `is required for ${article(draft.format)} creative (or a brief with a link)`);
  }
  if (draft.format === 'image')
    return { ...common, format: 'image', uploadId: draft.uploadId, link: draft.link };
  return {
    ...common,
    format: 'video',
    uploadId: draft.uploadId,
    link: draft.link,
    ...(draft.thumbnailUploadId === undefined ? {} : { thumbnailUploadId: draft.thumbnailUploadId }),
  };
}

function checkCarousel(draft: Draft, common: CommonSpec): CreativeSpec {
  if (draft.uploadId !== undefined) throw fieldError('uploadId', 'is not for a carousel: give cards');
  if (draft.thumbnailUploadId !== undefined) throw fieldError('thumbnailUploadId', 'is for a video only');
  const drafts = draft.cards ?? [];
  if (drafts.length < MIN_CAROUSEL_CARDS || drafts.length > MAX_CAROUSEL_CARDS) {
    throw fieldError(
      'cards',
      `must hold ${MIN_CAROUSEL_CARDS} to ${MAX_CAROUSEL_CARDS} cards (got ${drafts.length})`,
    );
  }
  const cards = drafts.map((card, index): CardSpec => {
    const link = card.link ?? draft.link;
    if (link === undefined)
      throw fieldError(`cards.${index}.link`, 'is required (or a link for the carousel)');
    // A card without its own headline shows the carousel's, as a card without a link takes its link.
    const headline = card.headline ?? draft.headline;
    return { uploadId: card.uploadId, link, ...(headline === undefined ? {} : { headline }) };
  });
  const link = draft.link ?? cards[0]?.link ?? '';
  return { ...common, format: 'carousel', link, cards };
}

function article(format: 'image' | 'video'): string {
  return format === 'image' ? 'an image' : 'a video';
}

/** An upload a creative refers to, with the body field that names it and the kinds it may be. */
export interface UploadNeed {
  field: string;
  uploadId: string;
  kinds: readonly UploadKind[];
}

/** Every upload `spec` uses, in field order (a thumbnail must be an image; a card either). */
export function uploadNeeds(spec: CreativeSpec): UploadNeed[] {
  switch (spec.format) {
    case 'image':
      return [{ field: 'uploadId', uploadId: spec.uploadId, kinds: ['image'] }];
    case 'video':
      return [
        { field: 'uploadId', uploadId: spec.uploadId, kinds: ['video'] },
        ...(spec.thumbnailUploadId === undefined
          ? []
          : [{ field: 'thumbnailUploadId', uploadId: spec.thumbnailUploadId, kinds: ['image'] as const }]),
      ];
    case 'carousel':
      return spec.cards.map((card, index) => ({
        field: `cards.${index}.uploadId`,
        uploadId: card.uploadId,
        kinds: ['image', 'video'] as const,
      }));
  }
}

/** The distinct upload ids of a spec, in field order: what the creative record lists. */
export function uploadIdsOf(spec: CreativeSpec): string[] {
  return [...new Set(uploadNeeds(spec).map((need) => need.uploadId))];
}

/** An upload as Meta knows it: an image by its hash, a video by its id and a thumbnail. */
export type MetaMediaRef =
  | { kind: 'image'; imageHash: string }
  | { kind: 'video'; videoId: string; thumbnail: VideoThumbnail };

/** A video's cover: an uploaded image (its hash) or Meta's generated thumbnail (its URL). */
export type VideoThumbnail = { imageHash: string } | { imageUrl: string };

/**
 * The `/act_{id}/adcreatives` params of `spec` (Meta's names): `link_data` for an image and
 * a carousel (`child_attachments`, one per card), `video_data` for a video. `media` maps each
 * upload id to what Meta knows it by; a video's `thumbnail` is its own (`thumbnailUploadId`)
 * or Meta's generated one. `video_data` has no link of its own: the link travels in its call
 * to action, so a video without one gets `LEARN_MORE`.
 */
export function creativeParams(
  spec: CreativeSpec,
  media: ReadonlyMap<string, MetaMediaRef>,
): Record<string, unknown> {
  const story = { page_id: spec.pageId };
  switch (spec.format) {
    case 'image': {
      const image = imageOf(media, spec.uploadId);
      return {
        name: spec.name,
        object_story_spec: {
          ...story,
          link_data: {
            image_hash: image.imageHash,
            link: spec.link,
            ...(spec.message === undefined ? {} : { message: spec.message }),
            ...(spec.headline === undefined ? {} : { name: spec.headline }),
            ...callToActionOf(spec.callToAction, spec.link),
          },
        },
      };
    }
    case 'video': {
      const video = videoOf(media, spec.uploadId);
      return {
        name: spec.name,
        object_story_spec: {
          ...story,
          video_data: {
            video_id: video.videoId,
            ...thumbnailParams(video.thumbnail, 'image_url'),
            ...(spec.headline === undefined ? {} : { title: spec.headline }),
            ...(spec.message === undefined ? {} : { message: spec.message }),
            ...callToActionOf(spec.callToAction ?? 'LEARN_MORE', spec.link),
          },
        },
      };
    }
    case 'carousel':
      return {
        name: spec.name,
        object_story_spec: {
          ...story,
          link_data: {
            link: spec.link,
            ...(spec.message === undefined ? {} : { message: spec.message }),
            child_attachments: spec.cards.map((card) => childAttachment(card, media, spec.callToAction)),
          },
        },
      };
  }
}

/** One carousel card; a video card's cover is `picture` (a URL) or `image_hash`. */
function childAttachment(
  card: CardSpec,
  media: ReadonlyMap<string, MetaMediaRef>,
  callToAction: CallToActionType | undefined,
): Record<string, unknown> {
  const ref = mediaOf(media, card.uploadId);
  return {
    link: card.link,
    ...(ref.kind === 'image'
      ? { image_hash: ref.imageHash }
      : { video_id: ref.videoId, ...thumbnailParams(ref.thumbnail, 'picture') }),
    ...(card.headline === undefined ? {} : { name: card.headline }),
    // Meta: a card's call to action must link where the card does.
    ...callToActionOf(callToAction, card.link),
  };
}

function callToActionOf(type: CallToActionType | undefined, link: string) {
  return type === undefined ? {} : { call_to_action: { type, value: { link } } };
}

function thumbnailParams(thumbnail: VideoThumbnail, urlField: 'image_url' | 'picture') {
  return 'imageHash' in thumbnail ? { image_hash: thumbnail.imageHash } : { [urlField]: thumbnail.imageUrl };
}

function mediaOf(media: ReadonlyMap<string, MetaMediaRef>, uploadId: string): MetaMediaRef {
  const ref = media.get(uploadId);
  if (!ref) throw new Error(`No Meta media for upload ${uploadId}`);
  return ref;
}

function imageOf(media: ReadonlyMap<string, MetaMediaRef>, uploadId: string) {
  const ref = mediaOf(media, uploadId);
  if (ref.kind !== 'image') throw new Error(`Upload ${uploadId} is not an image`);
  return ref;
}

function videoOf(media: ReadonlyMap<string, MetaMediaRef>, uploadId: string) {
  const ref = mediaOf(media, uploadId);
  if (ref.kind !== 'video') throw new Error(`Upload ${uploadId} is not a video`);
  return ref;
}
