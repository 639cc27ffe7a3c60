import { campaignAreaRoutes } from './campaigns';
import { connectRoutes } from './connect';
import { creativeAreaRoutes } from './creatives';
import { experimentRoutes } from './experiments';
import { insightsRoutes } from './insights';
import { mcpRoutes } from './mcp';
import { platformRoutes } from './platform';
import type { RouteContract } from './route-contract';
import { syncRoutes } from './sync';

/** Every documented route; a route in the manifest without a contract fails the infra test. */
export const routeContracts: RouteContract[] = [
  ...platformRoutes,
  ...connectRoutes,
  ...syncRoutes,
  ...campaignAreaRoutes,
  ...creativeAreaRoutes,
  ...experimentRoutes,
  ...insightsRoutes,
  ...mcpRoutes,
];
