import type { Asset } from '../../../shared/domain/asset-record';
import type { AssetType } from '../../../shared/domain/asset-type';
import type { CancelTimes } from '../../../shared/domain/experiment-status';
import type { ManagedObject } from '../../../shared/domain/managed-object';
import type { ExperimentDeps } from '../../../shared/experiments/experiment-deps';
import type {
  MetaAdStudies,
  MetaStudy,
  StudyCall,
  StudySpec,
} from '../../../shared/experiments/meta-ad-studies';
import type { AssetStore } from '../../../shared/store/asset-store';
import { InMemoryAuditStore } from '../../../shared/store/memory/audit-store';
import { InMemoryConnectionStore } from '../../../shared/store/memory/connection-store';
import { InMemoryControlsStore } from '../../../shared/store/memory/controls-store';
import { InMemoryDailyMetricsStore } from '../../../shared/store/memory/daily-metrics-store';
import { InMemoryExperimentStore } from '../../../shared/store/memory/experiment-store';
import { InMemoryIdempotencyStore } from '../../../shared/store/memory/idempotency-store';
import { InMemoryManagedObjectStore } from '../../../shared/store/memory/managed-object-store';
import { InMemoryTokenVault } from '../../../shared/store/memory/token-vault';
import { connection, loginToken, START, USD_ACCOUNT, WORKSPACE } from '../campaigns/campaign-deps-fixture';
import { FakeMeta, lostAnswer } from '../campaigns/fake-meta';

export { agent, START, USD_ACCOUNT, user, WORKSPACE } from '../campaigns/campaign-deps-fixture';
export const BUSINESS = '700';

/**
 * Meta's ad studies as the service uses them: studies kept with their cells and times, a
 * scripted failure thrown before the next create or end (or, `loseNextCreateAnswer`, after
 * the create landed), and calls counted.
 */
export class FakeAdStudies implements MetaAdStudies {
  readonly studies = new Map<string, MetaStudy & { businessId: string; spec: StudySpec }>();
  readonly calls: { method: string; call: StudyCall }[] = [];
  business: string | undefined = BUSINESS;
  private failures: { method: 'create' | 'end'; error: Error }[] = [];
  private ids = 0;
  private lostCreateAnswers = 0;

  /** The next creates land at Meta but their answers are lost (a timeout). */
  loseNextCreateAnswer(times = 1): void {
    this.lostCreateAnswers += times;
  }

  failNext(method: 'create' | 'end', error: Error): void {
    this.failures.push({ method, error });
  }

  private failure(method: 'create' | 'end'): void {
    const at = this.failures.findIndex((f) => f.method === method);
    if (at < 0) return;
    const [found] = this.failures.splice(at, 1);
    if (found) throw found.error;
  }

  async businessOf(call: StudyCall): Promise<string | undefined> {
    this.calls.push({ method: 'businessOf', call });
    return this.business;
  }

  async create(call: StudyCall, businessId: string, spec: StudySpec): Promise<{ id: string }> {
    this.calls.push({ method: 'create', call });
    this.failure('create');
    const id = String(900_000 + ++this.ids);
    this.studies.set(id, {
      id,
      name: spec.name,
      businessId,
      spec: structuredClone(spec),
      startMs: spec.startSeconds * 1000,
      endMs: spec.endSeconds * 1000,
      cells: spec.cells.map((cell, i) => ({ id: `${id}${i}`, ...cell, objectIds: [...cell.objectIds] })),
    });
    if (this.lostCreateAnswers > 0) {
      this.lostCreateAnswers -= 1;
      throw lostAnswer();
    }
    return { id };
  }

  async findByMarker(call: StudyCall, businessId: string, marker: string): Promise<string | undefined> {
    this.calls.push({ method: 'findByMarker', call });
    return [...this.studies.values()].find((s) => s.businessId === businessId && s.spec.marker === marker)
      ?.id;
  }

  async read(call: StudyCall, studyId: string): Promise<MetaStudy> {
    this.calls.push({ method: 'read', call });
    const study = this.studies.get(studyId);
    if (!study) throw new Error(`no study ${studyId}`);
    const { businessId: _b, spec: _s, ...read } = study;
    return structuredClone(read);
  }

