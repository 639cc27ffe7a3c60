import { campaignDeps } from '../../shared/campaigns/campaign-root';
import { mutationRequestOf } from '../../shared/campaigns/mutation-request';
import { runMutation } from '../../shared/campaigns/run-mutation';
import { routesOfLevel } from '../../shared/contracts/campaigns';
import { validIdempotencyKey } from '../../shared/domain/idempotency';
import type { ManagedLevel } from '../../shared/domain/managed-object';
import type { MutationOp } from '../../shared/domain/mutation';
import type { Principal } from '../../shared/platform/auth';
import { answerFor, httpRoute, httpRouter } from '../../shared/platform/http';

interface MutationInput {
  principal: Principal;
  headers: Record<string, string>;
  query: { dryRun: boolean };
}

async function mutate(
  req: MutationInput,
  level: ManagedLevel,
  op: MutationOp,
  id: string | undefined,
  body: Record<string, unknown> | undefined,
) {
  const key = validIdempotencyKey(req.headers['idempotency-key']);
  return runMutation(await campaignDeps(), req.principal, mutationRequestOf(level, op, id, body), {
    dryRun: req.query.dryRun,
    ...(key ? { idempotencyKey: key } : {}),
  });
}

/** The five mutation routes of one level. */
function writesOf(level: ManagedLevel) {
  const routes = routesOfLevel[level];
  return [
    httpRoute(routes.create, async (req) =>
      answerFor(
        routes.create,
        await mutate(req, level, 'create', undefined, req.body as Record<string, unknown>),
      ),
    ),
    httpRoute(routes.patch, async (req) =>
      answerFor(
        routes.patch,
        await mutate(req, level, 'update', req.params.id, req.body as Record<string, unknown>),
      ),
    ),
    httpRoute(routes.delete, async (req) =>
      answerFor(routes.delete, await mutate(req, level, 'delete', req.params.id, undefined)),
    ),
    httpRoute(routes.pause, async (req) =>
      answerFor(routes.pause, await mutate(req, level, 'pause', req.params.id, undefined)),
    ),
    httpRoute(routes.resume, async (req) =>
      answerFor(routes.resume, await mutate(req, level, 'resume', req.params.id, undefined)),
    ),
  ];
}

/** Create, PATCH, DELETE, pause and resume of campaigns, ad sets and ads: one guarded path. */
export const handler = httpRouter(...writesOf('campaign'), ...writesOf('adset'), ...writesOf('ad'));
