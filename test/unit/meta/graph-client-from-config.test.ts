import { graphClientFromConfig } from '../../../shared/meta/graph-client-from-config';
import { resetConfig } from '../../../shared/platform/config';
import { InMemoryRateLimitStore } from '../../../shared/store/memory/rate-limit-store';
import { fakeFetch, json, TOKEN } from './fake-graph';

describe('graphClientFromConfig', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetConfig();
  });

  it('takes the Graph URL and version from config', async () => {
    process.env.META_GRAPH_URL = 'http://127.0.0.1:4010/';
    process.env.META_GRAPH_VERSION = 'v25.0';
    const { fetch, seen } = fakeFetch(() => json({ id: '1' }));
    const graph = graphClientFromConfig({
      appSecret: 's',
      fetch,
      rateLimitStore: new InMemoryRateLimitStore(),
    });
    await graph.get('/me', { accessToken: TOKEN });
    expect(`${seen[0]?.url.origin}${seen[0]?.url.pathname}`).toBe('http://127.0.0.1:4010/v25.0/me');
  });

  it('sends video-host calls to META_GRAPH_VIDEO_URL', async () => {
    process.env.META_GRAPH_URL = 'http://127.0.0.1:4010';
    process.env.META_GRAPH_VIDEO_URL = 'http://127.0.0.1:4011';
    const { fetch, seen } = fakeFetch(() => json({ id: '1' }));
    const graph = graphClientFromConfig({
      appSecret: 's',
      fetch,
      rateLimitStore: new InMemoryRateLimitStore(),
    });
    await graph.post('/act_1/advideos', { accessToken: TOKEN, host: 'video' });
    await graph.get('/me', { accessToken: TOKEN });
    expect(seen.map((s) => s.url.origin)).toEqual(['http://127.0.0.1:4011', 'http://127.0.0.1:4010']);
  });

  it('lets explicit options win over config', async () => {
    const { fetch, seen } = fakeFetch(() => json({ id: '1' }));
    const graph = graphClientFromConfig({
      appSecret: 's',
      fetch,
      baseUrl: 'http://sim.test',
      version: 'v26.0',
      rateLimitStore: new InMemoryRateLimitStore(),
    });
    await graph.get('/me', { accessToken: TOKEN });
    expect(seen[0]?.url.host).toBe('sim.test');
  });

  it('shares buckets through DynamoDB by default, naming the table from TABLE_APP', () => {
    delete process.env.TABLE_APP;
    expect(() => graphClientFromConfig({ appSecret: 's' })).toThrow('TABLE_APP');
  });
});
