/**
 * What the pull tells the spend guard after a campaign-level piece is stored: these days of
 * this ad account have fresh numbers. The guard compares each day's spend with the caps in
 * `/controls`, notifies a breach, and with `autoPause` pauses the offending campaigns (actor
 * `system`, audited, exactly once however often the pull repeats).
 */
export interface SpendGuardInput {
  workspaceId: string;
  /** `act_…` */
  adAccountId: string;
  /** `YYYY-MM-DD` in the ad account's time zone. */
  dates: readonly string[];
}

export type GuardSpend = (input: SpendGuardInput) => Promise<void>;
