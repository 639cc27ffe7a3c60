import type { Controls } from '../domain/controls';

/** A workspace's controls (DESIGN §5 Controls); none stored reads `undefined` (DEFAULT_CONTROLS applies). */
export interface ControlsStore {
  get(workspaceId: string): Promise<Controls | undefined>;
  /** Replaces the workspace's controls; answers them as stored. */
  put(workspaceId: string, controls: Controls): Promise<Controls>;
}
