import { queues } from '../../infra/manifest';
import { graphClientFromConfig } from '../meta/graph-client-from-config';
import { resourceName } from '../platform/config';
import { newTimeSortableId } from '../platform/ids';
import { metaAppCredentials } from '../platform/meta-app';
import { oncePerContainer } from '../platform/once-per-container';
import { cachedTokenReads } from '../store/cached-token-reads';
import { approvalStore } from '../store/dynamodb/approval-store';
import { assetStore } from '../store/dynamodb/asset-store';
import { auditStore } from '../store/dynamodb/audit-store';
import { connectionStore } from '../store/dynamodb/connection-store';
import { controlsStore } from '../store/dynamodb/controls-store';
import { idempotencyStore } from '../store/dynamodb/idempotency-store';
import { managedObjectStore } from '../store/dynamodb/managed-object-store';
import { mutationCommit } from '../store/dynamodb/mutation-commit';
import { sendJson } from '../store/queue';
import { tokenVault } from '../store/secrets-manager/token-vault';
import type { CampaignDeps } from './campaign-deps';
import { MetaAdObjects } from './meta-ad-objects';

/**
 * A dashboard request must not sleep on a throttle: past a second, it answers 429 with
 * Retry-After and the caller decides (DESIGN §5, "never a hang").
 */
const MAX_INLINE_WAIT_MS = 1000;

/** How long a warm container keeps a token it read (see cachedTokenReads). */
const TOKEN_CACHE_MS = 60_000;

/** The campaign area's composition root: the only place its handlers get their dependencies from. */
export const campaignDeps: () => Promise<CampaignDeps> = oncePerContainer(build);

async function build(): Promise<CampaignDeps> {
  const app = await metaAppCredentials();
  const graph = graphClientFromConfig({ appSecret: app.appSecret, maxInlineWaitMs: MAX_INLINE_WAIT_MS });
  return {
    connections: connectionStore(),
    vault: cachedTokenReads(tokenVault(), TOKEN_CACHE_MS),
    assets: assetStore(),
    objects: managedObjectStore(),
    controls: controlsStore(),
    idempotency: idempotencyStore(),
    approvals: approvalStore(),
    audit: auditStore(),
    commit: mutationCommit(),
    meta: new MetaAdObjects(graph),
    followUps: {
      send: async (followUp) => {
        await sendJson(resourceName(queues.createFollowUps.envVar), followUp);
      },
    },
    recentPicks: recentPicks(),
    now: Date.now,
    newId: newTimeSortableId,
  };
}

/** A bounded memo of each workspace's last seen pick (a hint only: every use is checked). */
function recentPicks(): CampaignDeps['recentPicks'] {
  const picks = new Map<string, string>();
  return {
    get: (workspaceId) => picks.get(workspaceId),
    remember: (workspaceId, adAccountId) => {
      picks.delete(workspaceId);
      picks.set(workspaceId, adAccountId);
      if (picks.size > 1000) picks.delete(picks.keys().next().value ?? workspaceId);
    },
  };
}
