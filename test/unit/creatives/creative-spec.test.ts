import { type CreateCreativeRequest, createCreativeRequest } from '../../../shared/contracts/creatives';
import {
  type BriefFields,
  checkCreative,
  creativeParams,
  type MetaMediaRef,
  mergeBrief,
  uploadIdsOf,
  uploadNeeds,
} from '../../../shared/domain/creative-spec';
import { ValidationError } from '../../../shared/platform/errors';

const up = (n: number) => `upl_${n.toString(16).padStart(24, '0')}`;
const PAGE = '1000000001';
const LINK = 'https://shop.example/spring';

const request = (fields: Partial<CreateCreativeRequest>): CreateCreativeRequest =>
  createCreativeRequest.parse({ name: 'Spring', pageId: PAGE, format: 'image', ...fields });

const brief: BriefFields = {
  message: 'From the brief',
  headline: 'Brief headline',
  link: 'https://brief.example/landing',
  callToAction: 'LEARN_MORE',
  uploadIds: [up(1), up(2), up(3)],
};

const media = new Map<string, MetaMediaRef>([
  [up(1), { kind: 'image', imageHash: 'hash-1' }],
  [up(2), { kind: 'image', imageHash: 'hash-2' }],
  [up(3), { kind: 'image', imageHash: 'hash-3' }],
  [up(7), { kind: 'video', videoId: '90007', thumbnail: { imageUrl: 'https://cdn.example/t7.jpg' } }],
  [up(8), { kind: 'video', videoId: '90008', thumbnail: { imageHash: 'hash-thumb' } }],
]);

const cards = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ uploadId: up(i + 1), link: `${LINK}/${i}`, headline: `Card ${i}` }));

