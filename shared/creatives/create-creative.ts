import { createFindingLostAnswer } from '../campaigns/apply-at-meta';
import { atMeta } from '../campaigns/at-meta';
import { auditedRun } from '../campaigns/audited-run';
import { type KeyedAnswer, runUnderKey } from '../campaigns/idempotency-claim';
import { adAccountIdOf, loadWorkspace } from '../campaigns/workspace-context';
import { type CreateCreativeRequest, createCreativeRoute } from '../contracts/creatives';
import { createMarker } from '../domain/create-marker';
import type { BriefRecord } from '../domain/creative-brief';
import { type CreativeRecord, creativeView } from '../domain/creative-record';
import {
  type CreativeSpec,
  checkCreative,
  creativeParams,
  type MetaMediaRef,
  mergeBrief,
  type UploadNeed,
  uploadIdsOf,
  uploadNeeds,
} from '../domain/creative-spec';
import { type ReadyUpload, readyUploads } from '../domain/creative-uploads';
import { IDEMPOTENCY_TTL_SECONDS, requestFingerprint } from '../domain/idempotency';
import type { UploadRecord } from '../domain/upload';
import type { TokenCandidate } from '../meta/token-failover';
import type { Principal } from '../platform/auth';
import { errorFields } from '../platform/error-fields';
import { ConflictError, NotFoundError } from '../platform/errors';
import { logger } from '../platform/observability';
import type { CreativeDeps } from './creative-deps';

export interface CreateCreativeOptions {
  idempotencyKey?: string;
  /** Every check and the params Meta would get, answered 200; nothing is created. */
  dryRun?: boolean;
}

/**
 * `POST /meta/creatives` (DESIGN §5 "Creative"): exactly once under its Idempotency-Key. The
 * brief is merged in and the format checked (400), then every upload (404 / 422 / 409
 * `upload_not_ready`) before Meta is asked; a video without its own thumbnail takes Meta's
 * generated one (none yet → 409). The create carries a marker label, so a create whose answer
 * was lost is found at Meta instead of made twice. Meta's refusals → 422
 * `meta_request_rejected`. The record and the stored answer land in one write.
 */
export async function createCreative(
  deps: CreativeDeps,
  principal: Principal,
  body: CreateCreativeRequest,
  options: CreateCreativeOptions = {},
): Promise<KeyedAnswer> {
  if (options.dryRun) return makeCreative(deps, principal, body, options);
  return auditedRun(
    deps,
    principal,
    {
      level: 'creative',
      action: 'create',
      request: { method: createCreativeRoute.method, path: createCreativeRoute.path, body },
      madeOf: (made) => {
        const creative = made as { id?: string; adAccountId?: string } | undefined;
        return { objectId: creative?.id, adAccountId: creative?.adAccountId };
      },
    },
    () => makeCreative(deps, principal, body, options),
  );
}

async function makeCreative(
  deps: CreativeDeps,
  principal: Principal,
  body: CreateCreativeRequest,
  options: CreateCreativeOptions,
): Promise<KeyedAnswer> {
  const { workspaceId } = principal;
  const key = options.idempotencyKey;
  const fingerprint = requestFingerprint(createCreativeRoute.method, createCreativeRoute.path, body);
  // Read beside the claim: the workspace is needed whatever the claim says, but a replay.
  const context = loadWorkspace(deps, workspaceId);
  context.catch(() => undefined);
  const brief = body.briefId ? deps.briefs.get(workspaceId, body.briefId) : undefined;
  brief?.catch(() => undefined);
  // Everything checked and built before Meta is asked to create: what a dry run answers.
  const plan = async () => {
    const spec = checkCreative(mergeBrief(body, await briefOf(body.briefId, brief)));
    const workspace = await context;
    const adAccountId = adAccountIdOf(workspace, undefined);
    const ready = await checkedUploads(deps, workspaceId, uploadNeeds(spec), adAccountId);
    const tokens = await workspace.tokens();
    const media = await metaMediaOf(deps, tokens, adAccountId, spec, ready);
    return { spec, adAccountId, tokens, params: creativeParams(spec, media) };
  };
  if (options.dryRun) {
    // Nothing is made and no key is spent: the same checks, then what the create would send.
    const { adAccountId, params } = await plan();
    return { status: 200, body: { dryRun: true, wouldApply: { adAccountId, ...params } } };
  }
  return runUnderKey(
    deps.idempotency,
    key ? { workspaceId, key } : undefined,
    fingerprint,
    async (held, attempt) => {
      const { spec, adAccountId, tokens, params } = await plan();
      const marker = createMarker(workspaceId, key);
      const { id } = await atMeta(tokens, adAccountId, (call) =>
        createFindingLostAnswer({
          create: async () => (await deps.media.createCreative(call, params, marker)).id,
          findByMarker: async () => (await deps.media.findCreativeByMarker(call, marker))?.id,
          mayExist: attempt.resumed,
        }).then((createdId) => ({ id: createdId })),
      );
      attempt.applied = true;
      const creative = creativeRecord(principal, spec, id, adAccountId, body.briefId, deps.now());
      const answer = { status: 201, body: creativeView(creative) };
      await deps.creatives.save(
        creative,
        held ? { ...held, answer, ttlSeconds: IDEMPOTENCY_TTL_SECONDS } : undefined,
      );
      await removeMarker(deps, tokens, adAccountId, id, marker);
      return answer;
    },
  );
}

