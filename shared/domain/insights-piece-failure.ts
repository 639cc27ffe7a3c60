import {
  MetaCircuitOpenError,
  MetaDataTooLargeError,
  MetaError,
  MetaPermissionError,
  MetaThrottledError,
  MetaTokenInvalidError,
  MetaTransientError,
} from '../platform/errors';
import { halvesOf } from './account-days';
import { graphErrorClass } from './graph-error-classification';
import { type InsightsPiece, type InsightsReadMode, pieceIdOf, readModeOf } from './insights-pull-plan';

/** Attempts a piece gets against Meta failing (after the client's own retries); throttle waits do not count. */
export const PIECE_MAX_ATTEMPTS = 4;
/** Fresh report runs a single day that keeps failing gets before it counts as failed. */
export const MAX_FRESH_RUNS = 2;
/** Seconds before a fresh run of a single day starts. */
export const FRESH_RUN_DELAY_SECONDS = 5;
/** The smallest page a piece asks for; Meta refusing even that splits the range instead. */
export const MIN_PAGE_LIMIT = 250;
/** Restarts from the first page a read gets after Meta refused its cursor, before the piece fails. */
export const MAX_CURSOR_RESTARTS = 2;
const TRANSIENT_BASE_SECONDS = 5;
const TRANSIENT_CAP_SECONDS = 300;

export interface PieceError {
  code: string;
  message: string;
}

export type PieceFailureDecision =
  /** Wait (Meta's throttle wait, or a backoff) and read on from the checkpoint. */
  | { action: 'defer'; delaySeconds: number; nextAttempt: number }
  /** The range is too much for Meta at once: split it (or run a single day afresh). */
  | { action: 'split'; reason: string }
  /** The piece is over and failed; the job says why. */
  | { action: 'fail'; error: PieceError }
  /** Not Meta's doing (our store, a bug): let the queue redeliver the message. */
  | { action: 'redeliver' };

/**
 * What a piece does when a Meta call stopped with `err` on attempt `attempt` (0-based): a
 * throttle waits as long as Meta says (its own `ads_insights` bucket: campaign edits go on);
 * an outage or an open breaker backs off ×2 from 5 s, up to {@link PIECE_MAX_ATTEMPTS}; a
 * refused-as-too-large read is split; an invalid token or a missing permission (after every
 * token was tried) and any other refusal fail the piece.
 * @example decidePieceFailure(new MetaTransientError('down', info, 1), 0) // defer 5 s, attempt 1
 */
export function decidePieceFailure(err: unknown, attempt: number): PieceFailureDecision {
  if (err instanceof MetaThrottledError)
    return {
      action: 'defer',
      delaySeconds: Math.max(1, Math.ceil(err.retryAfterSeconds)),
      nextAttempt: attempt,
    };
  if (err instanceof MetaTransientError || err instanceof MetaCircuitOpenError) {
    if (attempt + 1 >= PIECE_MAX_ATTEMPTS) return { action: 'fail', error: pieceErrorOf(err) };
    const backoff = Math.min(TRANSIENT_CAP_SECONDS, TRANSIENT_BASE_SECONDS * 2 ** attempt);
    return {
      action: 'defer',
      delaySeconds: Math.max(backoff, Math.ceil(err.retryAfterSeconds)),
      nextAttempt: attempt + 1,
    };
  }
  if (err instanceof MetaDataTooLargeError)
    return { action: 'split', reason: `Meta refused the read as too large (${err.message})` };
  if (err instanceof MetaTokenInvalidError)
    return {
      action: 'fail',
      error: {
        code: err.code,
        message: `Meta refused the connection's token; reconnect Meta. (${err.message})`,
      },
    };
  if (err instanceof MetaPermissionError)
    return {
      action: 'fail',
      error: {
        code: err.code,
        message: `No token of the workspace may read this ad account's Insights. (${err.message})`,
      },
    };
  // Restarts used up (see pageReadRecovery): a shorter range pages through before its cursor expires.
  if (err instanceof MetaError && graphErrorClass(err.graph).invalidCursor)
    return { action: 'split', reason: `Meta's cursor kept expiring mid-read (${err.message})` };
  if (err instanceof MetaError) return { action: 'fail', error: pieceErrorOf(err) };
  return { action: 'redeliver' };
}

