import type { BriefRecord } from '../domain/creative-brief';
import type { KeyedWrite } from './keyed-write';

export interface BriefPage {
  items: BriefRecord[];
  nextCursor?: string;
}

/**
 * Creative briefs (app table, `WS#<ws>` / `BRIEF#<id>`; ids sort by time). Reads are scoped
 * by workspace: another workspace's id reads undefined and is never changed.
 */
export interface BriefStore {
  /** Creates `brief` and, under a key, the create's answer, in one write; an existing id throws. */
  create(brief: BriefRecord, idempotency?: KeyedWrite): Promise<void>;
  get(workspaceId: string, id: string): Promise<BriefRecord | undefined>;
  /** Overwrites an existing brief; false (and nothing written) when there is none. */
  replace(brief: BriefRecord): Promise<boolean>;
  /** False when there was none to delete. */
  delete(workspaceId: string, id: string): Promise<boolean>;
  /** Newest first. */
  list(workspaceId: string, options: { limit: number; cursor?: string }): Promise<BriefPage>;
}
