import { GraphClient } from '../../../shared/meta/graph-client';
import { encodeRequest } from '../../../shared/meta/graph-request-encoding';
import { APP_SECRET, BASE_URL, json, TOKEN, VERSION } from './fake-graph';

const silent = { warn: () => undefined, debug: () => undefined };
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

/** A fetch that keeps each request's URL and init as the transport built them. */
function recordingFetch(): { fetch: typeof fetch; seen: { url: URL; init: RequestInit }[] } {
  const seen: { url: URL; init: RequestInit }[] = [];
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    seen.push({ url: new URL(String(input)), init: init ?? {} });
    return json({ images: { 'a.png': { hash: 'h', url: 'u' } } });
  }) as typeof fetch;
  return { fetch: fetchFn, seen };
}

describe('encodeRequest', () => {
  it('sends a multipart POST with every parameter, the proof and the file part, the token only in the header', async () => {
    const { url, init } = encodeRequest(
      `${BASE_URL}/${VERSION}`,
      {
        method: 'POST',
        path: '/act_1/adimages',
        params: { access_token: TOKEN, name: 'banner', spec: { a: 1 } },
        body: {
          kind: 'multipart',
          files: [{ name: 'a.png', fileName: 'a.png', contentType: 'image/png', bytes: PNG }],
        },
      },
      TOKEN,
      'proof-123',
    );
    expect(url.toString()).toBe(`${BASE_URL}/${VERSION}/act_1/adimages`);
    const headers = init.headers as Record<string, string>;
    expect(headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(headers['content-type']).toMatch(/^multipart\/form-data; boundary=----graph[0-9a-f]{24}$/);
    // Read back by a standard multipart parser, as a server would.
    const form = await new Response(init.body as Uint8Array<ArrayBuffer>, {
      headers: { 'content-type': headers['content-type'] ?? '' },
    }).formData();
    expect(form.get('appsecret_proof')).toBe('proof-123');
    expect(form.get('name')).toBe('banner');
    expect(form.get('spec')).toBe('{"a":1}');
    expect(form.has('access_token')).toBe(false);
    const file = form.get('a.png');
    expect(file).toBeInstanceOf(Blob);
    expect((file as File).name).toBe('a.png');
    expect((file as File).type).toBe('image/png');
    expect(new Uint8Array(await (file as File).arrayBuffer())).toEqual(PNG);
    const wire = Buffer.from(init.body as Uint8Array).toString('latin1');
    expect(wire).not.toContain(TOKEN);
  });

  it('keeps a form POST form-encoded when no body kind is given', () => {
    const { init } = encodeRequest(
      `${BASE_URL}/${VERSION}`,
      { method: 'POST', path: 'x', params: { a: 'b' } },
      TOKEN,
      'p',
    );
    expect(init.body).toBeInstanceOf(URLSearchParams);
    expect(String(init.body)).toBe('a=b&appsecret_proof=p');
  });
});

describe('GraphClient uploads and hosts', () => {
  const client = (fetchFn: typeof fetch, videoBaseUrl?: string) =>
    new GraphClient({
      baseUrl: BASE_URL,
      ...(videoBaseUrl ? { videoBaseUrl } : {}),
      version: VERSION,
      appSecret: APP_SECRET,
      fetch: fetchFn,
      logger: silent,
    });

  it('postMultipart sends the files through the one transport', async () => {
    const { fetch, seen } = recordingFetch();
    const answer = await client(fetch).postMultipart('/act_1/adimages', {
      accessToken: TOKEN,
      files: [{ name: 'a.png', fileName: 'a.png', contentType: 'image/png', bytes: PNG }],
    });
    expect(answer).toEqual({ images: { 'a.png': { hash: 'h', url: 'u' } } });
    expect(seen[0]?.init.method).toBe('POST');
    const sent = seen[0]?.init ?? {};
    const headers = (sent.headers ?? {}) as Record<string, string>;
    const form = await new Response(sent.body as Uint8Array<ArrayBuffer>, {
      headers: { 'content-type': headers['content-type'] ?? '' },
    }).formData();
    expect(form.get('a.png')).toBeInstanceOf(Blob);
    expect(seen[0]?.url.search).toBe('');
  });

  it("sends host 'video' to the video base URL with the same version, everything else to Graph", async () => {
    const { fetch, seen } = recordingFetch();
    const graph = client(fetch, 'http://video.test/');
    await graph.post('/act_1/advideos', {
      accessToken: TOKEN,
      params: { upload_phase: 'start' },
      host: 'video',
    });
    await graph.postMultipart('/act_1/advideos', { accessToken: TOKEN, files: [], host: 'video' });
    await graph.get('/123', { accessToken: TOKEN, host: 'video' });
    await graph.get('/me', { accessToken: TOKEN });
    expect(seen.map((s) => `${s.url.origin}${s.url.pathname}`)).toEqual([
      `http://video.test/${VERSION}/act_1/advideos`,
      `http://video.test/${VERSION}/act_1/advideos`,
      `http://video.test/${VERSION}/123`,
      `${BASE_URL}/${VERSION}/me`,
    ]);
  });

  it('uses the Graph base URL for the video host when no video URL is given', async () => {
    const { fetch, seen } = recordingFetch();
    await client(fetch).post('/act_1/advideos', { accessToken: TOKEN, host: 'video' });
    expect(seen[0]?.url.origin).toBe(BASE_URL);
  });
});

describe("Meta's error_data", () => {
  it('is kept on the error, as an object or as JSON text, with the token redacted', async () => {
    const answers = [
      { start_offset: '4', end_offset: '8' },
      `{"blame_field_specs":[["name"]],"echo":"${TOKEN}"}`,
    ];
    let i = 0;
    const fetchFn = (async () =>
      json(
        {
          error: {
            message: 'x',
            type: 'OAuthException',
            code: 6001,
            error_subcode: 1363037,
            error_data: answers[i++],
          },
        },
        400,
      )) as typeof fetch;
    const graph = new GraphClient({
      baseUrl: BASE_URL,
      version: VERSION,
      appSecret: APP_SECRET,
      fetch: fetchFn,
      logger: silent,
    });
    const first = await graph.post('/act_1/advideos', { accessToken: TOKEN }).catch((e: unknown) => e);
    expect(first).toMatchObject({
      graph: { code: 6001, subcode: 1363037, errorData: { start_offset: '4', end_offset: '8' } },
    });
    const second = await graph.post('/act_1/advideos', { accessToken: TOKEN }).catch((e: unknown) => e);
    expect(second).toMatchObject({
      graph: { errorData: '{"blame_field_specs":[["name"]],"echo":"[redacted]"}' },
    });
  });
});
