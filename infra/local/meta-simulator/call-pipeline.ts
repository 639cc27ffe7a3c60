import { setTimeout as delay } from 'node:timers/promises';
import { handleAdObjectWrite } from './ad-object-writes';
import { handleAdStudyCall } from './ad-studies';
import { executeBatch } from './batch-requests';
import { faultError } from './fault-error';
import { fbtraceId, GraphError, unknownError } from './graph-error';
import { handleGraphRead } from './graph-routes';
import { handleInsightsCall } from './insights-routes';
import { handleMediaCall } from './media-routes';
import { decideLogin, renderLoginDialog } from './oauth-dialog';
import { debugToken, exchangeToken } from './oauth-tokens';
import type { Principal } from './principal';
import { jsonResponse, type SimResponse } from './sim-response';
import type { GraphCall, SimulatorCore } from './simulator-core';
import { authenticate, checkAppsecretProof, isAppToken } from './token-check';
import type { FaultRule } from './types';
import { mergeHeaders } from './usage-headers';

/** The label a call is logged and matched under: never the token itself. */
function tokenLabel(core: SimulatorCore, accessToken: string | undefined): string | undefined {
  if (accessToken === undefined) return undefined;
  if (isAppToken(accessToken, core.app)) return 'app';
  return core.world.tokens.get(accessToken)?.label ?? 'unknown';
}

/**
 * Who makes the call, checked as Meta does on every Graph path: a missing, unknown, revoked or
 * expired token fails (190 and kin), and so does a user token without a valid
 * `appsecret_proof` when the app requires one.
 */
function authenticateCall(core: SimulatorCore, call: GraphCall): Principal {
  const nowSeconds = Math.floor(core.nowMs() / 1000);
  const principal = authenticate(
    core.world,
    core.app,
    call.accessToken,
    nowSeconds,
    call.segments[0] === 'me',
  );
  if (call.accessToken && principal.kind !== 'app') {
    checkAppsecretProof(core.app, call.accessToken, call.params, core.requireAppsecretProof, nowSeconds);
  }
  return principal;
}

async function route(core: SimulatorCore, call: GraphCall): Promise<SimResponse> {
  switch (call.path) {
    case '/dialog/oauth':
      return renderLoginDialog(core, call);
    case '/dialog/oauth/decision':
      return decideLogin(core, call);
    case '/oauth/access_token':
      return exchangeToken(core, call);
    case '/debug_token':
      return debugToken(core, call);
    case '/':
      if (call.method === 'POST') {
        // The batch's own token is checked first: a dead one fails the whole batch, as at Meta.
        authenticateCall(core, call);
        return executeBatch(call, (item) => executeCall(core, item, true));
      }
      break;
  }
  const principal = authenticateCall(core, call);
  return (
    handleInsightsCall(core, call, principal) ??
    handleMediaCall(core, call, principal) ??
    handleAdStudyCall(core, call, principal) ??
    handleAdObjectWrite(core, call, principal) ??
    handleGraphRead(core, call, principal)
  );
}

const DEFAULT_LOST_ANSWER_HOLD_MS = 60_000;

/**
 * What the client gets when a `lostAnswer` rule fired: the call already ran (and was applied);
 * the answer is a bare 500, a dropped connection, or silence until the connection closes.
 */
async function loseAnswer(rule: FaultRule, viaBatch: boolean): Promise<SimResponse> {
  const how = viaBatch ? 'http500' : (rule.answer ?? 'http500');
  if (how === 'http500')
    return { status: 500, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: '' };
  if (how === 'timeout') {
    // Unreferenced: a held answer must not keep a test process alive.
    await delay(rule.holdMs ?? DEFAULT_LOST_ANSWER_HOLD_MS, undefined, { ref: false });
  }
  return { status: 0, headers: {}, body: '', drop: true };
}

/** A Graph error as its answer; anything else (a simulator bug) as Meta's unknown error. */
export function errorResponse(err: unknown): SimResponse {
  const error = err instanceof GraphError ? err : unknownError();
  return jsonResponse(error.status, error.body(), error.headers());
}

/**
 * Runs one call the way Graph does for this simulator: injected faults first (with their
 * latency), then the route; adds Meta's response headers (usage headers on errors too) and
 * logs the call under its token label. The answer comes `latencyMs` after the work started:
 * Meta works within its latency, on its servers, so the simulator works first and waits the
 * rest, rather than piling its work onto the caller's CPU when concurrent waits end together.
 */
export async function executeCall(
  core: SimulatorCore,
  call: GraphCall,
  viaBatch: boolean,
  latencyMs = 0,
): Promise<SimResponse> {
  const at = core.nowMs();
  const label = tokenLabel(core, call.accessToken);
  const decision = core.faults.decide({
    path: call.path,
    method: call.method,
    tokenLabel: label,
    accessToken: call.accessToken,
    params: call.params,
  });
  if (decision.latencyMs > 0) await delay(decision.latencyMs);
  const answerAt = performance.now() + latencyMs;
  let response: SimResponse;
  try {
    if (decision.failure) {
      throw faultError(decision.failure, decision.failure.status ?? 500, call.path, core.app.appId);
    }
    response = await route(core, call);
  } catch (err: unknown) {
    response = errorResponse(err);
  }
  const standard: Record<string, string> = {
    'facebook-api-version': call.version,
    'x-fb-trace-id': fbtraceId(),
    'x-fb-request-id': fbtraceId(),
    'Cache-Control': 'private, no-cache, no-store, must-revalidate',
    'Access-Control-Allow-Origin': '*',
  };
  const isJson = response.headers['Content-Type']?.startsWith('application/json') ?? false;
  // Writes cost Meta's 3 points; a call on a campaign, ad set or ad counts against its account.
  const points = call.method === 'GET' ? 1 : 3;
  const objectAccount = core.world.adObjects.adAccountOf(call.segments[0] ?? '');
  const usage = isJson ? core.usage.record(call.path, at, points, objectAccount) : {};
  // Usage headers a fault set explicitly win over the simulated ones.
  response.headers = mergeHeaders({ ...standard, ...usage }, response.headers);
  if (decision.lostAnswer) response = await loseAnswer(decision.lostAnswer, viaBatch);
  core.log.add({
    method: call.method,
    path: call.path,
    token: label,
    tokenIn: call.tokenIn,
    secretsInUrl: call.secretsInUrl,
    status: response.status,
    at,
    viaBatch,
  });
  const rest = answerAt - performance.now();
  if (rest > 0) await delay(rest);
  return response;
}
