import {
  createBriefRoute,
  deleteBriefRoute,
  getBriefRoute,
  listBriefsRoute,
  replaceBriefRoute,
} from '../../shared/contracts/creatives';
import { briefDeps } from '../../shared/creatives/brief-root';
import {
  createBrief,
  deleteBrief,
  getBrief,
  listBriefs,
  replaceBrief,
} from '../../shared/creatives/briefs-service';
import { validIdempotencyKey } from '../../shared/domain/idempotency';
import { answerFor, httpRoute, httpRouter } from '../../shared/platform/http';

const keyOf = (headers: Record<string, string>) => {
  const key = validIdempotencyKey(headers['idempotency-key']);
  return key ? { idempotencyKey: key } : {};
};

/** `/creative-briefs` CRUD: list, create (Idempotency-Key), get, replace, delete (Idempotency-Key). */
export const handler = httpRouter(
  httpRoute(listBriefsRoute, async ({ principal, query }) => ({
    status: 200,
    body: await listBriefs(await briefDeps(), principal, {
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    }),
  })),
  httpRoute(createBriefRoute, async ({ principal, body, headers }) =>
    answerFor(createBriefRoute, await createBrief(await briefDeps(), principal, body, keyOf(headers))),
  ),
  httpRoute(getBriefRoute, async ({ principal, params }) => ({
    status: 200,
    body: await getBrief(await briefDeps(), principal, params.id),
  })),
  httpRoute(replaceBriefRoute, async ({ principal, params, body }) => ({
    status: 200,
    body: await replaceBrief(await briefDeps(), principal, params.id, body),
  })),
  httpRoute(deleteBriefRoute, async ({ principal, params, headers }) =>
    answerFor(deleteBriefRoute, await deleteBrief(await briefDeps(), principal, params.id, keyOf(headers))),
  ),
);
