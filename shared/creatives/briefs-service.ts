import { type KeyedAnswer, runUnderKey } from '../campaigns/idempotency-claim';
import { type BriefRequest, createBriefRoute, deleteBriefRoute } from '../contracts/creatives';
import { type BriefRecord, briefView, newBriefId } from '../domain/creative-brief';
import { IDEMPOTENCY_TTL_SECONDS, requestFingerprint } from '../domain/idempotency';
import type { Principal } from '../platform/auth';
import { NotFoundError } from '../platform/errors';
import type { BriefDeps } from './creative-deps';

export interface BriefWriteOptions {
  idempotencyKey?: string;
}

/**
 * `POST /creative-briefs`: exactly once under its Idempotency-Key (the brief and the answer in
 * one write). Its uploads must be this workspace's (404 naming the one that is not), ready or not.
 */
export async function createBrief(
  deps: BriefDeps,
  principal: Principal,
  body: BriefRequest,
  options: BriefWriteOptions = {},
): Promise<KeyedAnswer> {
  const { workspaceId } = principal;
  const key = options.idempotencyKey;
  const fingerprint = requestFingerprint(createBriefRoute.method, createBriefRoute.path, body);
  return runUnderKey(deps.idempotency, key ? { workspaceId, key } : undefined, fingerprint, async (held) => {
    await checkUploadsAreOurs(deps, workspaceId, body.uploadIds);
    const now = new Date(deps.now());
    const brief = briefRecord(workspaceId, newBriefId(now, deps.randomBytes), body, now.toISOString());
    const answer = { status: 201, body: briefView(brief) };
    await deps.briefs.create(
      brief,
      held ? { ...held, answer, ttlSeconds: IDEMPOTENCY_TTL_SECONDS } : undefined,
    );
    return answer;
  });
}

/** `GET /creative-briefs/{id}`; another workspace's id → 404. */
export async function getBrief(deps: Pick<BriefDeps, 'briefs'>, principal: Principal, id: string) {
  return briefView(await existingBrief(deps, principal.workspaceId, id));
}

/** `GET /creative-briefs`: newest first. */
export async function listBriefs(
  deps: Pick<BriefDeps, 'briefs'>,
  principal: Principal,
  query: { limit: number; cursor?: string },
) {
  const page = await deps.briefs.list(principal.workspaceId, query);
  return {
    items: page.items.map(briefView),
    ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
  };
}

/**
 * `PUT /creative-briefs/{id}`: the body replaces every field (one left out is gone); the id
 * and `createdAt` stay. Setting a state, a repeat changes nothing more: no key needed.
 */
export async function replaceBrief(deps: BriefDeps, principal: Principal, id: string, body: BriefRequest) {
  const { workspaceId } = principal;
  const [existing] = await Promise.all([
    existingBrief(deps, workspaceId, id),
    checkUploadsAreOurs(deps, workspaceId, body.uploadIds),
  ]);
  const brief: BriefRecord = {
    ...briefRecord(workspaceId, id, body, new Date(deps.now()).toISOString()),
    createdAt: existing.createdAt,
  };
  if (!(await deps.briefs.replace(brief))) throw briefNotFound(id);
  return briefView(brief);
}

/** `DELETE /creative-briefs/{id}` → 204; creatives made from it stay. A keyed repeat replays the 204. */
export async function deleteBrief(
  deps: BriefDeps,
  principal: Principal,
  id: string,
  options: BriefWriteOptions = {},
): Promise<KeyedAnswer> {
  const { workspaceId } = principal;
  const key = options.idempotencyKey;
  const path = deleteBriefRoute.path.replace('{id}', id);
  const fingerprint = requestFingerprint(deleteBriefRoute.method, path, undefined);
  return runUnderKey(
    deps.idempotency,
    key ? { workspaceId, key } : undefined,
    fingerprint,
    async (held, attempt) => {
      const deleted = await deps.briefs.delete(workspaceId, id);
      // An earlier attempt under this key that deleted the brief and died before storing its
      // answer leaves nothing to delete: its 204 is this retry's answer, not a 404.
      if (!deleted && !attempt.resumed) throw briefNotFound(id);
      attempt.applied = true;
      const answer = { status: 204 };
      if (held)
        await deps.idempotency.complete(held.scope, held.fingerprint, answer, IDEMPOTENCY_TTL_SECONDS);
      return answer;
    },
  );
}

async function existingBrief(deps: Pick<BriefDeps, 'briefs'>, workspaceId: string, id: string) {
  const brief = await deps.briefs.get(workspaceId, id);
  if (!brief) throw briefNotFound(id);
  return brief;
}

/** Every upload must be this workspace's (not necessarily ready): else 404 naming it. */
async function checkUploadsAreOurs(
  deps: Pick<BriefDeps, 'uploads'>,
  workspaceId: string,
  uploadIds: readonly string[],
): Promise<void> {
  const found = await Promise.all(uploadIds.map((id) => deps.uploads.get(workspaceId, id)));
  const missing = uploadIds.findIndex((_, i) => found[i] === undefined);
  if (missing >= 0) {
    const uploadId = uploadIds[missing];
    throw new NotFoundError(`Upload ${uploadId} (uploadIds[${missing}]) was not found.`, {
      details: { field: `uploadIds[${missing}]`, uploadId },
    });
  }
}

function briefRecord(workspaceId: string, id: string, body: BriefRequest, nowIso: string): BriefRecord {
  return {
    workspaceId,
    id,
    title: body.title,
    ...(body.message === undefined ? {} : { message: body.message }),
    ...(body.headline === undefined ? {} : { headline: body.headline }),
    ...(body.link === undefined ? {} : { link: body.link }),
    ...(body.callToAction === undefined ? {} : { callToAction: body.callToAction }),
    uploadIds: [...body.uploadIds],
    createdAt: nowIso,
    updatedAt: nowIso,
  };
}

function briefNotFound(id: string): NotFoundError {
  return new NotFoundError(`Creative brief ${id} was not found.`);
}
