import type { ExperimentRecord } from '../../domain/experiment';
import type { ExperimentPage, ExperimentStore } from '../experiment-store';
import type { KeyedWrite } from '../keyed-write';
import type { InMemoryIdempotencyStore } from './idempotency-store';
import { pageOf } from './page-of';

/** Split tests in this process's memory, with the DynamoDB store's rules, for unit tests. */
export class InMemoryExperimentStore implements ExperimentStore {
  private readonly experiments = new Map<string, ExperimentRecord>();

  /** @param idempotency where a keyed write's answer goes, in the same step */
  constructor(private readonly idempotency?: InMemoryIdempotencyStore) {}

  get all(): ExperimentRecord[] {
    return structuredClone([...this.experiments.values()]);
  }

  async create(experiment: ExperimentRecord, keyed?: KeyedWrite): Promise<void> {
    this.requireIdempotency(keyed);
    this.experiments.set(keyOf(experiment.workspaceId, experiment.id), structuredClone(experiment));
    this.complete(keyed);
  }

  async get(workspaceId: string, id: string): Promise<ExperimentRecord | undefined> {
    const found = this.experiments.get(keyOf(workspaceId, id));
    return found ? structuredClone(found) : undefined;
  }

  async list(workspaceId: string, options: { limit: number; cursor?: string }): Promise<ExperimentPage> {
    const mine = [...this.experiments.values()]
      .filter((experiment) => experiment.workspaceId === workspaceId)
      // Newest first, as the DynamoDB sort key (the time-sortable id) reads backwards.
      .sort((a, b) => b.id.localeCompare(a.id));
    return pageOf(structuredClone(mine), options.limit, options.cursor);
  }

  async saveCancel(experiment: ExperimentRecord, keyed?: KeyedWrite): Promise<boolean> {
    this.requireIdempotency(keyed);
    const key = keyOf(experiment.workspaceId, experiment.id);
    const stored = this.experiments.get(key);
    if (!stored || stored.cancelledAt !== undefined) return false;
    this.experiments.set(key, structuredClone(experiment));
    this.complete(keyed);
    return true;
  }

  private requireIdempotency(keyed: KeyedWrite | undefined): void {
    if (keyed && !this.idempotency) throw new Error('InMemoryExperimentStore has no idempotency store');
  }

  private complete(keyed: KeyedWrite | undefined): void {
    if (keyed) this.idempotency?.completeNow(keyed.scope, keyed.fingerprint, keyed.answer, keyed.ttlSeconds);
  }
}

function keyOf(workspaceId: string, id: string): string {
  return `${workspaceId}#${id}`;
}