function pieceErrorOf(err: MetaError): PieceError {
  return { code: err.code, message: err.message };
}

/** The two pieces that replace a split one (the first the longer); undefined for a single day. */
export function pieceHalves(piece: InsightsPiece): [InsightsPiece, InsightsPiece] | undefined {
  const halves = halvesOf(piece.since, piece.until);
  if (!halves) return undefined;
  const [[a1, a2], [b1, b2]] = halves;
  return [
    { pieceId: pieceIdOf(piece.level, a1, a2), level: piece.level, since: a1, until: a2 },
    { pieceId: pieceIdOf(piece.level, b1, b2), level: piece.level, since: b1, until: b2 },
  ];
}

/** A half of a piece read synchronously is too (a short range, or the hourly pull); else its length decides. */
export function halfReadMode(parent: InsightsReadMode, half: InsightsPiece): InsightsReadMode {
  return parent === 'sync' ? 'sync' : readModeOf(half, 'manual');
}

export type SplitDecision =
  /** Two new pieces replace this one. */
  | { action: 'halves'; halves: [InsightsPiece, InsightsPiece] }
  /** A single day: start a fresh report run of it. */
  | { action: 'fresh' }
  /** A single day that failed too often. */
  | { action: 'fail'; error: PieceError };

/**
 * How a piece Meta could not answer goes on: a range splits in halves; a single day is run
 * afresh {@link MAX_FRESH_RUNS} times, then counts as failed with the reason.
 */
export function splitDecision(piece: InsightsPiece, freshRuns: number, reason: string): SplitDecision {
  const halves = pieceHalves(piece);
  if (halves) return { action: 'halves', halves };
  if (freshRuns < MAX_FRESH_RUNS) return { action: 'fresh' };
  return {
    action: 'fail',
    error: {
      code: 'insights_unavailable',
      message: `Meta could not answer the ${piece.level} Insights of ${piece.since} after ${freshRuns + 1} tries: ${reason}.`,
    },
  };
}

/** Where a page read stands: the page size it asks for and its cursor. */
export interface PageReadState {
  limit: number;
  after?: string;
  cursorRestarts: number;
}

export type PageReadRecovery =
  /** Ask for the same page again with `limit` rows (Meta asked for less data). */
  | { action: 'smaller-page'; limit: number }
  /** Read again from the first page: the cursor expired (#2642); upserts make re-reading safe. */
  | { action: 'restart'; cursorRestarts: number };

/**
 * How a page read goes on after Meta refused a page, before the piece's own failure rules
 * ({@link decidePieceFailure}) apply: "reduce the amount of data" halves the page (down to
 * {@link MIN_PAGE_LIMIT}) and asks again from the same cursor; an invalid cursor — a piece
 * keeps Meta's cursor across throttle waits and continuations, and cursors expire — starts
 * the read again from its first page, up to {@link MAX_CURSOR_RESTARTS} times. Undefined when
 * neither helps (the range is split, or the piece fails).
 * @example pageReadRecovery(tooLarge, { limit: 5000, cursorRestarts: 0 }) // smaller-page 2500
 */
export function pageReadRecovery(err: unknown, read: PageReadState): PageReadRecovery | undefined {
  if (err instanceof MetaDataTooLargeError) {
    if (read.limit <= MIN_PAGE_LIMIT) return undefined;
    return { action: 'smaller-page', limit: Math.max(MIN_PAGE_LIMIT, Math.floor(read.limit / 2)) };
  }
  if (!(err instanceof MetaError) || !graphErrorClass(err.graph).invalidCursor) return undefined;
  if (read.after === undefined || read.cursorRestarts >= MAX_CURSOR_RESTARTS) return undefined;
  return { action: 'restart', cursorRestarts: read.cursorRestarts + 1 };
}
