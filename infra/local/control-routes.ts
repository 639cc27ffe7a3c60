import type { ServerResponse } from 'node:http';
import type { LocalRoute } from './gateway';

/**
 * Local-only operator endpoints under `/__local/` (not part of the AWS API):
 * `POST /__local/schedules/{name}/fire` fires a schedule now.
 */
export function controlRoutes(ops: { fireSchedule(name: string): Promise<unknown> }): LocalRoute {
  return async (req, res) => {
    if (!req.url.pathname.startsWith('/__local/')) return false;
    const fire = /^\/__local\/schedules\/([\w.-]+)\/fire$/.exec(req.url.pathname);
    if (fire?.[1] && req.method === 'POST') {
      try {
        await ops.fireSchedule(fire[1]);
        send(res, 202, { fired: fire[1] });
      } catch (err: unknown) {
        send(res, 404, { error: { code: 'schedule_not_found', message: (err as Error).message } });
      }
      return true;
    }
    send(res, 404, {
      error: { code: 'route_not_found', message: `No local route ${req.method} ${req.url.pathname}.` },
    });
    return true;
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
