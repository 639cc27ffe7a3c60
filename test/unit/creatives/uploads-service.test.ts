import { readUpload, startUpload, type UploadSigner } from '../../../shared/creatives/uploads-service';
import type { Connection } from '../../../shared/domain/connection';
import { arrivalGraceMs, EXPIRED_REASON } from '../../../shared/domain/upload';
import type { Principal } from '../../../shared/platform/auth';
import { InMemoryIdempotencyStore } from '../../../shared/store/memory/idempotency-store';
import { InMemoryUploadStore } from '../../../shared/store/memory/upload-store';
import { uploadRecord } from '../../support/upload-records';

const NOW = Date.parse('2026-12-01T10:00:00.000Z');
const user: Principal = { sub: 'u-1', workspaceId: 'ws-1', actor: 'user' };

function setup(connection: Partial<Connection> = {}) {
  const uploads = new InMemoryUploadStore();
  const signed: Parameters<UploadSigner['sign']>[0][] = [];
  const signer: UploadSigner = {
    sign: async (object) => {
      signed.push(object);
      return { url: 'http://s3.test/staging', fields: { key: object.key } };
    },
  };
  const conn: Connection = {
    workspaceId: 'ws-1',
    status: 'connected',
    generation: 1,
    revision: 1,
    adAccountId: 'act_1',
    scopes: [],
    declinedScopes: [],
    updatedAt: '2026-12-01T09:00:00.000Z',
    ...connection,
  };
  let n = 0;
  const deps = {
    uploads,
    idempotency: new InMemoryIdempotencyStore({ now: () => new Date(NOW) }),
    signer,
    connections: { get: async () => conn },
    now: () => NOW,
    newUploadId: () => `upl_${String(++n).padStart(24, '0')}`,
  };
  return { deps, uploads, signed };
}

const image = { kind: 'image', fileName: 'hero.png', contentType: 'image/png', size: 2_000_000 };

describe('startUpload', () => {
  it('records a pending upload for the picked ad account and signs its key, type and exact size', async () => {
    const { deps, uploads, signed } = setup();
    const { body: answer } = await startUpload(deps, user, image);
    expect(answer).toEqual({
      id: 'upl_000000000000000000000001',
      upload: { url: 'http://s3.test/staging', fields: { key: 'uploads/ws-1/upl_000000000000000000000001' } },
      expiresAt: '2026-12-01T11:00:00.000Z',
    });
    expect(signed).toEqual([
      {
        key: 'uploads/ws-1/upl_000000000000000000000001',
        contentType: 'image/png',
        size: 2_000_000,
        expiresInSeconds: 3600,
      },
    ]);
    expect(await uploads.get('ws-1', answer.id)).toMatchObject({
      status: 'pending',
      kind: 'image',
      bytes: 2_000_000,
      adAccountId: 'act_1',
      version: 1,
    });
  });

  it('answers a repeat under its Idempotency-Key with the same upload, its POST signed afresh', async () => {
    const { deps, uploads, signed } = setup();
    const first = await startUpload(deps, user, image, { idempotencyKey: 'k-up' });
    const again = await startUpload(deps, user, image, { idempotencyKey: 'k-up' });
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers).toEqual({ 'idempotent-replayed': 'true' });
    expect(signed).toHaveLength(2);
    expect(await uploads.get('ws-1', 'upl_000000000000000000000002')).toBeUndefined();
    await expect(
      startUpload(deps, user, { ...image, size: 3_000_000 }, { idempotencyKey: 'k-up' }),
    ).rejects.toMatchObject({ status: 422, code: 'idempotency_key_reused' });
  });

  it('refuses a wrong file before anything is recorded or signed', async () => {
    const { deps, uploads, signed } = setup();
    await expect(
      startUpload(deps, user, { ...image, contentType: 'image/gif', fileName: 'a.gif' }),
    ).rejects.toMatchObject({
      status: 422,
      code: 'upload_not_allowed',
      details: { field: 'contentType' },
    });
    expect(signed).toEqual([]);
    expect(uploads.writes).toEqual([]);
    expect(await uploads.get('ws-1', 'upl_000000000000000000000001')).toBeUndefined();
  });

  it('needs a connection and a picked ad account', async () => {
    await expect(startUpload(setup({ status: 'disconnected' }).deps, user, image)).rejects.toMatchObject({
      status: 409,
      code: 'not_connected',
    });
    const noPick = setup();
    noPick.deps.connections.get = async () => ({
      workspaceId: 'ws-1',
      status: 'connected',
      generation: 1,
      revision: 1,
      scopes: [],
      declinedScopes: [],
      updatedAt: '2026-12-01T09:00:00.000Z',
    });
    await expect(startUpload(noPick.deps, user, image)).rejects.toMatchObject({
      status: 409,
      code: 'no_ad_account',
    });
  });
});

describe('readUpload', () => {
  it('shows the upload without its staging key or Meta session', async () => {
    const { deps, uploads } = setup();
    await uploads.create(
      uploadRecord({
        kind: 'video',
        status: 'uploading',
        sentBytes: 4096,
        video: { videoId: '99', uploadSessionId: 'secret-session', startOffset: 4096, endOffset: 8192 },
      }),
    );
    const seen = await readUpload(deps, user, 'upl_000000000000000000000001');
    expect(seen).toMatchObject({ status: 'uploading', sentBytes: 4096, bytes: 2000 });
    expect(JSON.stringify(seen)).not.toContain('secret-session');
    expect(seen).not.toHaveProperty('key');
  });

  it('reads a pending upload as rejected, expired, once its file can no longer arrive', async () => {
    const { deps, uploads } = setup();
    // 2 000 bytes: 10 minutes and 1 s of grace after the link expired.
    await uploads.create(
      uploadRecord({ id: 'upl_000000000000000000000001', expiresAt: '2026-12-01T09:49:58.000Z' }),
    );
    await uploads.create(
      uploadRecord({ id: 'upl_000000000000000000000002', expiresAt: '2026-12-01T09:50:30.000Z' }),
    );
    expect(await readUpload(deps, user, 'upl_000000000000000000000001')).toMatchObject({
      status: 'rejected',
      reason: EXPIRED_REASON,
    });
    // A POST that started before the link expired may still be arriving.
    expect(await readUpload(deps, user, 'upl_000000000000000000000002')).toMatchObject({ status: 'pending' });
  });

  it('waits longer for a large file: 4 GiB gets over an hour of grace', () => {
    expect(arrivalGraceMs(4 * 1024 * 1024 * 1024)).toBe(10 * 60_000 + 4096 * 1000);
  });

  it("answers 404 for another workspace's upload", async () => {
    const { deps, uploads } = setup();
    await uploads.create(uploadRecord({ workspaceId: 'ws-2' }));
    await expect(readUpload(deps, user, 'upl_000000000000000000000001')).rejects.toMatchObject({
      status: 404,
    });
  });
});
