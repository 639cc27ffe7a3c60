import { routeContracts } from '../../shared/contracts';
import { buildOpenApi } from '../../shared/contracts/openapi';
import { openApiRoute } from '../../shared/contracts/platform';
import { httpRoute } from '../../shared/platform/http';
import { oncePerContainer } from '../../shared/platform/once-per-container';

/** Built on the first request, not at init: a cold start then costs the import alone. */
const openApiDocument = oncePerContainer(async () =>
  buildOpenApi(routeContracts, { title: 'Meta Ads integration API', version: '1' }),
);

export const handler = httpRoute(openApiRoute, async () => ({ status: 200, body: await openApiDocument() }));
