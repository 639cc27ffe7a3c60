import { routeContracts } from '../../shared/contracts';
import { buildOpenApi } from '../../shared/contracts/openapi';
import { openApiRoute } from '../../shared/contracts/platform';
import { httpRoute } from '../../shared/platform/http';

const document = buildOpenApi(routeContracts, { title: 'Meta Ads integration API', version: '1' });

export const handler = httpRoute(openApiRoute, async () => ({ status: 200, body: document }));
