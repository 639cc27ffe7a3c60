import type { AssetStore } from '../store/asset-store';
import type { AuditStore } from '../store/audit-store';
import type { BriefStore } from '../store/brief-store';
import type { ConnectionStore } from '../store/connection-store';
import type { ControlsStore } from '../store/controls-store';
import type { CreativeStore } from '../store/creative-store';
import type { IdempotencyStore } from '../store/idempotency-store';
import type { TokenVault } from '../store/token-vault';
import type { UploadStore } from '../store/upload-store';
import type { MetaMedia } from './meta-media';

/** What the creative and brief routes read and write; built once per container in creative-root.ts. */
export interface CreativeDeps {
  /** The workspace as a mutation sees it (connection, tokens; see loadWorkspace). */
  connections: Pick<ConnectionStore, 'get' | 'listTokens'>;
  vault: Pick<TokenVault, 'get'>;
  assets: Pick<AssetStore, 'loadAll' | 'get'>;
  controls: ControlsStore;
  uploads: Pick<UploadStore, 'get'>;
  briefs: BriefStore;
  creatives: CreativeStore;
  idempotency: IdempotencyStore;
  media: Pick<
    MetaMedia,
    'createCreative' | 'findCreativeByMarker' | 'removeCreativeMarker' | 'videoThumbnailUrl'
  >;
  now: () => number;
  randomBytes: (bytes: number) => Uint8Array;
  /** Every creative create, refused ones too, as the campaign mutations are. */
  audit: Pick<AuditStore, 'append'>;
  newId: () => string;
}

/** The brief routes need no Meta and no connection. */
export type BriefDeps = Pick<CreativeDeps, 'uploads' | 'briefs' | 'idempotency' | 'now' | 'randomBytes'>;
