import type { AdStudyObjective, ExperimentLevel } from '../domain/experiment';
import type { CancelTimes } from '../domain/experiment-status';

/**
 * The Meta side of split tests (META-API.md "Split tests"), behind one port so the service is
 * tested with a fake; the adapter (`graph-ad-studies.ts`) sends it through THE Graph client.
 * Studies are made at `/{business_id}/ad_studies` (the ad account's business;
 * `/act_{id}/ad_studies` is read-only) and ended by moving `end_time`, never by DELETE.
 */

export interface StudyCall {
  accessToken: string;
  /** Our id of the token (names its rate-limit bucket), never the token. */
  tokenId: string;
  /** `act_…`: the account whose bucket the call counts against. */
  adAccountId: string;
}

export interface StudySpec {
  name: string;
  level: ExperimentLevel;
  /** Unix seconds, as Meta takes them. */
  startSeconds: number;
  endSeconds: number;
  cells: { name: string; treatmentPercentage: number; objectIds: string[] }[];
  objective?: AdStudyObjective;
  /**
   * The study's `description`: our create marker (see createMarker), the same on every retry
   * under one Idempotency-Key, so a create whose answer was lost is found instead of repeated.
   */
  marker: string;
}

/** A study as Meta holds it. */
export interface MetaStudy {
  id: string;
  name: string;
  startMs: number;
  endMs: number;
  /** Meta's `canceled_time`, when it has one. */
  cancelledMs?: number;
  cells: { id: string; name: string; treatmentPercentage: number; objectIds: string[] }[];
}

export interface MetaAdStudies {
  /** The ad account's `business` (`GET /act_{id}?fields=business`), if it has one. */
  businessOf(call: StudyCall): Promise<string | undefined>;
  /** `POST /{business_id}/ad_studies` with `type=SPLIT_TEST`. */
  create(call: StudyCall, businessId: string, spec: StudySpec): Promise<{ id: string }>;
  /** The business's study carrying `marker` (`GET /{business_id}/ad_studies`), if Meta made one. */
  findByMarker(call: StudyCall, businessId: string, marker: string): Promise<string | undefined>;
  /** `GET /{study_id}` with its times and cells. */
  read(call: StudyCall, studyId: string): Promise<MetaStudy>;
  /** `POST /{study_id}` `end_time` (and `start_time` when it moves): how a study is stopped. */
  end(call: StudyCall, studyId: string, times: CancelTimes): Promise<void>;
}