describe('mergeBrief + checkCreative + creativeParams: what Meta is asked to make', () => {
  it.each<[string, Partial<CreateCreativeRequest>, BriefFields | undefined, Record<string, unknown>]>([
    [
      'an image: link_data with the hash, the headline as name and the call to action linking',
      { uploadId: up(1), link: LINK, message: 'Hello', headline: 'New in', callToAction: 'SHOP_NOW' },
      undefined,
      {
        name: 'Spring',
        object_story_spec: {
          page_id: PAGE,
          link_data: {
            image_hash: 'hash-1',
            link: LINK,
            message: 'Hello',
            name: 'New in',
            call_to_action: { type: 'SHOP_NOW', value: { link: LINK } },
          },
        },
      },
    ],
    [
      'a video with its own thumbnail: video_data with the image hash and the headline as title',
      { format: 'video', uploadId: up(8), thumbnailUploadId: up(1), link: LINK, headline: 'Watch' },
      undefined,
      {
        name: 'Spring',
        object_story_spec: {
          page_id: PAGE,
          video_data: {
            video_id: '90008',
            image_hash: 'hash-thumb',
            title: 'Watch',
            call_to_action: { type: 'LEARN_MORE', value: { link: LINK } },
          },
        },
      },
    ],
    [
      "a video with Meta's thumbnail: image_url; its link rides in the call to action",
      { format: 'video', uploadId: up(7), link: LINK, message: 'Go', callToAction: 'WATCH_MORE' },
      undefined,
      {
        name: 'Spring',
        object_story_spec: {
          page_id: PAGE,
          video_data: {
            video_id: '90007',
            image_url: 'https://cdn.example/t7.jpg',
            message: 'Go',
            call_to_action: { type: 'WATCH_MORE', value: { link: LINK } },
          },
        },
      },
    ],
    [
      'a carousel of 3 cards: child_attachments each with its link, hash, name and call to action',
      { format: 'carousel', cards: cards(3), link: LINK, callToAction: 'SHOP_NOW' },
      undefined,
      {
        name: 'Spring',
        object_story_spec: {
          page_id: PAGE,
          link_data: {
            link: LINK,
            child_attachments: [0, 1, 2].map((i) => ({
              link: `${LINK}/${i}`,
              image_hash: `hash-${i + 1}`,
              name: `Card ${i}`,
              call_to_action: { type: 'SHOP_NOW', value: { link: `${LINK}/${i}` } },
            })),
          },
        },
      },
    ],
    [
      "a carousel with a video card: video_id with the thumbnail as picture; a card without a headline takes the carousel's",
      {
        format: 'carousel',
        headline: 'Spring looks',
        cards: [
          { uploadId: up(1), link: LINK, headline: 'Own' },
          { uploadId: up(7), link: LINK },
        ],
      },
      undefined,
      {
        name: 'Spring',
        object_story_spec: {
          page_id: PAGE,
          link_data: {
            link: LINK,
            child_attachments: [
              { link: LINK, image_hash: 'hash-1', name: 'Own' },
              { link: LINK, video_id: '90007', picture: 'https://cdn.example/t7.jpg', name: 'Spring looks' },
            ],
          },
        },
      },
    ],
    [
      "an image from a brief: the brief's first upload and link; the body's message overrides",
      { message: 'From the body' },
      brief,
      {
        name: 'Spring',
        object_story_spec: {
          page_id: PAGE,
          link_data: {
            image_hash: 'hash-1',
            link: 'https://brief.example/landing',
            message: 'From the body',
            name: 'Brief headline',
            call_to_action: { type: 'LEARN_MORE', value: { link: 'https://brief.example/landing' } },
          },
        },
      },
    ],
    [
      'a carousel from a brief: every upload a card with the merged link and headline',
      { format: 'carousel', headline: 'Body headline', callToAction: 'SIGN_UP' },
      brief,
      {
        name: 'Spring',
        object_story_spec: {
          page_id: PAGE,
          link_data: {
            link: 'https://brief.example/landing',
            message: 'From the brief',
            child_attachments: [1, 2, 3].map((n) => ({
              link: 'https://brief.example/landing',
              image_hash: `hash-${n}`,
              name: 'Body headline',
              call_to_action: { type: 'SIGN_UP', value: { link: 'https://brief.example/landing' } },
            })),
          },
        },
      },
    ],
  ])('%s', (_name, fields, fromBrief, params) => {
    const spec = checkCreative(mergeBrief(request(fields), fromBrief));
    expect(creativeParams(spec, media)).toEqual(params);
  });

  it.each<[string, string, Partial<CreateCreativeRequest>, BriefFields | undefined]>([
    ['an image without an upload', 'uploadId', { link: LINK }, undefined],
    ['an image without a link', 'link', { uploadId: up(1) }, undefined],
    [
      'a video without a link (the brief has none)',
      'link',
      { format: 'video', uploadId: up(7) },
      { uploadIds: [] },
    ],
    [
      'an image with a thumbnail',
      'thumbnailUploadId',
      { uploadId: up(1), link: LINK, thumbnailUploadId: up(2) },
      undefined,
    ],
    ['an image with cards', 'cards', { uploadId: up(1), link: LINK, cards: cards(2) }, undefined],
    ['a carousel of 1 card', 'cards', { format: 'carousel', cards: cards(1) }, undefined],
    ['a carousel without cards', 'cards', { format: 'carousel', link: LINK }, undefined],
    [
      'a carousel with an uploadId',
      'uploadId',
      { format: 'carousel', uploadId: up(1), cards: cards(2) },
      undefined,
    ],
    [
      'a carousel from a brief without a link',
      'cards.0.link',
      { format: 'carousel' },
      { uploadIds: [up(1), up(2)] },
    ],
  ])('%s → 400 naming %s', (_name, field, fields, fromBrief) => {
    let thrown: unknown;
    try {
      checkCreative(mergeBrief(request(fields), fromBrief));
    } catch (err: unknown) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).details).toEqual([
      expect.objectContaining({ in: 'body', path: field }),
    ]);
  });

  it('refuses a carousel of 11 cards (the schema stops a body; the check stops any other way in)', () => {
    expect(
      createCreativeRequest.safeParse({ name: 'S', pageId: PAGE, format: 'carousel', cards: cards(11) })
        .success,
    ).toBe(false);
    const eleven = { ...request({ format: 'carousel' }), cards: cards(11) };
    expect(() => checkCreative(eleven)).toThrow(/cards must hold 2 to 10 cards \(got 11\)/);
  });

  it("takes a carousel's link from its first card when the body gives none", () => {
    const spec = checkCreative(mergeBrief(request({ format: 'carousel', cards: cards(2) }), undefined));
    expect(spec).toMatchObject({ format: 'carousel', link: `${LINK}/0` });
  });

  it('names the uploads a spec needs, with the kinds each field takes', () => {
    const video = checkCreative(
      mergeBrief(
        request({ format: 'video', uploadId: up(7), thumbnailUploadId: up(1), link: LINK }),
        undefined,
      ),
    );
    expect(uploadNeeds(video)).toEqual([
      { field: 'uploadId', uploadId: up(7), kinds: ['video'] },
      { field: 'thumbnailUploadId', uploadId: up(1), kinds: ['image'] },
    ]);
    const carousel = checkCreative(
      mergeBrief(
        request({ format: 'carousel', cards: [...cards(2), { uploadId: up(1), link: LINK }] }),
        undefined,
      ),
    );
    expect(uploadNeeds(carousel).map((need) => need.field)).toEqual([
      'cards.0.uploadId',
      'cards.1.uploadId',
      'cards.2.uploadId',
    ]);
    expect(uploadIdsOf(carousel)).toEqual([up(1), up(2)]);
  });
});
