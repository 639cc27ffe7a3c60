import { httpRoute } from '../../shared/platform/http';

export const handler = httpRoute({ auth: 'public' }, async () => ({ status: 200, body: { status: 'ok' } }));
