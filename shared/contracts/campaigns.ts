import * as z from 'zod';
import { idempotencyKeySchema } from '../domain/idempotency';
import { managedLevels, mutationActions } from '../domain/managed-object';
import { auditedActions, auditedLevels, mutationOps } from '../domain/mutation';
import {
  actorBody,
  adAccountIdSchema,
  adCreateRequest,
  adObjectBody,
  adPatchRequest,
  adSetCreateRequest,
  adSetPatchRequest,
  campaignCreateRequest,
  campaignPatchRequest,
} from './ad-object-schemas';
import { listBody, listQuery } from './common';
import { booleanFlag, dryRunBody, mutationQuery } from './dry-run';
import { defineRoute, type RouteContract } from './route-contract';

export const objectParams = z.object({ id: z.string().regex(/^\d{1,32}$/, "must be Meta's numeric id") });

export const adObjectListQuery = listQuery.extend({
  adAccountId: adAccountIdSchema.optional(),
  includeDeleted: booleanFlag,
  /** Read the level's objects of the ad account from Meta first (what Ads Manager made), then list. */
  refresh: booleanFlag,
  campaignId: z
    .string()
    .regex(/^\d{1,32}$/)
    .optional(),
  adSetId: z
    .string()
    .regex(/^\d{1,32}$/)
    .optional(),
});

export const pendingApprovalBody = z
  .object({ approvalId: z.string(), status: z.literal('pending_approval') })
  .meta({ id: 'PendingApproval' });

const mutationAnswers = {
  200: z.union([adObjectBody, dryRunBody]),
  202: pendingApprovalBody,
} as const;

/** The seven routes of one level (`/meta/campaigns`, `/meta/adsets`, `/meta/ads`). */
function levelRoutes<C extends z.ZodType, P extends z.ZodType>(
  level: 'campaign' | 'adset' | 'ad',
  plural: string,
  create: C,
  patch: P,
) {
  const base = `/meta/${plural}`;
  return {
    list: defineRoute({
      method: 'GET',
      path: base,
      summary: `The workspace's ${plural} (the mirror; DELETED only with includeDeleted)`,
      auth: 'jwt',
      query: adObjectListQuery,
      responses: { 200: listBody(adObjectBody) },
    }),
    create: defineRoute({
      method: 'POST',
      path: base,
      summary: `Create a ${level} (PAUSED unless asked); Idempotency-Key, caps, agent matrix, ?dryRun`,
      auth: 'jwt',
      body: create,
      query: mutationQuery,
      responses: { ...mutationAnswers, 201: adObjectBody },
    }),
    get: defineRoute({
      method: 'GET',
      path: `${base}/{id}`,
      summary: `One ${level}, read fresh from Meta (the mirror when Meta cannot answer)`,
      auth: 'jwt',
      params: objectParams,
      responses: { 200: adObjectBody },
    }),
    patch: defineRoute({
      method: 'PATCH',
      path: `${base}/{id}`,
      summary: `Change a ${level}'s editable fields`,
      auth: 'jwt',
      params: objectParams,
      body: patch,
      query: mutationQuery,
      responses: mutationAnswers,
    }),
    delete: defineRoute({
      method: 'DELETE',
      path: `${base}/{id}`,
      summary: `Delete a ${level} (status DELETED at Meta; the mirror keeps the record)`,
      auth: 'jwt',
      params: objectParams,
      query: mutationQuery,
      responses: { ...mutationAnswers, 204: z.undefined() },
    }),
    pause: defineRoute({
      method: 'POST',
      path: `${base}/{id}/pause`,
      summary: `Pause a ${level}`,
      auth: 'jwt',
      params: objectParams,
      query: mutationQuery,
      responses: mutationAnswers,
    }),
    resume: defineRoute({
      method: 'POST',
      path: `${base}/{id}/resume`,
      summary: `Resume a ${level} (status ACTIVE)`,
      auth: 'jwt',
      params: objectParams,
      query: mutationQuery,
      responses: mutationAnswers,
    }),
  };
}

export const campaignRoutes = levelRoutes(
  'campaign',
  'campaigns',
  campaignCreateRequest,
  campaignPatchRequest,
);
export const adSetRoutes = levelRoutes('adset', 'adsets', adSetCreateRequest, adSetPatchRequest);
export const adRoutes = levelRoutes('ad', 'ads', adCreateRequest, adPatchRequest);

export const routesOfLevel = { campaign: campaignRoutes, adset: adSetRoutes, ad: adRoutes } as const;

const wholeMinorUnits = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const controlsBody = z
  .object({
    spendCaps: z
      .object({
        adAccountDaily: z.record(adAccountIdSchema, wholeMinorUnits).optional(),
        campaignDaily: wholeMinorUnits.optional(),
        campaignLifetime: wholeMinorUnits.optional(),
      })
      .strict(),
    agentMatrix: z
      .array(
        z
          .object({
            level: z.enum(managedLevels),
            action: z.enum(mutationActions),
            effect: z.enum(['allow', 'deny', 'approve']),
            maxBudgetChangePct: z.number().int().min(0).max(10_000).optional(),
          })
          .strict(),
      )
      .max(18),
    autoPause: z.boolean().optional(),
  })
  .strict()
  .meta({ id: 'Controls' });

export const controlsAnswer = controlsBody
  .extend({ updatedAt: z.string().optional(), updatedBy: actorBody.optional() })
  .meta({ id: 'ControlsAnswer' });

