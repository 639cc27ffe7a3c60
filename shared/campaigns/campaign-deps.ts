import type { ApprovalStore } from '../store/approval-store';
import type { AssetStore } from '../store/asset-store';
import type { AuditStore } from '../store/audit-store';
import type { ConnectionStore } from '../store/connection-store';
import type { ControlsStore } from '../store/controls-store';
import type { IdempotencyStore } from '../store/idempotency-store';
import type { ManagedObjectStore } from '../store/managed-object-store';
import type { MutationCommit } from '../store/mutation-commit';
import type { TokenVault } from '../store/token-vault';
import type { MetaAdObjects } from './meta-ad-objects';

/** A reconciled create whose marker label can go (see MetaAdObjects.removeMarker). */
export interface CreateFollowUp {
  workspaceId: string;
  adAccountId: string;
  level: 'campaign' | 'adset' | 'ad';
  objectId: string;
  marker: string;
}

/** What campaign management reads and writes; built once per container in campaign-root.ts. */
export interface CampaignDeps {
  connections: Pick<ConnectionStore, 'get' | 'listTokens'>;
  vault: Pick<TokenVault, 'get'>;
  assets: Pick<AssetStore, 'loadAll' | 'get'>;
  objects: ManagedObjectStore;
  controls: ControlsStore;
  idempotency: IdempotencyStore;
  approvals: ApprovalStore;
  audit: AuditStore;
  commit: MutationCommit;
  /** The public calls of MetaAdObjects (its Graph client stays its own, so a test can stand in). */
  meta: Pick<MetaAdObjects, keyof MetaAdObjects>;
  /** Queues the marker clean-up (and the read-back of Meta's defaults) after a create. */
  followUps: { send(followUp: CreateFollowUp): Promise<void> };
  /**
   * The ad account each workspace picked, as this container last saw it: a mutation starts its
   * reads there before the workspace is loaded (see startEarlyReads).
   */
  recentPicks: {
    get(workspaceId: string): string | undefined;
    remember(workspaceId: string, adAccountId: string): void;
  };
  now: () => number;
  newId: () => string;
}

/** The read-only routes need only the mirror and the workspace's ad accounts. */
export type CampaignReadDeps = Pick<CampaignDeps, 'connections' | 'assets' | 'objects'>;
