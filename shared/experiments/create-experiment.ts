import { type KeyedAnswer, runUnderKey } from '../campaigns/idempotency-claim';
import { adAccountOf, loadWorkspace } from '../campaigns/workspace-context';
import { type CreateExperimentRequest, createExperimentRoute } from '../contracts/experiments';
import type { ExperimentCell, ExperimentRecord } from '../domain/experiment';
import { newExperimentId } from '../domain/experiment';
import { checkExperiment, type ExperimentPlan } from '../domain/experiment-rules';
import { IDEMPOTENCY_TTL_SECONDS, requestFingerprint } from '../domain/idempotency';
import { isLive } from '../domain/managed-object';
import type { TokenCandidate } from '../meta/token-failover';
import type { Principal } from '../platform/auth';
import { errorFields } from '../platform/error-fields';
import { UnprocessableError } from '../platform/errors';
import { logger } from '../platform/observability';
import { auditedRun } from './experiment-audit';
import type { ExperimentDeps } from './experiment-deps';
import { experimentView } from './experiment-view';
import type { MetaStudy } from './meta-ad-studies';
import { atMeta } from './study-calls';

export interface CreateExperimentOptions {
  idempotencyKey?: string;
}

/** Why an object named by a cell cannot be split at Meta. */
type ObjectProblem = 'unknown' | 'wrong_level' | 'not_live';

/**
 * `POST /meta/experiments` (DESIGN §5 "Experiment"): exactly once under its Idempotency-Key.
 * The rules are checked first (400 naming the field), then the cells' objects against the ad
 * account's mirror (unknown, of another account, of the other level or deleted → 422
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
      const plan = checkExperiment(body, deps.now());
      const workspace = await loadWorkspace(deps, workspaceId);
      const account = await adAccountOf(workspace, body.adAccountId);
      await checkObjects(deps, account.id, plan);
      const tokens = await workspace.tokens();
      const businessId = await businessOf(deps, workspaceId, account.id, tokens);
      const { id: studyId } = await atMeta(tokens, account.id, (call) =>
        deps.studies.create(call, businessId, {
          name: plan.name,
          level: plan.level,
          startSeconds: Math.floor(plan.startMs / 1000),
          endSeconds: Math.floor(plan.endMs / 1000),
          cells: plan.cells,
          ...(plan.objective ? { objective: plan.objective } : {}),
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
 * Every object a cell names must be a live object of the experiment's level in the ad
 * account's mirror: one of another ad account (or workspace) is not there, so it reads as
 * unknown, exactly as a made-up id does.
 */
async function checkObjects(
  deps: Pick<ExperimentDeps, 'objects'>,
  adAccountId: string,
  plan: ExperimentPlan,
): Promise<void> {
  const ids = plan.cells.flatMap((cell) => cell.objectIds);
  const found = new Map((await deps.objects.getMany(adAccountId, ids)).map((object) => [object.id, object]));
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
