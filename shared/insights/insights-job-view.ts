import type * as z from 'zod';
import type { insightsJobBody } from '../contracts/insights';
import { NotFoundError } from '../platform/errors';
import type { InsightsJobStore } from '../store/insights-job-store';

/** `GET /insights/jobs/{jobId}`: the job as the dashboard shows it; another workspace's → 404. */
export async function insightsJobView(
  deps: { jobs: Pick<InsightsJobStore, 'get'> },
  workspaceId: string,
  jobId: string,
): Promise<z.input<typeof insightsJobBody>> {
  const job = await deps.jobs.get(workspaceId, jobId);
  if (!job) throw new NotFoundError(`Insights job ${jobId} was not found.`);
  return {
    jobId: job.jobId,
    status: job.status,
    adAccountId: job.adAccountId,
    from: job.from,
    to: job.to,
    trigger: job.trigger,
    rows: job.rows,
    written: job.written,
    progress: { ...job.pieces },
    errors: job.errors,
    createdAt: job.createdAt,
    ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
  };
}