/**
 * Once the creative and its answer are stored, its marker has done its job: it is deleted, as
 * every create's is (an ad account holds at most 100 000 labels). The create stands if this
 * fails; the label is left behind and logged.
 */
async function removeMarker(
  deps: Pick<CreativeDeps, 'media'>,
  tokens: readonly TokenCandidate[],
  adAccountId: string,
  creativeId: string,
  marker: string,
): Promise<void> {
  try {
    await atMeta(tokens, adAccountId, (call) => deps.media.removeCreativeMarker(call, creativeId, marker));
  } catch (err: unknown) {
    logger.warn('the creative keeps its marker label', { creativeId, marker, error: errorFields(err) });
  }
}

async function briefOf(
  briefId: string | undefined,
  brief: Promise<BriefRecord | undefined> | undefined,
): Promise<BriefRecord | undefined> {
  if (briefId === undefined || brief === undefined) return undefined;
  const found = await brief;
  if (!found) throw new NotFoundError(`Creative brief ${briefId} was not found.`);
  return found;
}

async function checkedUploads(
  deps: Pick<CreativeDeps, 'uploads' | 'now'>,
  workspaceId: string,
  needs: readonly UploadNeed[],
  adAccountId: string,
): Promise<Map<string, ReadyUpload>> {
  const ids = [...new Set(needs.map((need) => need.uploadId))];
  const records = await Promise.all(ids.map((id) => deps.uploads.get(workspaceId, id)));
  const uploads = new Map<string, UploadRecord | undefined>(ids.map((id, i) => [id, records[i]]));
  return readyUploads(needs, uploads, adAccountId, deps.now());
}

/**
 * What Meta knows each upload by. A video's cover is its thumbnail upload, else Meta's
 * generated thumbnail, which Meta makes while it processes the video: none yet → 409.
 */
async function metaMediaOf(
  deps: Pick<CreativeDeps, 'media'>,
  tokens: readonly TokenCandidate[],
  adAccountId: string,
  spec: CreativeSpec,
  ready: ReadonlyMap<string, ReadyUpload>,
): Promise<Map<string, MetaMediaRef>> {
  const ownThumbnail =
    spec.format === 'video' && spec.thumbnailUploadId !== undefined
      ? ready.get(spec.thumbnailUploadId)
      : undefined;
  const refs = await Promise.all(
    [...ready].map(async ([uploadId, upload]): Promise<[string, MetaMediaRef]> => {
      if (upload.kind === 'image') return [uploadId, { kind: 'image', imageHash: upload.imageHash }];
      if (ownThumbnail?.kind === 'image') {
        return [
          uploadId,
          { kind: 'video', videoId: upload.videoId, thumbnail: { imageHash: ownThumbnail.imageHash } },
        ];
      }
      const url = await atMeta(tokens, adAccountId, (call) =>
        deps.media.videoThumbnailUrl(call, upload.videoId),
      );
      if (url === undefined) {
        throw new ConflictError(
          `Upload ${uploadId} is not ready yet: Meta is still making the thumbnail. Try again shortly, or give a thumbnailUploadId.`,
          { code: 'upload_not_ready', details: { uploadId, status: 'ready', thumbnail: 'pending' } },
        );
      }
      return [uploadId, { kind: 'video', videoId: upload.videoId, thumbnail: { imageUrl: url } }];
    }),
  );
  return new Map(refs);
}

function creativeRecord(
  principal: Principal,
  spec: CreativeSpec,
  id: string,
  adAccountId: string,
  briefId: string | undefined,
  nowMs: number,
): CreativeRecord {
  return {
    workspaceId: principal.workspaceId,
    id,
    name: spec.name,
    format: spec.format,
    pageId: spec.pageId,
    adAccountId,
    uploadIds: uploadIdsOf(spec),
    ...(briefId === undefined ? {} : { briefId }),
    createdBy: { kind: principal.actor, sub: principal.sub },
    createdAt: new Date(nowMs).toISOString(),
  };
}
