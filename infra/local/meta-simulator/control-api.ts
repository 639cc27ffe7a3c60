import { noContent, parseBody, problem } from './control-responses';
import {
  adReviewBodySchema,
  faultRuleSchema,
  latencyBodySchema,
  mediaOptionsSchema,
  scenarioSpecSchema,
  tokenBodySchema,
  videoStatusBodySchema,
} from './control-schemas';
import { handleInsightsControl } from './insights-control-routes';
import { jsonResponse, type SimResponse } from './sim-response';
import type { MetaSimulator, RequestFilter, RequestLogEntry } from './types';

/** The operations the control API exposes: the simulator's own methods. */
export type SimulatorControls = Pick<
  MetaSimulator,
  | 'scenario'
  | 'seed'
  | 'addFault'
  | 'removeFault'
  | 'clearFaults'
  | 'setLatency'
  | 'revokeToken'
  | 'expireToken'
  | 'removeSystemUser'
  | 'resetRequests'
  | 'adObjects'
  | 'reviewAd'
  | 'media'
  | 'setVideoStatus'
  | 'setMediaOptions'
  | 'adStudies'
  | 'setInsightsOptions'
  | 'seedInsightsWorld'
  | 'restateInsights'
  | 'insightsTruth'
> & {
  faults(): unknown[];
  hasToken(accessToken: string): boolean;
  listRequests(filter: RequestFilter): RequestLogEntry[];
};

function requestFilter(query: URLSearchParams): RequestFilter {
  const filter: RequestFilter = {};
  const path = query.get('path');
  if (path) filter.path = path.startsWith('^') ? new RegExp(path) : path;
  const token = query.get('token');
  if (token) filter.token = token;
  const method = query.get('method');
  if (method) filter.method = method;
  return filter;
}

/**
 * `/__sim/*`: the simulator's control API for the local runtime and out-of-process tests.
 * - `GET|POST|DELETE /__sim/faults` (POST takes a FaultRule → 201 `{id}`), `DELETE /__sim/faults/{id}`
 * - `POST /__sim/latency` `{ms}`
 * - `POST /__sim/tokens/revoke` and `/__sim/tokens/expire` `{accessToken}`
 * - `DELETE /__sim/system-users/{id}`: the system user leaves its BM, its tokens stop working
 * - `GET|DELETE /__sim/requests` (GET takes `?path=&token=&method=`; a path starting with `^` is a regex)
 * - `POST /__sim/seed` ScenarioSpec → 201 SeededScenario; `GET /__sim/scenario` (the one seeded at start)
 * - `GET /__sim/ad-accounts/{act_id}/objects`: its campaigns, ad sets, ads (DELETED too), labels
 *   and accepted create counts (AdAccountObjects)
 * - `POST /__sim/ads/{id}/review` `{decision: "approve"|"disapprove", summary?, message?, placement?}`
 * - `GET /__sim/ad-accounts/{act_id}/media`: its images, videos (upload progress, bytes re-sent)
 *   and creatives (AdAccountMedia)
 * - `POST /__sim/videos/{id}/status` `{status: "ready"|"error"}`: ends the video's processing now
 * - `GET /__sim/ad-studies` (`?businessId=`): the split tests Meta holds (SimulatedAdStudy)
 * - `POST /__sim/media-options` `{chunkBytes?, processingMs?}`: the video chunk size (new sessions)
 *   and processing delay
 * - Insights (insights-control-routes.ts): `PUT /__sim/insights-options`, and per ad account
 *   `POST …/insights/world`, `POST …/insights/restate`, `GET …/insights/truth`
 */
