import * as z from 'zod';
import { listBody } from './common';
import { defineRoute, type RouteContract } from './route-contract';

export const connectionBody = z
  .object({
    status: z.enum(['disconnected', 'connected', 'needs_reauth']),
    adAccountId: z.string().optional(),
    scopes: z.array(z.string()),
    declinedScopes: z.array(z.string()),
    connectedAt: z.string().optional(),
    tokens: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(['user', 'system_user']),
        label: z.string(),
        status: z.enum(['active', 'invalid']),
        expiresAt: z.string().optional(),
        dataAccessExpiresAt: z.string().optional(),
      }),
    ),
    lastSync: z
      .object({ syncRunId: z.string(), status: z.string(), finishedAt: z.string().optional() })
      .optional(),
    nextSync: z
      .object({
        reason: z.enum(['token_added']),
        after: z
          .string()
          .meta({ description: 'The syncRunId of the run going; the follow-up starts when it ends' }),
        requestedAt: z.string(),
      })
      .optional()
      .meta({
        description:
          'A sync owed after the run going: a token was added while it ran, so it may not read that token. Present until the follow-up run starts (then see POST /meta/sync answers and lastSync).',
      }),
  })
  .meta({ id: 'MetaConnection' });

export const connectStartBody = z
  .object({ authorizeUrl: z.url(), state: z.string(), expiresAt: z.string() })
  .meta({ id: 'MetaConnectStart' });

export const callbackQuery = z.object({
  code: z.string().min(1).optional(),
  state: z.string().min(1).optional(),
  error: z.string().optional(),
  error_reason: z.string().optional(),
  error_description: z.string().optional(),
});

export const confirmConnectRequest = z.object({
  completion: z.string().min(16, 'is not a login completion').max(200),
});

export const adAccountBody = z
  .object({
    id: z.string(),
    name: z.string(),
    currency: z.string().optional(),
    timezoneName: z.string().optional(),
    accountStatus: z.number().optional(),
    businessId: z.string().optional(),
  })
  .meta({ id: 'MetaAdAccount' });

export const pickAdAccountRequest = z.object({
  adAccountId: z.string().regex(/^act_\d+$/, 'must look like act_<digits>'),
});

export const addTokenRequest = z.object({
  accessToken: z.string().min(20, 'does not look like a Meta access token').max(1024),
  label: z.string().trim().min(1).max(100),
});

export const tokenBody = connectionBody.shape.tokens.element.meta({ id: 'MetaTokenRef' });

export const getConnectionRoute = defineRoute({
  method: 'GET',
  path: '/integrations/meta',
  summary: 'The Meta connection of the workspace (never the token)',
  auth: 'jwt',
  responses: { 200: connectionBody },
});

export const startConnectRoute = defineRoute({
  method: 'POST',
  path: '/integrations/meta/connect',
  summary: 'Start Facebook Login: the dialog URL and a signed single-use state (10 min)',
  auth: 'user',
  responses: { 200: connectStartBody },
});

export const callbackRoute = defineRoute({
  method: 'GET',
  path: '/integrations/meta/callback',
  summary:
    'OAuth redirect target: holds the checked token as a pending login (connects nothing); ' +
    '302 to DASHBOARD_URL/integrations/meta?status=confirm&completion=… (one-time, 10 min) or ?status=error&reason=…',
  auth: 'public',
  query: callbackQuery,
  responses: { 302: z.undefined() },
});

export const confirmConnectRoute = defineRoute({
  method: 'POST',
  path: '/integrations/meta/confirm',
  summary:
    'Confirm a finished login as the signed-in user who started it (login CSRF, RFC 6749 §10.12): ' +
    'connects and starts the first sync; another workspace or user → 403 connect_not_yours; ' +
    'unknown, used or expired → 404',
  auth: 'user',
  body: confirmConnectRequest,
  responses: { 200: connectionBody },
});

export const listAdAccountsRoute = defineRoute({
  method: 'GET',
  path: '/integrations/meta/ad-accounts',
  summary: "Ad accounts the workspace's tokens can reach, live from Meta",
  auth: 'jwt',
  responses: { 200: listBody(adAccountBody) },
});

export const pickAdAccountRoute = defineRoute({
  method: 'PUT',
  path: '/integrations/meta/ad-account',
  summary: 'Pick the ad account to use (checked live at Meta; subscribes webhooks)',
  auth: 'user',
  body: pickAdAccountRequest,
  responses: { 200: adAccountBody },
});

export const addTokenRoute = defineRoute({
  method: 'POST',
  path: '/integrations/meta/tokens',
  summary:
    'Add a system-user token (validated with debug_token); a sync follows (after the run going, shown as nextSync)',
  auth: 'user',
  body: addTokenRequest,
  responses: { 201: tokenBody },
});

export const disconnectRoute = defineRoute({
  method: 'DELETE',
  path: '/integrations/meta',
  summary: 'Disconnect: revoke at Meta, delete secrets, stop background work (204)',
  auth: 'user',
  responses: { 204: z.undefined() },
});

export const connectRoutes: RouteContract[] = [
  getConnectionRoute,
  startConnectRoute,
  callbackRoute,
  confirmConnectRoute,
  listAdAccountsRoute,
  pickAdAccountRoute,
  addTokenRoute,
  disconnectRoute,
];
