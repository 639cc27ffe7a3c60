import { toApiGatewayV2Event } from '../../../infra/local/http-events';

const base = {
  method: 'POST',
  url: new URL('http://localhost/meta/sync/abc?limit=5&tag=a&tag=b'),
  sourceIp: '127.0.0.1',
};

describe('toApiGatewayV2Event', () => {
  it('builds the payload v2.0 shape of the HTTP API', () => {
    const event = toApiGatewayV2Event(
      {
        ...base,
        headers: { 'content-type': 'application/json', cookie: 'a=1; b=2', 'x-multi': ['1', '2'] },
        body: Buffer.from('{"x":1}'),
      },
      { routeKey: 'POST /meta/sync/{id}', pathParameters: { id: 'abc' } },
      { jwt: { claims: { sub: 'u' }, scopes: null } },
    );
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /meta/sync/{id}',
      rawPath: '/meta/sync/abc',
      rawQueryString: 'limit=5&tag=a&tag=b',
      cookies: ['a=1', 'b=2'],
      headers: { 'content-type': 'application/json', 'x-multi': '1,2' },
      queryStringParameters: { limit: '5', tag: 'a,b' },
      pathParameters: { id: 'abc' },
      body: '{"x":1}',
      isBase64Encoded: false,
      requestContext: {
        http: { method: 'POST', path: '/meta/sync/abc' },
        stage: '$default',
        authorizer: { jwt: { claims: { sub: 'u' } } },
      },
    });
    expect(event.headers.cookie).toBeUndefined();
  });

  it('base64-encodes binary bodies and keeps their bytes', () => {
    const bytes = Buffer.from([0, 255, 1, 2]);
    const event = toApiGatewayV2Event(
      { ...base, headers: { 'content-type': 'application/octet-stream' }, body: bytes },
      { routeKey: '$default' },
    );
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64')).toEqual(bytes);
  });

  it('omits absent parts', () => {
    const event = toApiGatewayV2Event(
      { ...base, url: new URL('http://localhost/health'), headers: {}, body: Buffer.alloc(0) },
      { routeKey: 'GET /health' },
    );
    expect(event.body).toBeUndefined();
    expect(event.queryStringParameters).toBeUndefined();
    expect(event.pathParameters).toBeUndefined();
  });
});
