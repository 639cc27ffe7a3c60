import type { ConnectDeps } from '../../../shared/connect/connect-deps';
import { InMemoryConnectionStore } from '../../../shared/store/memory/connection-store';
import { InMemoryNotificationStore } from '../../../shared/store/memory/notification-store';
import { InMemoryOAuthStateStore } from '../../../shared/store/memory/oauth-state-store';
import { InMemoryPendingLoginStore } from '../../../shared/store/memory/pending-login-store';
import { InMemoryTokenVault } from '../../../shared/store/memory/token-vault';
import { FakeMetaLogin } from './fake-meta-login';

export const REDIRECT = 'http://localhost/integrations/meta/callback';

/** The connect flow over in-memory stores and a scripted Meta, with a movable clock. */
export function connectHarness() {
  const clock = { now: Date.parse('2026-11-23T12:00:00Z') };
  let ids = 0;
  const syncs: string[] = [];
  const tokenSyncs: string[] = [];
  const deps = {
    connections: new InMemoryConnectionStore(),
    states: new InMemoryOAuthStateStore(),
    pendingLogins: new InMemoryPendingLoginStore(),
    vault: new InMemoryTokenVault(),
    // Every token of the in-memory vault is a current one; move-token tests swap this in.
    isLegacyTokenSecret: (_secretId: string): boolean => false,
    notifications: new InMemoryNotificationStore(),
    meta: new FakeMetaLogin(),
    startSync: async ({ workspaceId }: { workspaceId: string }) => {
      syncs.push(workspaceId);
    },
    startSyncForNewToken: async (workspaceId: string) => {
      tokenSyncs.push(workspaceId);
    },
    settings: {
      appId: 'app-1',
      stateKey: 'state-key-for-tests',
      dialogUrl: 'https://www.facebook.test',
      graphVersion: 'v26.0',
      dashboardUrl: 'http://localhost/console',
      redirectUri: REDIRECT,
    },
    now: () => clock.now,
    newId: () => `id-${++ids}`,
  } satisfies ConnectDeps;
  return { deps, clock, syncs, tokenSyncs };
}

export const alice = { sub: 'alice', workspaceId: 'ws-1', actor: 'user' as const };
export const bob = { sub: 'bob', workspaceId: 'ws-2', actor: 'user' as const };
/** Another user of alice's workspace. */
export const carol = { sub: 'carol', workspaceId: 'ws-1', actor: 'user' as const };
