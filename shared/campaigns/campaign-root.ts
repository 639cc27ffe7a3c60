import { queues } from '../../infra/resources';
import { cachedWorkspaceTokenReads } from '../connect/workspace-token-reads';
import { nonWaitingGraphClient } from '../meta/graph-client-from-config';
import { resourceName } from '../platform/config';
import { newTimeSortableId } from '../platform/ids';
import { oncePerContainer } from '../platform/once-per-container';
import { approvalStore } from '../store/dynamodb/approval-store';
import { assetStore } from '../store/dynamodb/asset-store';
import { auditStore } from '../store/dynamodb/audit-store';
import { controlsStore } from '../store/dynamodb/controls-store';
import { idempotencyStore } from '../store/dynamodb/idempotency-store';
import { managedObjectStore } from '../store/dynamodb/managed-object-store';
import { mutationCommit } from '../store/dynamodb/mutation-commit';
import { sendJson } from '../store/queue';
import type { CampaignDeps } from './campaign-deps';
import { MetaAdObjects } from './meta-ad-objects';

/** The campaign area's composition root: the only place its handlers get their dependencies from. */
export const campaignDeps: () => Promise<CampaignDeps> = oncePerContainer(build);

async function build(): Promise<CampaignDeps> {
  const graph = await nonWaitingGraphClient();
  return {
    ...cachedWorkspaceTokenReads(),
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
