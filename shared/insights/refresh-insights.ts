import { createHash } from 'node:crypto';
import { type KeyedAnswer, runUnderKey } from '../campaigns/idempotency-claim';
import { refreshInsightsRoute } from '../contracts/insights';
import { dayInZone } from '../domain/account-days';
import { fieldError } from '../domain/field-error';
import { IDEMPOTENCY_TTL_SECONDS, requestFingerprint } from '../domain/idempotency';
import { insightsJobIdOf } from '../domain/insights-job';
import { refreshRangeProblem } from '../domain/insights-refresh-range';
import { ConflictError } from '../platform/errors';
import { adAccountIdOf, requireActiveAdAccount } from './insights-ad-account';
import type { InsightsRefreshDeps, InsightsStartDeps } from './insights-deps';
import { startInsightsJob } from './start-insights-job';

export interface RefreshInsightsInput {
  /** Default: the picked ad account. */
  adAccountId?: string;
  from: string;
  to: string;
}

/**
 * `POST /insights/refresh`: backfills `[from, to]` of one ad account at all three levels in
 * the background. Not connected → 409 `not_connected`; no ad account named or picked → 409
 * `no_ad_account`; one the workspace has not synced (or lost) → 404; a range Meta cannot
 * answer (after today or past 37 months, in the account's time zone; from after to) → 400
 * naming the field.
 */
export async function refreshInsights(
  deps: InsightsStartDeps,
  workspaceId: string,
  input: RefreshInsightsInput,
  /** Names the job (a keyed refresh's), else a new id. */
  jobId?: string,
): Promise<{ jobId: string }> {
  const connection = await deps.connections.get(workspaceId);
  if (connection.status === 'disconnected') {
    throw new ConflictError('Meta is not connected for this workspace.', { code: 'not_connected' });
  }
  const adAccountId = adAccountIdOf(connection, input.adAccountId);
  const account = await requireActiveAdAccount(deps, workspaceId, adAccountId);
  const problem = refreshRangeProblem(input.from, input.to, dayInZone(deps.now(), account.timezone));
  if (problem) throw fieldError(problem.field, problem.message);
  const started = await startInsightsJob(deps, {
    workspaceId,
    adAccountId,
    generation: connection.generation,
    from: input.from,
    to: input.to,
    trigger: 'manual',
    ...(jobId ? { jobId } : {}),
  });
  return { jobId: started.jobId };
}

/**
 * The refresh route under its Idempotency-Key: a retry after a lost answer (the console's Retry
 * resends the key) answers the job the first request started instead of starting another.
 */
export async function refreshInsightsOnce(
  deps: InsightsRefreshDeps,
  workspaceId: string,
  input: RefreshInsightsInput,
  options: { idempotencyKey?: string } = {},
): Promise<KeyedAnswer> {
  const key = options.idempotencyKey;
  const fingerprint = requestFingerprint(refreshInsightsRoute.method, refreshInsightsRoute.path, input);
  return runUnderKey(deps.idempotency, key ? { workspaceId, key } : undefined, fingerprint, async (held) => {
    // The key names the job: a retry after the job was made but its answer not stored (a
    // crash between the two) finds that job, its pieces queued again and counted once.
    const jobId = key ? insightsJobIdOf(keyedJobHex(workspaceId, key)) : undefined;
    const answer = { status: 202, body: await refreshInsights(deps, workspaceId, input, jobId) };
    if (held) await deps.idempotency.complete(held.scope, held.fingerprint, answer, IDEMPOTENCY_TTL_SECONDS);
    return answer;
  });
}

/** 24 hex digits that only this workspace's key gives. */
function keyedJobHex(workspaceId: string, key: string): string {
  return createHash('sha256').update(`${workspaceId}\u0000${key}`).digest('hex').slice(0, 24);
}
