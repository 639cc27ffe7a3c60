import { applyLabels, planLabels } from './ad-labels';
import { requiredParameter } from './ad-object-errors';
import { jsonArrayParam, jsonObjectParam, stringParam } from './ad-object-params';
import { type PageLink, pagedBody, readPageRequest, slicePage } from './edge-paging';
import { invalidParameter } from './graph-error';
import { IdList } from './id-list';
import {
  carouselCardCount,
  objectStorySpecInvalid,
  pageNotUsable,
  unknownImageHash,
  unknownVideo,
  videoNotReady,
} from './media-errors';
import type { CreativeRecord } from './media-records';
import { videoStatusOf } from './media-store';
import type { Principal } from './principal';
import { jsonResponse, type SimResponse } from './sim-response';
import type { GraphCall, SimulatorCore } from './simulator-core';

type Spec = Record<string, unknown>;

function objectAt(spec: Spec, key: string): Spec | undefined {
  const value = spec[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw objectStorySpecInvalid(`object_story_spec[${key}] must be an object.`);
  return value as Spec;
}

function textAt(spec: Spec, key: string): string | undefined {
  const value = spec[key];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** What a creative may name: images of the account's library, ready videos of the account. */
class MediaRefs {
  constructor(
    private readonly core: SimulatorCore,
    private readonly adAccountId: string,
  ) {}

  image(hash: string): void {
    if (!this.core.world.media.image(this.adAccountId, hash)) throw unknownImageHash(hash);
  }

  video(videoId: string): void {
    const video = this.core.world.media.videos.get(videoId);
    if (!video || video.adAccountId !== this.adAccountId) throw unknownVideo(videoId);
    if (videoStatusOf(video, this.core.nowMs()) !== 'ready') throw videoNotReady(videoId);
  }
}

function checkCard(card: Spec, index: number, refs: MediaRefs): void {
  if (!textAt(card, 'link')) throw objectStorySpecInvalid(`child_attachments[${index}] needs a link.`);
  const hash = textAt(card, 'image_hash');
  const videoId = textAt(card, 'video_id');
  if (!hash && !videoId && !textAt(card, 'picture'))
    throw objectStorySpecInvalid(`child_attachments[${index}] needs an image_hash, a picture or a video_id.`);
  if (hash) refs.image(hash);
  if (videoId) refs.video(videoId);
}

function checkLinkData(link: Spec, refs: MediaRefs): void {
  if (!textAt(link, 'link')) throw objectStorySpecInvalid('object_story_spec[link_data] needs a link.');
  const hash = textAt(link, 'image_hash');
  if (hash) refs.image(hash);
  const cards = link.child_attachments;
  if (cards === undefined) return;
  if (!Array.isArray(cards)) throw objectStorySpecInvalid('child_attachments must be an array.');
  if (cards.length < 2 || cards.length > 10) throw carouselCardCount(cards.length);
  cards.forEach((card, index) => {
    if (typeof card !== 'object' || card === null)
      throw objectStorySpecInvalid('Each child attachment must be an object.');
    checkCard(card as Spec, index, refs);
  });
}

function checkVideoData(video: Spec, refs: MediaRefs): void {
  const videoId = textAt(video, 'video_id');
  if (!videoId) throw objectStorySpecInvalid('object_story_spec[video_data] needs a video_id.');
  refs.video(videoId);
  const hash = textAt(video, 'image_hash');
  if (!hash && !textAt(video, 'image_url'))
    throw objectStorySpecInvalid('object_story_spec[video_data] needs a thumbnail: image_url or image_hash.');
  if (hash) refs.image(hash);
}

/**
 * Meta's checks of an `object_story_spec`: a page the caller may advertise for, then either
 * `link_data` (a link; its image hash in the account; 2–10 carousel cards, each with a link and
 * an image or a ready video) or `video_data` (a ready video of the account and a thumbnail).
 */
export function checkObjectStorySpec(
  core: SimulatorCore,
  principal: Principal,
  adAccountId: string,
  spec: Spec,
): void {
  const pageId = textAt(spec, 'page_id');
  if (!pageId) throw requiredParameter('object_story_spec[page_id]');
  const reach = core.world.reachOf(principal.user?.id ?? '');
  if (!core.world.pages.has(pageId) || !reach.pages.has(pageId)) throw pageNotUsable(pageId);
  const refs = new MediaRefs(core, adAccountId);
  const link = objectAt(spec, 'link_data');
  const video = objectAt(spec, 'video_data');
  if (!link && !video) throw objectStorySpecInvalid('object_story_spec needs link_data or video_data.');
  if (link) checkLinkData(link, refs);
  if (video) checkVideoData(video, refs);
}

/** `POST /act_{id}/adcreatives` `name`, `object_story_spec`, `adlabels?` → `{id}`. */
export function createCreative(
  core: SimulatorCore,
  call: GraphCall,
  principal: Principal,
  adAccountId: string,
): SimResponse {
  const spec = jsonObjectParam(call.params, 'object_story_spec');
  if (spec === undefined) throw requiredParameter('object_story_spec');
  checkObjectStorySpec(core, principal, adAccountId, spec);
  const labels = planLabels(core.world.adObjects, adAccountId, call.params);
  const now = core.nowMs();
  const record: CreativeRecord = {
    id: core.world.nextId(),
    adAccountId,
    name: stringParam(call.params, 'name') ?? `Creative ${now}`,
    objectStorySpec: spec,
    labelIds: new IdList(),
    createdMs: now,
  };
  for (const id of applyLabels(core.world, adAccountId, labels, now)) record.labelIds.add(id);
  core.world.media.addCreative(record);
  return jsonResponse(200, { id: record.id });
}

/** Every field a creative read can select, by Meta's names. */
export function creativeFields(core: SimulatorCore, creative: CreativeRecord): Record<string, unknown> {
  const link = creative.objectStorySpec.link_data as Spec | undefined;
  const video = creative.objectStorySpec.video_data as Spec | undefined;
  const labels = creative.labelIds
    .values()
    .map((id) => core.world.adObjects.labels.get(id))
    .filter((label) => label !== undefined)
    .map((label) => ({ id: label.id, name: label.name }));
  return {
    id: creative.id,
    account_id: creative.adAccountId.replace(/^act_/, ''),
    name: creative.name,
    status: 'ACTIVE',
    object_story_spec: creative.objectStorySpec,
    adlabels: labels,
    ...(typeof link?.image_hash === 'string' ? { image_hash: link.image_hash } : {}),
    ...(typeof video?.video_id === 'string' ? { video_id: video.video_id } : {}),
    object_type: video ? 'VIDEO' : 'SHARE',
  };
}

type Predicate = (creative: CreativeRecord) => boolean;

function creativePredicate(core: SimulatorCore, item: unknown): Predicate {
  if (typeof item !== 'object' || item === null)
    throw invalidParameter('(#100) Param filtering must be an array of objects');
  const { field, operator: rawOperator, value } = item as Record<string, unknown>;
  const operator = typeof rawOperator === 'string' ? rawOperator.toUpperCase() : '';
  const values = (Array.isArray(value) ? value : [value]).map(String);
  const unsupported = () =>
    invalidParameter(`(#100) Filtering field ${String(field)} with operation ${operator} is not supported`);
  if (field === 'adlabels') {
    const hits = (creative: CreativeRecord) =>
      values.map((v) =>
        creative.labelIds.values().some((id) => id === v || core.world.adObjects.labels.get(id)?.name === v),
      );
    if (operator === 'ANY') return (c) => hits(c).some(Boolean);
    if (operator === 'ALL') return (c) => hits(c).every(Boolean);
    if (operator === 'NONE') return (c) => !hits(c).some(Boolean);
    throw unsupported();
  }
  if (field === 'id' && (operator === 'IN' || operator === 'EQUAL')) return (c) => values.includes(c.id);
  if (field === 'name' && operator === 'EQUAL') return (c) => c.name === values[0];
  if (field === 'name' && operator === 'CONTAIN')
    return (c) => c.name.toLowerCase().includes((values[0] ?? '').toLowerCase());
  throw unsupported();
}

/** `GET /act_{id}/adcreatives` with `filtering` on adlabels, id or name; paged like every edge. */
export function listCreatives(
  core: SimulatorCore,
  call: GraphCall,
  adAccountId: string,
  select: (fields: Record<string, unknown>) => Record<string, unknown>,
  link: PageLink,
): SimResponse {
  const predicates = (jsonArrayParam(call.params, 'filtering') ?? []).map((item) =>
    creativePredicate(core, item),
  );
  const media = core.world.media;
  const list = new IdList();
  for (const id of media.account(adAccountId).creatives.values()) {
    const creative = media.creatives.get(id);
    if (creative && predicates.every((p) => p(creative))) list.add(id);
  }
  const request = readPageRequest(call.params);
  const slice = slicePage(list, request);
  const data = slice.ids
    .map((id) => media.creatives.get(id))
    .filter((creative) => creative !== undefined)
    .map((creative) => select(creativeFields(core, creative)));
  return jsonResponse(200, pagedBody(data, slice, request, link));
}
