import type { CreativeRecord } from '../domain/creative-record';
import type { KeyedWrite } from './keyed-write';

export interface CreativePage {
  items: CreativeRecord[];
  nextCursor?: string;
}

/**
 * The creatives a workspace made (app table, `WS#<ws>` / `CREATIVE#<createdAt>#<id>`: time
 * first, as Meta's ids do not sort by time, so a reverse query lists newest first).
 */
export interface CreativeStore {
  /**
   * Records a creative Meta made and, under a key, the create's answer, in one write: a
   * retry never finds the answer without the record, nor the record twice.
   */
  save(creative: CreativeRecord, idempotency?: KeyedWrite): Promise<void>;
  /** Newest first. */
  list(workspaceId: string, options: { limit: number; cursor?: string }): Promise<CreativePage>;
}
