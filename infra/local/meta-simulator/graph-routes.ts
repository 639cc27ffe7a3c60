import { readPageRequest } from './edge-paging';
import { type FieldSelection, parseFields } from './field-selection';
import { GraphError, objectNotFound, queryParseError } from './graph-error';
import { type RenderContext, renderEdge, renderNode } from './node-rendering';
import { NODE_TYPES, scopeError } from './node-types';
import { hasAnyScope, type Principal } from './principal';
import { jsonResponse, type SimResponse } from './sim-response';
import type { GraphCall, SimulatorCore } from './simulator-core';
import type { NodeKind } from './world-records';

function selectionOf(params: URLSearchParams): FieldSelection | undefined {
  const fields = params.get('fields')?.trim();
  return fields ? parseFields(fields) : undefined;
}

function resolveNode(
  core: SimulatorCore,
  call: GraphCall,
  principal: Principal,
  nodeSegment: string,
): { kind: NodeKind; id: string } {
  if (nodeSegment === 'me') {
    if (!principal.user) {
      throw new GraphError({
        status: 400,
        message: 'An active access token must be used to query information about the current user.',
        type: 'OAuthException',
        code: 2500,
      });
    }
    return { kind: 'user', id: principal.user.id };
  }
  const kind = core.world.kindOf(nodeSegment);
  if (!kind || !NODE_TYPES[kind].visible(core.world, nodeSegment, principal)) {
    throw objectNotFound(nodeSegment, call.method);
  }
  return { kind, id: nodeSegment };
}

/** Removes the app from the user: every token of that user stops working (190, subcode 458). */
function revokePermissions(core: SimulatorCore, userId: string): SimResponse {
  for (const token of core.world.tokens.values()) {
    if (token.userId === userId) token.invalidation = 'deauthorized';
  }
  return jsonResponse(200, { success: true });
}

/**
 * `/act_{id}/subscribed_apps`: POST subscribes the calling app to the ad account's webhooks,
 * DELETE unsubscribes, both `{success: true}` and idempotent; GET lists the subscribed app.
 */
function subscribedApps(core: SimulatorCore, call: GraphCall, adAccountId: string): SimResponse {
  if (call.method === 'POST') {
    core.subscriptions.add(adAccountId);
    return jsonResponse(200, { success: true });
  }
  if (call.method === 'DELETE') {
    core.subscriptions.delete(adAccountId);
    return jsonResponse(200, { success: true });
  }
  const data = core.subscriptions.has(adAccountId) ? [{ name: core.app.name, id: core.app.appId }] : [];
  return jsonResponse(200, { data });
}

/**
 * What `next`/`previous` links carry to authenticate: Meta puts the token in them even when it
 * came in a header, so a link works on its own (our client never follows one as is).
 */
export function linkAuthOf(call: GraphCall): URLSearchParams {
  const auth = new URLSearchParams();
  if (call.accessToken) auth.set('access_token', call.accessToken);
  for (const name of ['appsecret_proof', 'appsecret_time']) {
    const value = call.params.get(name);
    if (value !== null) auth.set(name, value);
  }
  return auth;
}

/**
 * Node reads (`GET /{id}`, `GET /me`), edge reads (`GET /{id}/{edge}`) with paging and
 * field expansion, `GET` / `DELETE /me/permissions`. Everything else answers as Meta does
 * for an unsupported request.
 */
export function handleGraphRead(core: SimulatorCore, call: GraphCall, principal: Principal): SimResponse {
  const [nodeSegment, edgeName, ...rest] = call.segments;
  if (nodeSegment === undefined) throw objectNotFound('', call.method);
  if (rest.length > 0) throw queryParseError(`Unknown path components: /${rest.join('/')}`);
  const node = resolveNode(core, call, principal, nodeSegment);
  const spec = NODE_TYPES[node.kind];
  if (spec.scopes.length > 0 && !hasAnyScope(principal, spec.scopes)) throw scopeError(spec.scopeMessage);

  if (edgeName === 'permissions' && node.kind === 'user') {
    if (call.method === 'DELETE') return revokePermissions(core, node.id);
    if (call.method === 'GET') {
      return jsonResponse(200, {
        data: [...principal.scopes].map((permission) => ({ permission, status: 'granted' })),
      });
    }
  }
  if (edgeName === 'subscribed_apps' && node.kind === 'ad_account')
    return subscribedApps(core, call, node.id);
  if (call.method !== 'GET') throw objectNotFound(nodeSegment, call.method);

  const context: RenderContext = {
    world: core.world,
    principal,
    graphBase: `${core.baseUrl}/${call.version}`,
    linkAuth: linkAuthOf(call),
  };
  const selection = selectionOf(call.params);
  if (edgeName === undefined) return jsonResponse(200, renderNode(context, node.kind, node.id, selection));
  if (!Object.hasOwn(spec.edges, edgeName)) throw queryParseError(`Unknown path components: /${edgeName}`);

  const linkParams = new URLSearchParams(call.params);
  for (const [name, value] of context.linkAuth) linkParams.set(name, value);
  const link = { url: `${context.graphBase}/${nodeSegment}/${edgeName}`, params: linkParams };
  const page = renderEdge(
    context,
    node.kind,
    node.id,
    edgeName,
    readPageRequest(call.params),
    selection,
    link,
    call.params,
  );
  return jsonResponse(200, page);
}
