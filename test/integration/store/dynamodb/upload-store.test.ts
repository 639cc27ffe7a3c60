import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../../../shared/platform/errors';
import {
  DynamoUploadStore,
  UPLOAD_TTL_AFTER_EXPIRY_SECONDS,
} from '../../../../shared/store/dynamodb/upload-store';
import { StaleUploadError } from '../../../../shared/store/upload-store';
import { uploadRecord } from '../../../support/upload-records';
import { createLocalAppTable, type LocalAppTable } from '../../support/local-app-table';

describe('DynamoUploadStore on DynamoDB Local', () => {
  let table: LocalAppTable;
  beforeAll(async () => {
    table = await createLocalAppTable('uploads');
  });
  afterAll(() => table.close());
  const store = () => new DynamoUploadStore({ client: table.client, tableName: table.tableName });
  const later = '2026-12-01T10:05:00.000Z';

  it('creates and reads an upload under its workspace, with a TTL 30 days after it expires', async () => {
    const upload = uploadRecord({ id: 'upl_00000000000000000000000a' });
    await store().create(upload);
    expect(await store().get('ws-1', upload.id)).toEqual(upload);
    expect(await store().get('ws-2', upload.id)).toBeUndefined();

    const raw = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: { pk: 'WS#ws-1', sk: `UPLOAD#${upload.id}` } }),
    );
    expect(raw.Item?.ttl).toBe(Date.parse(upload.expiresAt) / 1000 + UPLOAD_TTL_AFTER_EXPIRY_SECONDS);
  });

  it('keeps a ready upload: its TTL goes, while a rejected one keeps aging out', async () => {
    const raw = async (id: string) =>
      (
        await table.client.send(
          new GetCommand({ TableName: table.tableName, Key: { pk: 'WS#ws-1', sk: `UPLOAD#${id}` } }),
        )
      ).Item;
    await store().create(uploadRecord({ id: 'upl_00000000000000000000001a' }));
    await store().create(uploadRecord({ id: 'upl_00000000000000000000001b' }));
    await store().update(
      'ws-1',
      'upl_00000000000000000000001a',
      1,
      { status: 'ready', imageHash: 'h' },
      later,
    );
    await store().update(
      'ws-1',
      'upl_00000000000000000000001b',
      1,
      { status: 'rejected', reason: 'r' },
      later,
    );
    expect((await raw('upl_00000000000000000000001a'))?.ttl).toBeUndefined();
    expect((await raw('upl_00000000000000000000001b'))?.ttl).toEqual(expect.any(Number));
  });

  it('refuses to create an id twice', async () => {
    const upload = uploadRecord({ id: 'upl_00000000000000000000000b' });
    await store().create(upload);
    await expect(store().create({ ...upload, fileName: 'other.png' })).rejects.toBeInstanceOf(ConflictError);
    expect((await store().get('ws-1', upload.id))?.fileName).toBe('spring.png');
  });

  it('applies a change at the version read and bumps it; a stale writer loses', async () => {
    const upload = uploadRecord({
      id: 'upl_00000000000000000000000c',
      kind: 'video',
      contentType: 'video/mp4',
    });
    await store().create(upload);
    const video = { videoId: '900', uploadSessionId: 's-1', startOffset: 0, endOffset: 1000 };
    const written = await store().update(
      'ws-1',
      upload.id,
      1,
      { status: 'uploading', video, sentBytes: 0 },
      later,
    );
    expect(written).toEqual({
      ...upload,
      status: 'uploading',
      video,
      sentBytes: 0,
      version: 2,
      updatedAt: later,
    });
    expect(await store().get('ws-1', upload.id)).toEqual(written);

    await expect(store().update('ws-1', upload.id, 1, { sentBytes: 1000 }, later)).rejects.toBeInstanceOf(
      StaleUploadError,
    );
    const next = await store().update(
      'ws-1',
      upload.id,
      2,
      { video: { ...video, startOffset: 1000, endOffset: 2000 }, sentBytes: 1000 },
      later,
    );
    expect(next).toMatchObject({
      version: 3,
      sentBytes: 1000,
      video: { startOffset: 1000, endOffset: 2000 },
    });
  });

  it('removes a field the change names as undefined', async () => {
    const upload = uploadRecord({
      id: 'upl_00000000000000000000000d',
      status: 'rejected',
      reason: 'too short',
    });
    await store().create(upload);
    const written = await store().update(
      'ws-1',
      upload.id,
      1,
      { status: 'validating', reason: undefined },
      later,
    );
    expect(written.reason).toBeUndefined();
    expect(written).not.toHaveProperty('reason');
    expect(written.status).toBe('validating');
  });

  it('an update of an upload that does not exist (or of another workspace) is stale', async () => {
    const upload = uploadRecord({ id: 'upl_00000000000000000000000e' });
    await store().create(upload);
    await expect(
      store().update('ws-2', upload.id, 1, { status: 'validating' }, later),
    ).rejects.toBeInstanceOf(StaleUploadError);
    expect(await store().get('ws-2', upload.id)).toBeUndefined();
  });
});