export function handleControl(
  controls: SimulatorControls,
  method: string,
  pathname: string,
  query: URLSearchParams,
  body: string,
): SimResponse {
  const route = `${method} ${pathname.replace(/\/+$/, '')}`;
  switch (route) {
    case 'GET /__sim/faults':
      return jsonResponse(200, { faults: controls.faults() });
    case 'POST /__sim/faults': {
      const rule = parseBody(faultRuleSchema, body);
      return rule.ok ? jsonResponse(201, { id: controls.addFault(rule.value) }) : rule.response;
    }
    case 'DELETE /__sim/faults':
      controls.clearFaults();
      return noContent();
    case 'POST /__sim/latency': {
      const latency = parseBody(latencyBodySchema, body);
      if (!latency.ok) return latency.response;
      controls.setLatency(latency.value.ms);
      return noContent();
    }
    case 'POST /__sim/tokens/revoke':
    case 'POST /__sim/tokens/expire': {
      const target = parseBody(tokenBodySchema, body);
      if (!target.ok) return target.response;
      if (!controls.hasToken(target.value.accessToken)) return problem(404, 'unknown token');
      if (route.endsWith('revoke')) controls.revokeToken(target.value.accessToken);
      else controls.expireToken(target.value.accessToken);
      return noContent();
    }
    case 'GET /__sim/requests': {
      let filter: RequestFilter;
      try {
        filter = requestFilter(query);
      } catch {
        return problem(400, 'path is not a valid regular expression');
      }
      const requests = controls.listRequests(filter);
      return jsonResponse(200, { requests, count: requests.length });
    }
    case 'DELETE /__sim/requests':
      controls.resetRequests();
      return noContent();
    case 'POST /__sim/seed': {
      const spec = parseBody(scenarioSpecSchema, body);
      return spec.ok ? jsonResponse(201, controls.seed(spec.value)) : spec.response;
    }
    case 'GET /__sim/ad-studies':
      return jsonResponse(200, { studies: controls.adStudies(query.get('businessId') ?? undefined) });
    case 'GET /__sim/scenario':
      return jsonResponse(200, controls.scenario);
    case 'POST /__sim/media-options': {
      const options = parseBody(mediaOptionsSchema, body);
      if (!options.ok) return options.response;
      controls.setMediaOptions(options.value);
      return noContent();
    }
  }
  const insights = handleInsightsControl(controls, route, query, body);
  if (insights) return insights;
  const mediaOf = /^GET \/__sim\/ad-accounts\/([^/]+)\/media$/.exec(route)?.[1];
  if (mediaOf) {
    const media = controls.media(mediaOf);
    return media ? jsonResponse(200, media) : problem(404, 'unknown ad account');
  }
  const videoId = /^POST \/__sim\/videos\/([^/]+)\/status$/.exec(route)?.[1];
  if (videoId) {
    const status = parseBody(videoStatusBodySchema, body);
    if (!status.ok) return status.response;
    return controls.setVideoStatus(videoId, status.value.status)
      ? noContent()
      : problem(404, 'unknown video');
  }
  const faultId = /^DELETE \/__sim\/faults\/([^/]+)$/.exec(route)?.[1];
  if (faultId) return controls.removeFault(faultId) ? noContent() : problem(404, 'unknown fault');
  const objectsOf = /^GET \/__sim\/ad-accounts\/([^/]+)\/objects$/.exec(route)?.[1];
  if (objectsOf) {
    const objects = controls.adObjects(objectsOf);
    return objects ? jsonResponse(200, objects) : problem(404, 'unknown ad account');
  }
  const reviewedAd = /^POST \/__sim\/ads\/([^/]+)\/review$/.exec(route)?.[1];
  if (reviewedAd) {
    const decision = parseBody(adReviewBodySchema, body);
    if (!decision.ok) return decision.response;
    return controls.reviewAd(reviewedAd, decision.value) ? noContent() : problem(404, 'unknown ad');
  }
  const systemUserId = /^DELETE \/__sim\/system-users\/([^/]+)$/.exec(route)?.[1];
  if (systemUserId) {
    return controls.removeSystemUser(systemUserId)
      ? noContent()
      : problem(404, 'no such system user in a BM');
  }
  return problem(404, `no control route ${route}`);
}
