import { createUploadRoute, getUploadRoute } from '../../shared/contracts/creatives';
import { uploadsDeps } from '../../shared/creatives/uploads-root';
import { readUpload, startUpload } from '../../shared/creatives/uploads-service';
import { httpRoute, httpRouter } from '../../shared/platform/http';

/** `POST /meta/creatives/uploads` (a presigned POST to the staging bucket) and `GET …/{id}`. */
export const handler = httpRouter(
  httpRoute(createUploadRoute, async ({ principal, body }) => ({
    status: 201,
    body: await startUpload(uploadsDeps(), principal, body),
  })),
  httpRoute(getUploadRoute, async ({ principal, params }) => ({
    status: 200,
    body: await readUpload(uploadsDeps(), principal, params.id),
  })),
);
