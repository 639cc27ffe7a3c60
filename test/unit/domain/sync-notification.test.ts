import { syncNotificationContent } from '../../../shared/domain/sync-notification';
import type { SyncRun } from '../../../shared/domain/sync-run';

const base: Pick<SyncRun, 'syncRunId' | 'status' | 'counts' | 'tasks' | 'cleanup' | 'errors' | 'assetTypes'> =
  {
    syncRunId: 'sr_1',
    status: 'succeeded',
    counts: { found: 120, added: 5, updated: 2, removed: 1 },
    tasks: { total: 4, succeeded: 4, failed: 0 },
    cleanup: 'done',
    errors: [],
    assetTypes: ['ad-accounts', 'pages', 'pixels', 'catalogs'],
  };

describe('syncNotificationContent', () => {
  it('reports the counts of a successful run', () => {
    const content = syncNotificationContent(base);
    expect(content.kind).toBe('sync_succeeded');
    expect(content.message).toBe('Found 120 assets: 5 added, 2 updated, 1 removed.');
    expect(content.data).toMatchObject({
      syncRunId: 'sr_1',
      found: 120,
      added: 5,
      updated: 2,
      removed: 1,
      cleanup: 'done',
    });
  });

  it('says what failed in a partial run and that nothing was removed', () => {
    const content = syncNotificationContent({
      ...base,
      status: 'partial',
      cleanup: 'skipped',
      counts: { found: 1, added: 1, updated: 0, removed: 0 },
      tasks: { total: 4, succeeded: 3, failed: 1 },
      errors: [{ code: 'meta_unavailable', message: 'Meta is down', businessId: 'b7', taskId: 'bm-b7' }],
    });
    expect(content.kind).toBe('sync_partial');
    expect(content.message).toBe(
      'Found 1 asset: 1 added, 0 updated, 0 removed. 1 of 4 parts could not be read (Business Manager b7): Meta is down; nothing was removed.',
    );
    expect(content.data.errors).toHaveLength(1);
  });

  it('reports a partial run caused by planning', () => {
    const content = syncNotificationContent({
      ...base,
      status: 'partial',
      errors: [{ code: 'meta_token_invalid', message: 'expired', tokenId: 't2' }],
    });
    expect(content.message).toContain('some parts could not be read: expired');
  });

  it('reports a failed run', () => {
    const content = syncNotificationContent({
      ...base,
      status: 'failed',
      counts: { found: 0, added: 0, updated: 0, removed: 0 },
      errors: [{ code: 'meta_token_invalid', message: 'The token was revoked' }],
    });
    expect(content.kind).toBe('sync_failed');
    expect(content.message).toBe(
      'Nothing could be read from Meta: The token was revoked. Your asset lists were left as they were.',
    );
  });

  it('carries at most five errors', () => {
    const errors = Array.from({ length: 8 }, (_, i) => ({ code: 'x', message: `e${i}` }));
    expect(syncNotificationContent({ ...base, status: 'partial', errors }).data.errors).toHaveLength(5);
  });
});
