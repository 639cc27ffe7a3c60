import type { InsightsPullDeps } from './insights-deps';
import { planScheduledJob } from './plan-scheduled-job';
import type { InsightsPullMessage } from './pull-messages';
import { type PieceRun, runInsightsPiece } from './run-insights-piece';

/** One message of the `insightsPull` queue: a schedule's plan, or one piece of a job. */
export async function handlePullMessage(
  deps: InsightsPullDeps,
  message: InsightsPullMessage,
  run: PieceRun,
): Promise<void> {
  if (message.kind === 'plan') await planScheduledJob(deps, message);
  else await runInsightsPiece(deps, message, run);
}
