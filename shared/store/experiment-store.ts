import type { ExperimentRecord } from '../domain/experiment';
import type { KeyedWrite } from './keyed-write';

export interface ExperimentPage {
  items: ExperimentRecord[];
  nextCursor?: string;
}

/**
 * The workspace's split tests (app table, `WS#<ws>` / `EXPERIMENT#<id>`; ids sort by time, so
 * a reverse query lists newest first).
 */
export interface ExperimentStore {
  /**
   * Records a study Meta made and, under a key, the create's answer, in one write: a retry
   * never finds the answer without the record, nor the record twice.
   */
  create(experiment: ExperimentRecord, idempotency?: KeyedWrite): Promise<void>;
  get(workspaceId: string, id: string): Promise<ExperimentRecord | undefined>;
  /** Newest first. */
  list(workspaceId: string, options: { limit: number; cursor?: string }): Promise<ExperimentPage>;
  /**
   * Stores a cancel (`cancelledAt`, the end it moved to) unless one is stored already: false
   * when another cancel got there first. Under a key, its answer lands in the same write.
   */
  saveCancel(experiment: ExperimentRecord, idempotency?: KeyedWrite): Promise<boolean>;
}
