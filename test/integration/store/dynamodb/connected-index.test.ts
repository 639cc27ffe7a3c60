import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Connection, disconnectedConnection } from '../../../../shared/domain/connection';
import { dynamoDocumentClient } from '../../../../shared/store/aws-clients';
import { DynamoConnectionStore } from '../../../../shared/store/dynamodb/connection-store';
import { useLocalAppTable } from '../../support/local-app-table';

const at = '2026-12-01T00:00:00.000Z';
const connected = (workspaceId: string): Connection => ({
  ...disconnectedConnection(workspaceId, at),
  status: 'connected',
});

describe('the sparse index of connected workspaces (no table scan)', () => {
  let tableName: string;
  beforeAll(async () => {
    tableName = await useLocalAppTable('connected-index');
  });

  /** A connection item as the code before the index wrote it: no index item beside it. */
  const legacyConnection = (connection: Connection) =>
    dynamoDocumentClient().send(
      new PutCommand({
        TableName: tableName,
        Item: { pk: `WS#${connection.workspaceId}`, sk: 'CONNECTION', ...connection, revision: 1 },
      }),
    );

  it('backfills connections older than the index once, then lists only from the index', async () => {
    await legacyConnection(connected('ws-old-1'));
    await legacyConnection({ ...disconnectedConnection('ws-old-gone', at), generation: 2 });
    await legacyConnection({ ...connected('ws-old-reauth'), status: 'needs_reauth' });

    const first = new DynamoConnectionStore();
    expect((await first.connectedWorkspaces()).sort()).toEqual(['ws-old-1', 'ws-old-reauth']);

    // Written behind the index's back after the backfill: a later container no longer scans,
    // so it does not see it (every real write goes through the store and indexes itself).
    await legacyConnection(connected('ws-after-backfill'));
    const later = new DynamoConnectionStore();
    expect((await later.connectedWorkspaces()).sort()).toEqual(['ws-old-1', 'ws-old-reauth']);
  });

  it('adds a workspace when it connects and removes it when it disconnects', async () => {
    const store = new DynamoConnectionStore();
    expect(await store.put(connected('ws-new'))).toBe(true);
    expect(await store.connectedWorkspaces()).toContain('ws-new');

    // Status changes between connected states keep it listed, once.
    const read = await store.get('ws-new');
    expect(await store.put({ ...read, status: 'needs_reauth' })).toBe(true);
    expect((await store.connectedWorkspaces()).filter((ws) => ws === 'ws-new')).toHaveLength(1);

    const again = await store.get('ws-new');
    expect(await store.put({ ...again, status: 'disconnected', generation: again.generation + 1 })).toBe(
      true,
    );
    expect(await store.connectedWorkspaces()).not.toContain('ws-new');
  });

  it('a refused connection write leaves the index as it was', async () => {
    const store = new DynamoConnectionStore();
    expect(await store.put(connected('ws-race'))).toBe(true);
    const stale = await store.get('ws-race');
    expect(await store.put({ ...stale, status: 'disconnected' })).toBe(true);
    // Based on the read before the disconnect: refused, and not listed again.
    expect(await store.put({ ...stale, status: 'connected' })).toBe(false);
    expect(await store.connectedWorkspaces()).not.toContain('ws-race');
  });
});
