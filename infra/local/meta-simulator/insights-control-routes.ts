import type { SimulatorControls } from './control-api';
import { noContent, parseBody, problem } from './control-responses';
import {
  insightsOptionsSchema,
  insightsRestatementSchema,
  insightsTruthQuerySchema,
  insightsWorldSchema,
} from './insights-control-schemas';
import { jsonResponse, type SimResponse } from './sim-response';

const ACCOUNT_ROUTE = /^(GET|POST) \/__sim\/ad-accounts\/([^/]+)\/insights\/(world|restate|truth)$/;

/**
 * The Insights control routes; undefined for any other route.
 * - `PUT /__sim/insights-options` InsightsOptions: replaces them (`{}` resets)
 * - `POST /__sim/ad-accounts/{act_id}/insights/world` InsightsWorldSpec → 201 InsightsWorld
 * - `POST /__sim/ad-accounts/{act_id}/insights/restate` `{from, to, seed?}` → 204
 * - `GET /__sim/ad-accounts/{act_id}/insights/truth?level=&from=&to=` → `{rows}`
 */
export function handleInsightsControl(
  controls: SimulatorControls,
  route: string,
  query: URLSearchParams,
  body: string,
): SimResponse | undefined {
  if (route === 'PUT /__sim/insights-options') {
    const options = parseBody(insightsOptionsSchema, body);
    if (!options.ok) return options.response;
    controls.setInsightsOptions(options.value);
    return noContent();
  }
  const match = ACCOUNT_ROUTE.exec(route);
  if (!match) return undefined;
  const [, method, adAccountId = '', action] = match;
  if (method === 'POST' && action === 'world') {
    const spec = parseBody(insightsWorldSchema, body);
    if (!spec.ok) return spec.response;
    const seeded = controls.seedInsightsWorld(adAccountId, spec.value);
    return seeded ? jsonResponse(201, seeded) : problem(404, 'unknown ad account');
  }
  if (method === 'POST' && action === 'restate') {
    const restatement = parseBody(insightsRestatementSchema, body);
    if (!restatement.ok) return restatement.response;
    return controls.restateInsights(adAccountId, restatement.value)
      ? noContent()
      : problem(404, 'unknown ad account');
  }
  if (method === 'GET' && action === 'truth') {
    const parsed = insightsTruthQuerySchema.safeParse(Object.fromEntries(query));
    if (!parsed.success) return problem(400, 'invalid query', parsed.error.issues);
    const rows = controls.insightsTruth(adAccountId, parsed.data);
    return rows ? jsonResponse(200, { rows }) : problem(404, 'unknown ad account');
  }
  return undefined;
}
