import type { ActiveSyncRun, SyncRun } from '../../../shared/domain/sync-run';
import { InMemoryConnectionStore } from '../../../shared/store/memory/connection-store';
import type { SyncRunStore } from '../../../shared/store/sync-run-store';
import { startFollowUpIfDue } from '../../../shared/sync/follow-up-sync';
import type { SyncStartDeps } from '../../../shared/sync/sync-deps';
import type { SyncMessage } from '../../../shared/sync/sync-messages';

const ALL_TYPES = ['ad-accounts', 'pages', 'pixels', 'catalogs'] as const;
const NOW = Date.parse('2026-12-01T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A run store whose active list follows a script, one entry per read (the last repeats), so a
 * test can end a run between two steps of the follow-up; startRun records what started.
 */
function scriptedRuns(script: ActiveSyncRun[][]) {
  let reads = 0;
  const started: SyncRun[] = [];
  const runs = {
    activeRuns: async () => {
      const runs = script[Math.min(reads, script.length - 1)] ?? [];
      reads++;
      return { runs, version: reads };
    },
    startRun: async (run: SyncRun) => {
      started.push(run);
      return true;
    },
    abandon: async () => true,
    removeActiveRun: async () => undefined,
  };
  return { runs: runs as unknown as SyncRunStore, started };
}

describe('startFollowUpIfDue', () => {
  it('starts the follow-up when the run it moved behind ended before the move was written', async () => {
    const connections = new InMemoryConnectionStore();
    await connections.put({
      workspaceId: 'ws-1',
      status: 'connected',
      generation: 0,
      revision: 0,
      scopes: [],
      declinedScopes: [],
      nextSync: { reason: 'token_added', after: 'sr_old', requestedAt: iso(NOW - 60_000) },
      updatedAt: iso(NOW - 60_000),
    });
    // Run X started before the token was added, so joining it does not settle the follow-up.
    const x: ActiveSyncRun = {
      syncRunId: 'sr_x',
      assetTypes: [...ALL_TYPES],
      startedAt: iso(NOW - 120_000),
      generation: 0,
    };
    // sr_old is over and X is going (two reads: the check and the start that joins X); then X ends.
    const { runs, started } = scriptedRuns([[x], [x], []]);
    const sent: SyncMessage[] = [];
    const deps: SyncStartDeps = {
      connections,
      runs,
      queue: {
        send: async (message) => {
          sent.push(message);
        },
        sendAll: async (messages) => {
          sent.push(...messages);
        },
      },
      now: () => NOW,
      randomSuffix: () => 'abc',
    };

    await startFollowUpIfDue(deps, 'ws-1', 'sr_old');

    // X's finisher found nothing owed (the follow-up still waited on sr_old): this call starts it.
    expect(started).toHaveLength(1);
    expect(sent).toEqual([expect.objectContaining({ kind: 'plan', syncRunId: started[0]?.syncRunId })]);
    expect((await connections.get('ws-1')).nextSync).toBeUndefined();
  });
});
