import type { MetaAdObjects } from '../campaigns/meta-ad-objects';
import type { AssetStore } from '../store/asset-store';
import type { AuditStore } from '../store/audit-store';
import type { ConnectionStore } from '../store/connection-store';
import type { ControlsStore } from '../store/controls-store';
import type { DailyMetricsStore } from '../store/daily-metrics-store';
import type { ExperimentStore } from '../store/experiment-store';
import type { IdempotencyStore } from '../store/idempotency-store';
import type { ManagedObjectStore } from '../store/managed-object-store';
import type { TokenVault } from '../store/token-vault';
import type { MetaAdStudies } from './meta-ad-studies';

/** What the experiment routes read and write; built once per container in experiment-root.ts. */
export interface ExperimentDeps {
  /** The workspace as a mutation sees it (connection, tokens; see loadWorkspace). */
  connections: Pick<ConnectionStore, 'get' | 'listTokens'>;
  vault: Pick<TokenVault, 'get'>;
  assets: Pick<AssetStore, 'loadAll' | 'get'>;
  controls: ControlsStore;
  /** The campaign / ad set mirror: the cells' objects must be the ad account's. */
  objects: Pick<ManagedObjectStore, 'getMany' | 'get'>;
  /** Meta's campaigns and ad sets: a cell's object made in Ads Manager, not mirrored yet. */
  meta: Pick<MetaAdObjects, 'read'>;
  experiments: ExperimentStore;
  idempotency: IdempotencyStore;
  studies: MetaAdStudies;
  /** ua_daily_metrics: the cells' results. */
  metrics: Pick<DailyMetricsStore, 'rowsOf'>;
  /** Creates and cancels, refused ones too, as the campaign mutations are. */
  audit: Pick<AuditStore, 'append'>;
  now: () => number;
  randomBytes: (bytes: number) => Uint8Array;
  newId: () => string;
}
