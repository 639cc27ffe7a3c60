import * as z from 'zod';
import { listBody, listQuery } from './common';
import { dryRunBody, mutationQuery } from './dry-run';
import { defineRoute, type RouteContract } from './route-contract';
import { uploadIdSchema } from './upload-id';

/**
 * Uploads, creatives and creative briefs (DESIGN §5 "Uploads", "Creative", "Brief"). The
 * upload request's kind, type, extension and size are checked by `uploadRules` (422 naming
 * the field) rather than by this schema, so a wrong choice reads as a refusal a marketer
 * can act on, not as a malformed request.
 */

export const uploadStatuses = ['pending', 'validating', 'uploading', 'ready', 'rejected'] as const;
export type UploadStatus = (typeof uploadStatuses)[number];

export const briefIdSchema = z.string().regex(/^brf_[0-9a-f]{24}$/, 'must be a brief id (brf_…)');
const metaId = z.string().regex(/^\d{1,32}$/, "must be Meta's numeric id");

export const createUploadRequest = z
  .object({
    kind: z.string().min(1).describe('"image" (JPEG/PNG ≤ 8 MiB) or "video" (MP4/MOV ≤ 4 GiB)'),
    fileName: z.string().min(1).max(255),
    contentType: z.string().min(1).max(100),
    size: z.number().int().positive().describe('bytes; the file must be exactly this size'),
  })
  .meta({ id: 'CreateUpload' });
export type CreateUploadRequest = z.infer<typeof createUploadRequest>;

export const createdUploadBody = z
  .object({
    id: uploadIdSchema,
    /** A presigned POST: send `fields` then the file as `file`, multipart, to `url`. */
    upload: z.object({ url: z.string(), fields: z.record(z.string(), z.string()) }),
    expiresAt: z.string().describe('ISO-8601; a file not arrived by then is rejected ("expired")'),
  })
  .meta({ id: 'CreatedUpload' });

