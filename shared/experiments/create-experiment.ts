import { createFindingLostAnswer } from '../campaigns/apply-at-meta';
import { atMeta } from '../campaigns/at-meta';
import { findObject } from '../campaigns/find-object';
import { type KeyedAnswer, runUnderKey } from '../campaigns/idempotency-claim';
import { adAccountOf, loadWorkspace, type WorkspaceContext } from '../campaigns/workspace-context';
import { type CreateExperimentRequest, createExperimentRoute } from '../contracts/experiments';
import { createMarker } from '../domain/create-marker';
import type { ExperimentCell, ExperimentLevel, ExperimentRecord } from '../domain/experiment';
import { newExperimentId } from '../domain/experiment';
import { checkExperiment, type ExperimentPlan } from '../domain/experiment-rules';
import { IDEMPOTENCY_TTL_SECONDS, requestFingerprint } from '../domain/idempotency';
import { isLive, type ManagedObject } from '../domain/managed-object';
import type { TokenCandidate } from '../meta/token-failover';
import type { Principal } from '../platform/auth';
import { errorFields } from '../platform/error-fields';
import { NotFoundError, UnprocessableError } from '../platform/errors';
import { logger } from '../platform/observability';
import { auditedRun } from './experiment-audit';
import type { ExperimentDeps } from './experiment-deps';
import { experimentView } from './experiment-view';
import type { MetaStudy } from './meta-ad-studies';

export interface CreateExperimentOptions {
  idempotencyKey?: string;
}

/** Why an object named by a cell cannot be split at Meta. */
type ObjectProblem = 'unknown' | 'wrong_level' | 'not_live';

/**
 * `POST /meta/experiments` (DESIGN §5 "Experiment"): exactly once under its Idempotency-Key,
 * at Meta too: the study carries the key's marker, so a retry after a lost answer or a failed
 * write adopts the study made before.
 * The rules are checked first (400 naming the field), then the cells' objects against the ad
 * account's mirror or Meta (unknown, of another account, of the other level or deleted → 422
 * `experiment_objects_unknown`), then the ad account's business, where Meta makes studies
 * (none → 422). Meta's refusals → 422 `meta_request_rejected`. The record and the stored
 * answer land in one write; create and refusals go in the audit trail.
 */
export async function createExperiment(
  deps: ExperimentDeps,
  principal: Principal,
  body: CreateExperimentRequest,
  options: CreateExperimentOptions = {},
): Promise<KeyedAnswer> {
  const request = { method: createExperimentRoute.method, path: createExperimentRoute.path, body };
  return auditedRun(deps, principal, { action: 'create', request }, () =>
    makeExperiment(deps, principal, body, options),
  );
}

async function makeExperiment(
  deps: ExperimentDeps,
  principal: Principal,
  body: CreateExperimentRequest,
  options: CreateExperimentOptions,
): Promise<KeyedAnswer> {
  const { workspaceId } = principal;
  const key = options.idempotencyKey;
  const fingerprint = requestFingerprint(createExperimentRoute.method, createExperimentRoute.path, body);
  return runUnderKey(
    deps.idempotency,
    key ? { workspaceId, key } : undefined,
    fingerprint,
    async (held, attempt) => {
      // A resumed key may have made the study already (then its start may have passed since):
      // the start-in-the-future rule is the first attempt's; Meta judges a late second try.
      const plan = checkExperiment(body, attempt.resumed ? Number.NEGATIVE_INFINITY : deps.now());
      const workspace = await loadWorkspace(deps, workspaceId);
      const account = await adAccountOf(workspace, body.adAccountId);
      await checkObjects(deps, workspace, account.id, plan);
      const tokens = await workspace.tokens();
      const businessId = await businessOf(deps, workspaceId, account.id, tokens);
      const marker = createMarker(workspaceId, key);
      // An earlier attempt under this key may have made the study (its answer lost, or our
      // write after it failed): it is looked up by its marker and adopted, never made twice.
      const studyId = await atMeta(tokens, account.id, (call) =>
        createFindingLostAnswer({
          create: async () =>
            (
              await deps.studies.create(call, businessId, {
                name: plan.name,
                level: plan.level,
                startSeconds: Math.floor(plan.startMs / 1000),
                endSeconds: Math.floor(plan.endMs / 1000),
                cells: plan.cells,
                ...(plan.objective ? { objective: plan.objective } : {}),
                marker,
              })
            ).id,
          findByMarker: () => deps.studies.findByMarker(call, businessId, marker),
          mayExist: attempt.resumed,
        }),
      );
      attempt.applied = true;
      const study = await readBack(tokens, account.id, studyId, deps);
      const nowMs = deps.now();
      const experiment: ExperimentRecord = {
        workspaceId,
        id: newExperimentId(nowMs, deps.randomBytes),
        metaStudyId: studyId,
        businessId,
        name: plan.name,
        adAccountId: account.id,
        currency: account.currency,
        ...(account.timezone ? { timezone: account.timezone } : {}),
        level: plan.level,
        startTime: new Date(plan.startMs).toISOString(),
        endTime: new Date(plan.endMs).toISOString(),
        ...(plan.objective ? { objective: plan.objective } : {}),
        cells: cellsWithMetaIds(plan, study),
        createdBy: { kind: principal.actor, sub: principal.sub },
        createdAt: new Date(nowMs).toISOString(),
      };
      const answer = { status: 201, body: experimentView(experiment, nowMs) };
      await deps.experiments.create(
        experiment,
        held ? { ...held, answer, ttlSeconds: IDEMPOTENCY_TTL_SECONDS } : undefined,
      );
      return answer;
    },
  );
}