export const getControlsRoute = defineRoute({
  method: 'GET',
  path: '/controls',
  summary: 'Spend caps and the agent-control matrix (defaults when never set)',
  auth: 'jwt',
  responses: { 200: controlsAnswer },
});

export const putControlsRoute = defineRoute({
  method: 'PUT',
  path: '/controls',
  summary: 'Replace the spend caps and the agent-control matrix (users only)',
  auth: 'user',
  body: controlsBody,
  responses: { 200: controlsAnswer },
});

const storedAnswerBody = z.object({ status: z.number().int(), body: z.unknown().optional() });

export const approvalBody = z
  .object({
    id: z.string(),
    status: z.enum(['pending_approval', 'approved', 'rejected']),
    requestedBy: actorBody,
    requestedAt: z.string(),
    level: z.enum(managedLevels),
    action: z.enum(mutationOps),
    objectId: z.string().optional(),
    adAccountId: z.string().optional(),
    request: z.object({ method: z.string(), path: z.string(), body: z.unknown().optional() }),
    rule: z.object({ level: z.enum(managedLevels), action: z.string(), effect: z.literal('approve') }),
    decidedBy: actorBody.optional(),
    decidedAt: z.string().optional(),
    result: storedAnswerBody.optional(),
  })
  .meta({ id: 'Approval' });

export const approvalParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

export const listApprovalsRoute = defineRoute({
  method: 'GET',
  path: '/meta/approvals',
  summary: 'Agent mutations held for a decision (newest first); an agent sees its own',
  auth: 'jwt',
  query: listQuery.extend({ status: z.enum(['pending_approval', 'approved', 'rejected']).optional() }),
  responses: { 200: listBody(approvalBody) },
});

export const approveRoute = defineRoute({
  method: 'POST',
  path: '/meta/approvals/{id}/approve',
  summary: 'Approve: the held mutation runs now, exactly once, caps re-checked (users only)',
  auth: 'user',
  params: approvalParams,
  responses: {
    200: z
      .object({ approvalId: z.string(), status: z.literal('approved'), result: storedAnswerBody })
      .meta({ id: 'ApprovalDecided' }),
  },
});

export const rejectRoute = defineRoute({
  method: 'POST',
  path: '/meta/approvals/{id}/reject',
  summary: 'Reject: the held mutation never runs (users only)',
  auth: 'user',
  params: approvalParams,
  responses: {
    200: z.object({ approvalId: z.string(), status: z.literal('rejected') }).meta({ id: 'ApprovalRejected' }),
  },
});

export const auditEntryBody = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.object({ kind: z.enum(['user', 'agent', 'system']), sub: z.string() }),
    action: z.enum(auditedActions),
    level: z.enum(auditedLevels),
    objectId: z.string().optional(),
    adAccountId: z.string().optional(),
    request: z.object({
      method: z.string(),
      path: z.string(),
      body: z.unknown().optional(),
      dryRun: z.boolean().optional(),
    }),
    before: z.record(z.string(), z.unknown()).optional(),
    after: z.record(z.string(), z.unknown()).optional(),
    outcome: z.object({
      status: z.number().int(),
      code: z.string().optional(),
      meta: z
        .object({
          code: z.number().optional(),
          subcode: z.number().optional(),
          title: z.string().optional(),
          message: z.string().optional(),
        })
        .optional(),
    }),
    approvalId: z.string().optional(),
  })
  .meta({ id: 'AuditEntry' });

export const listAuditRoute = defineRoute({
  method: 'GET',
  path: '/meta/audit',
  summary: 'Every mutation, denied and proposed ones too, newest first; an agent sees its own',
  auth: 'jwt',
  query: listQuery.extend({
    objectId: z
      .string()
      .regex(/^\d{1,32}$/)
      .optional(),
    actor: z.enum(['user', 'agent', 'system']).optional(),
  }),
  responses: { 200: listBody(auditEntryBody) },
});

export const MAX_BULK_OPERATIONS = 50;

export const bulkRequest = z
  .object({
    operations: z
      .array(
        z
          .object({
            op: z.enum(mutationOps),
            level: z.enum(managedLevels),
            id: z
              .string()
              .regex(/^\d{1,32}$/)
              .optional(),
            body: z.record(z.string(), z.unknown()).optional(),
            idempotencyKey: idempotencyKeySchema(),
          })
          .strict(),
      )
      .min(1)
      .max(MAX_BULK_OPERATIONS),
  })
  .strict()
  .meta({ id: 'BulkRequest' });

export const bulkRoute = defineRoute({
  method: 'POST',
  path: '/meta/bulk',
  summary: `Up to ${MAX_BULK_OPERATIONS} mutations, each with its own key and result, answered in order`,
  auth: 'jwt',
  body: bulkRequest,
  query: mutationQuery,
  responses: {
    200: z
      .object({
        results: z.array(
          z.object({
            status: z.number().int(),
            body: z.unknown().optional(),
            replayed: z.boolean().optional(),
          }),
        ),
      })
      .meta({ id: 'BulkResults' }),
  },
});

export const campaignAreaRoutes: RouteContract[] = [
  ...Object.values(campaignRoutes),
  ...Object.values(adSetRoutes),
  ...Object.values(adRoutes),
  getControlsRoute,
  putControlsRoute,
  listApprovalsRoute,
  approveRoute,
  rejectRoute,
  listAuditRoute,
  bulkRoute,
];
