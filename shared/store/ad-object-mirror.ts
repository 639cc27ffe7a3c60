import type { AdObjectLevel } from '../domain/webhook-change';
import type {
  AccountStatusPatch,
  AdObjectStateFields,
  AdObjectStatePatch,
} from '../domain/webhook-mirror-update';

/**
 * The campaign / ad set / ad (and creative) mirror, kept per ad account, not per workspace:
 * Meta's state is the same for every workspace that picked the account. Webhooks write the
 * status fields; later writers (campaign management, refreshes) add their own fields to the
 * same record. Status writes carry an `order` (event time, then change key) and land only
 * when newer than the stored one, so a late, older event never overwrites newer state.
 */
export interface AdObjectRecord extends AdObjectStateFields {
  adAccountId: string;
  id: string;
  level: AdObjectLevel;
  /** Set by writers that know it (campaign management); webhooks carry only the id. */
  name?: string;
  /** Time of the event the status fields come from. */
  eventTime: string;
  order: string;
  updatedAt: string;
}

export interface AccountStatusRecord extends AccountStatusPatch {
  updatedAt: string;
}

export type MirrorWriteOutcome = 'applied' | 'already_applied' | 'stale';

export interface MirrorWriteResult<T> {
  outcome: MirrorWriteOutcome;
  /** The record as stored after the write (applied) or as found (not applied). */
  record: T | undefined;
}

export interface AdObjectMirror {
  applyObjectState(patch: AdObjectStatePatch): Promise<MirrorWriteResult<AdObjectRecord>>;
  applyAccountStatus(patch: AccountStatusPatch): Promise<MirrorWriteResult<AccountStatusRecord>>;
  getObject(adAccountId: string, objectId: string): Promise<AdObjectRecord | undefined>;
  /** Every mirrored object of the ad account, optionally of one level. */
  listObjects(adAccountId: string, options?: { level?: AdObjectLevel }): Promise<AdObjectRecord[]>;
  getAccountStatus(adAccountId: string): Promise<AccountStatusRecord | undefined>;
}
