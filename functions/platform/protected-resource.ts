import { protectedResourceRoute } from '../../shared/contracts/mcp';
import { config } from '../../shared/platform/config';
import { httpRoute } from '../../shared/platform/http';

/**
 * `GET /.well-known/oauth-protected-resource` (RFC 9728): `/mcp` takes the dashboard's bearer
 * JWT, issued by `JWT_ISSUER`. Built from config, never from the request's Host.
 */
export const handler = httpRoute(protectedResourceRoute, async () => {
  const { API_BASE_URL } = config('api');
  const { JWT_ISSUER } = config('tokenIssuer');
  return {
    status: 200,
    body: {
      resource: `${API_BASE_URL}/mcp`,
      authorization_servers: [JWT_ISSUER],
      bearer_methods_supported: ['header'],
      resource_name: 'Meta Ads integration: agent tools over MCP',
      resource_documentation: `${API_BASE_URL}/openapi.json`,
    },
    headers: { 'cache-control': 'public, max-age=300' },
  };
});
