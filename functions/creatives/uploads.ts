import { createUploadRoute, getUploadRoute } from '../../shared/contracts/creatives';
import { uploadsDeps } from '../../shared/creatives/uploads-root';
import { readUpload, startUpload } from '../../shared/creatives/uploads-service';
import { validIdempotencyKey } from '../../shared/domain/idempotency';
import { httpRoute, httpRouter } from '../../shared/platform/http';

/** `POST /meta/creatives/uploads` (a presigned POST to the staging bucket) and `GET …/{id}`. */
export const handler = httpRouter(
  httpRoute(createUploadRoute, async ({ principal, body, headers }) => {
    const key = validIdempotencyKey(headers['idempotency-key']);
    return startUpload(uploadsDeps(), principal, body, key ? { idempotencyKey: key } : {});
  }),
  httpRoute(getUploadRoute, async ({ principal, params }) => ({
    status: 200,
    body: await readUpload(uploadsDeps(), principal, params.id),
  })),
);