/**
 * Every object a cell names must be a live object of the experiment's level in the picked ad
 * account: read from its mirror, else from Meta (made in Ads Manager, not mirrored yet). One
 * Meta does not have, or of another ad account (or workspace), reads as unknown.
 */
async function checkObjects(
  deps: Pick<ExperimentDeps, 'objects' | 'meta' | 'now'>,
  workspace: WorkspaceContext,
  adAccountId: string,
  plan: ExperimentPlan,
): Promise<void> {
  const ids = plan.cells.flatMap((cell) => cell.objectIds);
  const found = new Map((await deps.objects.getMany(adAccountId, ids)).map((object) => [object.id, object]));
  const missing = ids.filter((id) => !found.has(id));
  const fromMeta = await Promise.all(missing.map((id) => objectAtMeta(deps, workspace, plan.level, id)));
  for (const object of fromMeta) if (object?.adAccountId === adAccountId) found.set(object.id, object);
  const problems: { id: string; problem: ObjectProblem }[] = [];
  for (const id of ids) {
    const object = found.get(id);
    if (!object) problems.push({ id, problem: 'unknown' });
    else if (object.level !== plan.level) problems.push({ id, problem: 'wrong_level' });
    else if (!isLive(object)) problems.push({ id, problem: 'not_live' });
  }
  if (problems.length === 0) return;
  const kind = plan.level === 'adset' ? 'ad sets' : 'campaigns';
  throw new UnprocessableError(
    `These ${kind} are not live ${kind} of ad account ${adAccountId}: ${problems.map((p) => p.id).join(', ')}.`,
    { code: 'experiment_objects_unknown', details: { adAccountId, level: plan.level, objects: problems } },
  );
}

/** The object as the campaign area finds it (mirror of any account, else Meta); none → undefined. */
async function objectAtMeta(
  deps: Pick<ExperimentDeps, 'objects' | 'meta' | 'now'>,
  workspace: WorkspaceContext,
  level: ExperimentLevel,
  id: string,
): Promise<ManagedObject | undefined> {
  try {
    return (await findObject(deps, workspace, level, id)).object;
  } catch (err: unknown) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
}

/**
 * The Business Manager the study is made under: the ad account's `business`, as the asset
 * sync saw it, else as Meta says now. An ad account without one cannot hold a split test.
 */
async function businessOf(
  deps: Pick<ExperimentDeps, 'assets' | 'studies'>,
  workspaceId: string,
  adAccountId: string,
  tokens: readonly TokenCandidate[],
): Promise<string> {
  const asset = await deps.assets.get(workspaceId, 'ad-accounts', adAccountId);
  const businessId =
    asset?.businessId ?? (await atMeta(tokens, adAccountId, (call) => deps.studies.businessOf(call)));
  if (businessId) return businessId;
  throw new UnprocessableError(
    `Ad account ${adAccountId} belongs to no Business Manager that we know of. Meta makes split tests under the ad account's business: add the ad account to a Business Manager, sync, and try again.`,
    { code: 'ad_account_business_unknown', details: { adAccountId } },
  );
}

/** Meta's cell ids, read back once the study exists; the experiment stands without them. */
async function readBack(
  tokens: readonly TokenCandidate[],
  adAccountId: string,
  studyId: string,
  deps: Pick<ExperimentDeps, 'studies'>,
): Promise<MetaStudy | undefined> {
  try {
    return await atMeta(tokens, adAccountId, (call) => deps.studies.read(call, studyId));
  } catch (err: unknown) {
    logger.warn("could not read a new study's cells back from Meta", { studyId, error: errorFields(err) });
    return undefined;
  }
}

function cellsWithMetaIds(plan: ExperimentPlan, study: MetaStudy | undefined): ExperimentCell[] {
  return plan.cells.map((cell, i) => {
    const atMetaCell = study?.cells.find((c) => c.name === cell.name) ?? study?.cells[i];
    return { ...cell, objectIds: [...cell.objectIds], ...(atMetaCell ? { metaCellId: atMetaCell.id } : {}) };
  });
}
