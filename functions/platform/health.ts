import { healthRoute } from '../../shared/contracts/platform';
import { httpRoute } from '../../shared/platform/http';

export const handler = httpRoute(healthRoute, async () => ({ status: 200, body: { status: 'ok' } }));