export const uploadBody = z
  .object({
    id: uploadIdSchema,
    kind: z.enum(['image', 'video']),
    status: z.enum(uploadStatuses),
    fileName: z.string(),
    contentType: z.string(),
    /** The declared size. */
    bytes: z.number().int(),
    /** Video bytes Meta has acknowledged so far. */
    sentBytes: z.number().int().optional(),
    reason: z.string().optional().describe('why it was rejected, for the marketer'),
    imageHash: z.string().optional(),
    videoId: z.string().optional(),
    width: z.number().int().optional(),
    height: z.number().int().optional(),
    adAccountId: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Upload' });

export const uploadParams = z.object({ id: uploadIdSchema });

export const createUploadRoute = defineRoute({
  method: 'POST',
  path: '/meta/creatives/uploads',
  summary: 'Start an upload: a presigned POST to the staging bucket (checked before it is signed)',
  auth: 'jwt',
  body: createUploadRequest,
  responses: { 201: createdUploadBody },
});

export const getUploadRoute = defineRoute({
  method: 'GET',
  path: '/meta/creatives/uploads/{id}',
  summary:
    'An upload: pending, validating, uploading (sentBytes), ready (imageHash/videoId) or rejected (reason)',
  auth: 'jwt',
  params: uploadParams,
  responses: { 200: uploadBody },
});

/** Meta's call-to-action types a creative may carry. */
export const CALL_TO_ACTION_TYPES = [
  'LEARN_MORE',
  'SHOP_NOW',
  'SIGN_UP',
  'SUBSCRIBE',
  'DOWNLOAD',
  'GET_OFFER',
  'BOOK_TRAVEL',
  'CONTACT_US',
  'APPLY_NOW',
  'ORDER_NOW',
  'WATCH_MORE',
  'NO_BUTTON',
] as const;

const httpsLink = z.url({ protocol: /^https?$/ }).max(2048);
const callToAction = z.enum(CALL_TO_ACTION_TYPES);

export const MIN_CAROUSEL_CARDS = 2;
export const MAX_CAROUSEL_CARDS = 10;

export const creativeCardSchema = z.object({
  uploadId: uploadIdSchema,
  link: httpsLink,
  headline: z.string().min(1).max(255).optional(),
});

/**
 * A creative from uploads or a brief. Which fields a format needs (an upload for image and
 * video, 2–10 cards for a carousel, a link) is checked after the brief's fields are merged
 * in, so that a brief may supply them.
 */
export const createCreativeRequest = z
  .object({
    name: z.string().min(1).max(255),
    format: z.enum(['image', 'video', 'carousel']),
    pageId: metaId,
    message: z.string().min(1).max(5000).optional(),
    link: httpsLink.optional(),
    headline: z.string().min(1).max(255).optional(),
    callToAction: callToAction.optional(),
    uploadId: uploadIdSchema.optional(),
    cards: z.array(creativeCardSchema).max(MAX_CAROUSEL_CARDS).optional(),
    thumbnailUploadId: uploadIdSchema.optional(),
    briefId: briefIdSchema.optional(),
  })
  .meta({ id: 'CreateCreative' });
export type CreateCreativeRequest = z.infer<typeof createCreativeRequest>;

export const creativeBody = z
  .object({
    id: metaId,
    name: z.string(),
    format: z.enum(['image', 'video', 'carousel']),
    pageId: z.string(),
    adAccountId: z.string(),
    uploadIds: z.array(uploadIdSchema),
    briefId: briefIdSchema.optional(),
    createdAt: z.string(),
  })
  .meta({ id: 'Creative' });

export const createCreativeRoute = defineRoute({
  method: 'POST',
  path: '/meta/creatives',
  summary: 'An ad creative (image, video, carousel) from ready uploads or a brief; Idempotency-Key, ?dryRun',
  auth: 'jwt',
  body: createCreativeRequest,
  query: mutationQuery,
  responses: { 201: creativeBody, 200: dryRunBody },
});

export const listCreativesRoute = defineRoute({
  method: 'GET',
  path: '/meta/creatives',
  summary: 'The creatives this workspace made, newest first',
  auth: 'jwt',
  query: listQuery,
  responses: { 200: listBody(creativeBody) },
});

export const briefRequest = z
  .object({
    title: z.string().min(1).max(255),
    message: z.string().min(1).max(5000).optional(),
    headline: z.string().min(1).max(255).optional(),
    link: httpsLink.optional(),
    callToAction: callToAction.optional(),
    uploadIds: z.array(uploadIdSchema).max(MAX_CAROUSEL_CARDS).default([]),
  })
  .meta({ id: 'CreativeBriefRequest' });
export type BriefRequest = z.infer<typeof briefRequest>;

export const briefBody = briefRequest
  .extend({
    id: briefIdSchema,
    uploadIds: z.array(uploadIdSchema),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'CreativeBrief' });

export const briefParams = z.object({ id: briefIdSchema });

export const listBriefsRoute = defineRoute({
  method: 'GET',
  path: '/creative-briefs',
  summary: "The workspace's creative briefs, newest first",
  auth: 'jwt',
  query: listQuery,
  responses: { 200: listBody(briefBody) },
});

export const createBriefRoute = defineRoute({
  method: 'POST',
  path: '/creative-briefs',
  summary: 'A vendor-neutral creative brief; Idempotency-Key',
  auth: 'jwt',
  body: briefRequest,
  responses: { 201: briefBody },
});

export const getBriefRoute = defineRoute({
  method: 'GET',
  path: '/creative-briefs/{id}',
  summary: 'One creative brief',
  auth: 'jwt',
  params: briefParams,
  responses: { 200: briefBody },
});

export const replaceBriefRoute = defineRoute({
  method: 'PUT',
  path: '/creative-briefs/{id}',
  summary: 'Replace a creative brief',
  auth: 'jwt',
  params: briefParams,
  body: briefRequest,
  responses: { 200: briefBody },
});

export const deleteBriefRoute = defineRoute({
  method: 'DELETE',
  path: '/creative-briefs/{id}',
  summary: 'Delete a creative brief (creatives made from it stay)',
  auth: 'jwt',
  params: briefParams,
  responses: { 204: z.undefined() },
});

export const creativeAreaRoutes: RouteContract[] = [
  createUploadRoute,
  getUploadRoute,
  createCreativeRoute,
  listCreativesRoute,
  listBriefsRoute,
  createBriefRoute,
  getBriefRoute,
  replaceBriefRoute,
  deleteBriefRoute,
];
