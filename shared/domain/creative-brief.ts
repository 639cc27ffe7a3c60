import type { CallToActionType } from './creative-spec';

/** A vendor-neutral creative brief of a workspace (DESIGN §5 "Brief"). */
export interface BriefRecord {
  workspaceId: string;
  /** `brf_` + 24 hex digits, time first (see newBriefId). */
  id: string;
  title: string;
  message?: string;
  headline?: string;
  link?: string;
  callToAction?: CallToActionType;
  /** This workspace's uploads, not necessarily ready. */
  uploadIds: string[];
  createdAt: string;
  updatedAt: string;
}

/** Hex digits of the id's time part: epoch milliseconds, enough until the year 10889. */
const TIME_HEX_DIGITS = 12;

/**
 * A new brief id, `brf_` + 12 hex digits of time + 12 random: ids (and the sort keys built
 * from them) sort by creation time, so a reverse query lists newest first.
 * @example newBriefId(new Date(), (n) => crypto.getRandomValues(new Uint8Array(n)))
 */
export function newBriefId(now: Date, random: (bytes: number) => Uint8Array): string {
  const time = now.getTime().toString(16).padStart(TIME_HEX_DIGITS, '0');
  return `brf_${time}${Buffer.from(random(6)).toString('hex')}`;
}

/** A brief as the routes answer it (`briefBody`). */
export function briefView(brief: BriefRecord) {
  const { workspaceId: _workspaceId, ...view } = brief;
  return view;
}
