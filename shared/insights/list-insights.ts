import type * as z from 'zod';
import type { insightsQuery, insightsRowBody } from '../contracts/insights';
import type { DailyMetricRow } from '../domain/daily-metrics';
import { fieldErrorIn } from '../domain/field-error';
import { checkDayRange } from '../domain/insights-day-range';
import { type DailyMetricsStore, MAX_LISTED_ENTITY_IDS } from '../store/daily-metrics-store';
import { type InsightsAdAccountDeps, insightsAdAccount } from './insights-ad-account';

export type InsightsQuery = z.output<typeof insightsQuery>;
export type InsightsRowView = z.output<typeof insightsRowBody>;

export interface InsightsReadDeps extends InsightsAdAccountDeps {
  metrics: Pick<DailyMetricsStore, 'list'>;
}

/**
 * `GET /insights`: a page of the rows of one ad account (the picked one by default) and level,
 * `from`–`to` inclusive, by date then entity, optionally only some entities.
 */
export async function listInsights(
  deps: InsightsReadDeps,
  workspaceId: string,
  query: InsightsQuery,
): Promise<{ items: InsightsRowView[]; nextCursor?: string }> {
  checkDayRange(query, 'query');
  const entityIds = query.entityIds ? [...new Set(query.entityIds.split(','))] : undefined;
  if (entityIds && entityIds.length > MAX_LISTED_ENTITY_IDS)
    throw fieldErrorIn('query', 'entityIds', `must name at most ${MAX_LISTED_ENTITY_IDS} ids`);
  const account = await insightsAdAccount(deps, workspaceId, query.adAccountId);
  const page = await deps.metrics.list(
    { workspaceId, adAccountId: account.id, level: query.level, from: query.from, to: query.to },
    {
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
      ...(entityIds ? { entityIds } : {}),
    },
  );
  return { items: page.items.map(rowView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

/** A stored row as the dashboard reads it (the workspace is the caller's own). */
function rowView(row: DailyMetricRow): InsightsRowView {
  const { workspaceId: _workspaceId, ...view } = row;
  return view;
}