  async end(call: StudyCall, studyId: string, times: CancelTimes): Promise<void> {
    this.calls.push({ method: 'end', call });
    this.failure('end');
    const study = this.studies.get(studyId);
    if (!study) throw new Error(`no study ${studyId}`);
    if (times.startSeconds !== undefined) study.startMs = times.startSeconds * 1000;
    study.endMs = times.endSeconds * 1000;
  }

  count(method: string): number {
    return this.calls.filter((c) => c.method === method).length;
  }
}

class FakeAssets implements Pick<AssetStore, 'loadAll' | 'get'> {
  constructor(readonly assets: Asset[]) {}
  async loadAll(workspaceId: string, types: readonly AssetType[]): Promise<Asset[]> {
    return this.assets.filter((a) => a.workspaceId === workspaceId && types.includes(a.type));
  }
  async get(workspaceId: string, type: AssetType, id: string): Promise<Asset | undefined> {
    return this.assets.find((a) => a.workspaceId === workspaceId && a.type === type && a.id === id);
  }
}

function adAccount(id: string, currency: string, businessId?: string): Asset {
  return {
    workspaceId: WORKSPACE,
    type: 'ad-accounts',
    id,
    name: `Account ${id}`,
    ownership: 'owned',
    ...(businessId ? { businessId } : {}),
    tokenIds: ['tok-login'],
    accountId: id.replace(/^act_/, ''),
    currency,
    timezone: 'America/New_York',
    accountStatus: 1,
    status: 'active',
    lastSeenRunId: 'run-1',
    changedRunId: 'run-1',
    change: 'added',
    firstSeenAt: START,
    updatedAt: START,
  };
}

/** An ad set the mirror has in act_1. */
export function mirroredAdSet(id: string, overrides: Partial<ManagedObject> = {}): ManagedObject {
  return {
    id,
    level: 'adset',
    adAccountId: USD_ACCOUNT,
    campaignId: '500',
    name: `Ad set ${id}`,
    status: 'ACTIVE',
    currency: 'USD',
    updatedAt: START,
    ...overrides,
  };
}

/**
 * The experiment routes over in-memory stores and a fake Meta (studies, and `meta` for the ad
 * objects the mirror lacks): ws-1 connected with act_1 (USD, New York, business 700 as the
 * sync saw it) picked, ad sets 11 and 12 mirrored in it, a
 * clock that `advance` moves.
 */
export async function experimentWorld(options: { businessInInventory?: boolean } = {}) {
  let nowMs = Date.parse(START);
  const idempotency = new InMemoryIdempotencyStore({ now: () => new Date(nowMs) });
  const connections = new InMemoryConnectionStore();
  const vault = new InMemoryTokenVault();
  const objects = new InMemoryManagedObjectStore();
  const experiments = new InMemoryExperimentStore(idempotency);
  const metrics = new InMemoryDailyMetricsStore();
  const audit = new InMemoryAuditStore();
  const studies = new FakeAdStudies();
  const meta = new FakeMeta();
  await connections.put(connection);
  await connections.putToken(loginToken);
  await vault.put(loginToken.secretId, 'EAA-login-secret');
  for (const id of ['11', '12', '13']) await objects.put(mirroredAdSet(id));
  let counter = 0;
  const deps: ExperimentDeps = {
    connections,
    vault,
    assets: new FakeAssets([
      adAccount(USD_ACCOUNT, 'USD', options.businessInInventory === false ? undefined : BUSINESS),
    ]),
    controls: new InMemoryControlsStore(),
    objects,
    meta,
    experiments,
    idempotency,
    studies,
    metrics,
    audit,
    now: () => nowMs,
    randomBytes: (n) => new Uint8Array(n).fill(++counter % 256),
    newId: () => `aud-${++counter}`,
  };
  return {
    deps,
    studies,
    experiments,
    objects,
    meta,
    metrics,
    audit,
    connections,
    now: () => nowMs,
    advance: (ms: number) => {
      nowMs += ms;
    },
  };
}
