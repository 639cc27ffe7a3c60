import { tables } from '../../../infra/resources';
import { resourceName } from '../../platform/config';

/** The single table's name; keys are `pk`/`sk`, strings prefixed by the entity's owner. */
export function appTableName(): string {
  return resourceName(tables.app.envVar);
}

export const appKeys = {
  workspace: (workspaceId: string) => `WS#${workspaceId}`,
  /**
   * One of the workspace's asset shards (`shardOf(asset id, SHARD_COUNTS.assets)`): a first
   * sync writes thousands of assets at once, more than one partition key takes. Assets of
   * before the shards live under `WS#<ws>` until a sync moves them.
   */
  assetShard: (workspaceId: string, shard: number) => `WS#${workspaceId}#ASSETS#${shard}`,
  connection: 'CONNECTION',
  token: (tokenId: string) => `TOKEN#${tokenId}`,
  /**
   * Under `WS#<ws>`, beside the token refs: one sealed token (envelope vault) by the token id
   * of its name. Not under `TOKEN#`, so listing the refs never reads ciphertext.
   */
  tokenCipher: (tokenId: string) => `TOKEN_CIPHER#${tokenId}`,
  notification: (at: string, id: string) => `NOTIF#${at}#${id}`,
  /** Under `WS#<ws>`: that a notification of this id was added (see NotificationStore.addOnce). */
  notificationOnce: (id: string) => `NOTIF_ONCE#${id}`,
  adAccount: (adAccountId: string) => `ADACCOUNT#${adAccountId}`,
  metaUser: (metaUserId: string) => `METAUSER#${metaUserId}`,
  /**
   * The sparse index of connected workspaces: one item `CONNECTED/WS#<ws>` per workspace not
   * disconnected, written in the connection's own transaction, so the periodic jobs Query it
   * instead of scanning the table.
   */
  connectedIndex: 'CONNECTED',
  /** Under `CONNECTED`: the one-time backfill of the index for connections older than it is done. */
  connectedIndexBackfilled: 'BACKFILLED',
  /** A pending login, by the hash of its completion id (never the id itself). */
  pendingLogin: (completionHash: string) => `PENDING_LOGIN#${completionHash}`,
  /** Under `WS#<ws>`: the workspace's spend caps and agent-control matrix. */
  controls: 'CONTROLS',
  /** Under `WS#<ws>`: time first, so a reverse query lists newest first. */
  audit: (at: string, id: string) => `AUDIT#${at}#${id}`,
  auditPrefix: 'AUDIT#',
  /** Under `WS#<ws>`; approval ids are time-sortable, so sk order is time order. */
  approval: (id: string) => `APPROVAL#${id}`,
  approvalPrefix: 'APPROVAL#',
  /** Under `WS#<ws>`; brief ids are time-sortable, so sk order is time order. */
  brief: (id: string) => `BRIEF#${id}`,
  briefPrefix: 'BRIEF#',
  /** Under `WS#<ws>`: time first (Meta's creative ids do not sort by time). */
  creative: (createdAt: string, id: string) => `CREATIVE#${createdAt}#${id}`,
  creativePrefix: 'CREATIVE#',
  /**
   * One mirrored campaign / ad set / ad (shared with the webhook mirror), under its ad account's
   * shard (`adObjectShard`, see ad-object-keys.ts); under `ADACCOUNT#<act>` before the shards.
   */
  adObject: (objectId: string) => `OBJ#${objectId}`,
  /** One of an ad account's object shards (`shardOf(object id, SHARD_COUNTS.adObjects)`). */
  adObjectShard: (adAccountId: string, shard: number) => `ADACCOUNT#${adAccountId}#OBJ#${shard}`,
  adObjectPrefix: 'OBJ#',
  /** Under `WS#<ws>`; experiment ids are time-sortable, so sk order is time order. */
  experiment: (id: string) => `EXPERIMENT#${id}`,
  experimentPrefix: 'EXPERIMENT#',
  /** Under `WS#<ws>`: one upload to the staging bucket and on to Meta. */
  upload: (uploadId: string) => `UPLOAD#${uploadId}`,
  /** Under `WS#<ws>`: one Insights pull (a refresh or a scheduled run) and its counters. */
  insightsJob: (jobId: string) => `INSIGHTS_JOB#${jobId}`,
  /** Under `WS#<ws>`: how one piece of an Insights job ended (written once). */
  insightsPiece: (jobId: string, pieceId: string) => `INSIGHTS_JOB#${jobId}#PIECE#${pieceId}`,
} as const;
