import { createCreativeRoute, listCreativesRoute } from '../../shared/contracts/creatives';
import { createCreative } from '../../shared/creatives/create-creative';
import { creativeDeps } from '../../shared/creatives/creative-root';
import { listCreatives } from '../../shared/creatives/list-creatives';
import { validIdempotencyKey } from '../../shared/domain/idempotency';
import { answerFor, httpRoute, httpRouter } from '../../shared/platform/http';

/** `POST /meta/creatives` (users and agents; Idempotency-Key) and `GET /meta/creatives`. */
export const handler = httpRouter(
  httpRoute(createCreativeRoute, async ({ principal, body, headers, query }) => {
    const key = validIdempotencyKey(headers['idempotency-key']);
    return answerFor(
      createCreativeRoute,
      await createCreative(await creativeDeps(), principal, body, {
        dryRun: query.dryRun,
        ...(key ? { idempotencyKey: key } : {}),
      }),
    );
  }),
  httpRoute(listCreativesRoute, async ({ principal, query }) => ({
    status: 200,
    body: await listCreatives(await creativeDeps(), principal, {
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    }),
  })),
);
