import { routeContracts } from '../../shared/contracts';
import { buildOpenApi } from '../../shared/contracts/openapi';
import { openApiRoute } from '../../shared/contracts/platform';
import { httpRoute } from '../../shared/platform/http';

/** Built on the first request, not at init: a cold start then costs the import alone. */
let document: ReturnType<typeof buildOpenApi> | undefined;

export const handler = httpRoute(openApiRoute, async () => {
  document ??= buildOpenApi(routeContracts, { title: 'Meta Ads integration API', version: '1' });
  return { status: 200, body: document };
});
