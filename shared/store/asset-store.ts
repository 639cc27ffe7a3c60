import type { Asset } from '../domain/asset-record';
import type { AssetType } from '../domain/asset-type';

export interface AssetPage {
  items: Asset[];
  nextCursor?: string;
}

/** A workspace's asset inventory: one item per (workspace, type, Meta id). */
export interface AssetStore {
  /** One page of a type, by Meta id; removed assets only when asked for. */
  list(
    workspaceId: string,
    type: AssetType,
    options: { limit: number; cursor?: string; includeRemoved: boolean },
  ): Promise<AssetPage>;
  /** Every stored asset of these types, active and removed: what a run reconciles against. */
  loadAll(workspaceId: string, types: readonly AssetType[]): Promise<Asset[]>;
  /** One asset by type and Meta id, removed ones too; undefined when never seen. */
  get(workspaceId: string, type: AssetType, id: string): Promise<Asset | undefined>;
  /** Stores whole items (create or replace), many at a time. */
  putMany(assets: readonly Asset[]): Promise<void>;
  /**
   * Moves the workspace's assets still stored the way of an older release (one partition key)
   * to where they are stored now; returns how many moved (0 once done). Reads find them either way.
   */
  moveToShards(workspaceId: string): Promise<number>;
}
