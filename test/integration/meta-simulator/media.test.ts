import { type MetaSimulator, startMetaSimulator } from '@infra/local/meta-simulator';
import { getUrl, proofOf, ZERO_COUNTS } from './graph-test-client';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

describe('Meta simulator: media over HTTP', () => {
  let sim: MetaSimulator;
  let token: string;
  let act: string;
  let otherAct: string;

  beforeAll(async () => {
    sim = await startMetaSimulator({
      seed: { businesses: 2, tokens: 2, perBusiness: { ...ZERO_COUNTS, ownedAdAccounts: 1, ownedPages: 1 } },
    });
    token = sim.scenario.tokens[0]?.accessToken ?? '';
    const mine = sim.scenario.expected.adAccounts.filter((a) =>
      a.tokenIds.includes(sim.scenario.tokens[0]?.id ?? ''),
    );
    act = mine[0]?.id ?? '';
    otherAct = sim.scenario.expected.adAccounts.find((a) => !mine.includes(a))?.id ?? '';
  });
  afterAll(() => sim.close());

  /** A multipart POST as our client sends it: proof in the body, token in the header. */
  function post(path: string, fields: Record<string, string>, file?: { field: string; bytes: Buffer }) {
    const form = new FormData();
    form.append('appsecret_proof', proofOf(sim, token));
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    if (file) form.append(file.field, new Blob([new Uint8Array(file.bytes)]), file.field);
    return getUrl(`${sim.url}/v26.0${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
  }
  const control = (path: string, init?: RequestInit) => getUrl(`${sim.url}/__sim${path}`, init);

  it('takes an image as base64 bytes under the key "bytes", and refuses one over 30 MB', async () => {
    const ok = await post(`/${act}/adimages`, { bytes: PNG.toString('base64') });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({
      images: { bytes: { hash: expect.stringMatching(/^[0-9a-f]{32}$/), url: expect.any(String) } },
    });
    const huge = Buffer.concat([PNG, Buffer.alloc(30 * 1024 * 1024)]);
    const refused = await post(`/${act}/adimages`, {}, { field: 'huge.png', bytes: huge });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 100, error_user_title: 'Image Too Large' });
  });

  it("refuses an upload to an ad account the token does not reach, as Meta's unknown object", async () => {
    expect(otherAct).toMatch(/^act_/);
    const answer = await post(`/${otherAct}/adimages`, {}, { field: 'a.png', bytes: PNG });
    expect(answer.body.error).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it("answers a chunk of the wrong length with Meta's 6001 / 1363037 and the expected range", async () => {
    await control('/media-options', { method: 'POST', body: JSON.stringify({ chunkBytes: 10 }) });
    const start = await post(`/${act}/advideos`, { upload_phase: 'start', file_size: '25' });
    expect(start.body).toEqual({
      video_id: expect.any(String),
      upload_session_id: expect.any(String),
      start_offset: '0',
      end_offset: '10',
    });
    const session = String(start.body.upload_session_id);
    const short = await post(
      `/${act}/advideos`,
      { upload_phase: 'transfer', upload_session_id: session, start_offset: '0' },
      { field: 'video_file_chunk', bytes: Buffer.alloc(4) },
    );
    expect(short.status).toBe(400);
    expect(short.body.error).toMatchObject({
      message: 'There was a problem uploading your video file. Please try again with another file.',
      type: 'OAuthException',
      code: 6001,
      error_subcode: 1363037,
      error_user_title: expect.any(String),
      error_user_msg: expect.any(String),
      error_data: { start_offset: '0', end_offset: '10' },
    });
    const early = await post(`/${act}/advideos`, { upload_phase: 'finish', upload_session_id: session });
    expect(early.body.error).toMatchObject({ code: 6001, error_user_title: 'Video Upload Incomplete' });
    const media = await control(`/ad-accounts/${act}/media`);
    const video = (media.body.videos as Record<string, unknown>[]).find((v) => v.uploadSessionId === session);
    expect(video).toMatchObject({
      status: 'upload',
      receivedBytes: 0,
      transferCalls: 0,
      bytesReceivedTotal: 4,
      chunkBytes: 10,
    });
    await control('/media-options', {
      method: 'POST',
      body: JSON.stringify({ chunkBytes: 4 * 1024 * 1024 }),
    });
  });

  it('refuses a video of 0 bytes or over 4 GiB at start', async () => {
    for (const size of ['0', String(4 * 1024 ** 3 + 1)]) {
      const answer = await post(`/${act}/advideos`, { upload_phase: 'start', file_size: size });
      expect(answer.body.error).toMatchObject({ code: 100, error_user_title: 'Invalid Video File Size' });
    }
  });

  it('forces a video to ready or error through the control API; reads it by id with its status', async () => {
    const start = await post(`/${act}/advideos`, { upload_phase: 'start', file_size: '3' });
    const videoId = String(start.body.video_id);
    const forced = await control(`/videos/${videoId}/status`, {
      method: 'POST',
      body: JSON.stringify({ status: 'error' }),
    });
    expect(forced.status).toBe(204);
    const read = await getUrl(
      `${sim.url}/v26.0/${videoId}?fields=status&appsecret_proof=${proofOf(sim, token)}`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    expect(read.body).toMatchObject({
      id: videoId,
      status: { video_status: 'error', processing_phase: { status: 'error' } },
    });
    expect((await control('/videos/999/status', { method: 'POST', body: '{"status":"ready"}' })).status).toBe(
      404,
    );
    expect((await control('/ad-accounts/act_0/media')).status).toBe(404);
  });

  it('refuses a creative for a page the token cannot advertise for', async () => {
    const answer = await post(`/${act}/adcreatives`, {
      name: 'x',
      object_story_spec: JSON.stringify({ page_id: '1', link_data: { link: 'https://x.example' } }),
    });
    expect(answer.body.error).toMatchObject({ code: 100, error_user_title: 'Invalid Page' });
  });
});
