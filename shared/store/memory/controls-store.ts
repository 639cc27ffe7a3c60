import type { Controls } from '../../domain/controls';
import type { ControlsStore } from '../controls-store';

/** Controls in this process's memory, for unit tests. */
export class InMemoryControlsStore implements ControlsStore {
  private readonly byWorkspace = new Map<string, Controls>();

  async get(workspaceId: string): Promise<Controls | undefined> {
    const controls = this.byWorkspace.get(workspaceId);
    return controls ? structuredClone(controls) : undefined;
  }

  async put(workspaceId: string, controls: Controls): Promise<Controls> {
    this.byWorkspace.set(workspaceId, structuredClone(controls));
    return controls;
  }
}
