import { RouteTable } from '../../../infra/local/route-table';

describe('RouteTable (API Gateway v2 route selection)', () => {
  const table = new RouteTable<string>();
  table.add('GET', '/meta/sync/{syncRunId}', 'run');
  table.add('POST', '/meta/sync', 'start');
  table.add('GET', '/meta/assets/{type}', 'assets');
  table.add('GET', '/meta/assets/pages', 'pages-literal');
  table.add('GET', '/files/{path+}', 'greedy');

  it('matches literal routes by method', () => {
    expect(table.match('POST', '/meta/sync')).toEqual({
      value: 'start',
      routeKey: 'POST /meta/sync',
      pathParameters: {},
    });
    expect(table.match('GET', '/meta/sync')).toBeUndefined();
  });

  it('extracts and decodes path parameters', () => {
    expect(table.match('GET', '/meta/sync/run%201')).toMatchObject({
      value: 'run',
      pathParameters: { syncRunId: 'run 1' },
    });
  });

  it('prefers a literal segment over a parameter', () => {
    expect(table.match('GET', '/meta/assets/pages')?.value).toBe('pages-literal');
    expect(table.match('GET', '/meta/assets/pixels')).toMatchObject({
      value: 'assets',
      pathParameters: { type: 'pixels' },
    });
  });

  it('matches greedy parameters across segments', () => {
    expect(table.match('GET', '/files/a/b/c')).toMatchObject({
      value: 'greedy',
      pathParameters: { path: 'a/b/c' },
    });
    expect(table.match('GET', '/files')).toBeUndefined();
  });

  it('does not match longer or shorter paths', () => {
    expect(table.match('GET', '/meta/sync/1/extra')).toBeUndefined();
    expect(table.match('GET', '/meta')).toBeUndefined();
    expect(table.hasPath('/meta/sync')).toBe(true);
    expect(table.hasPath('/nope')).toBe(false);
  });
});
