import { daysOf } from '../domain/account-days';
import type { DailyMetricRow } from '../domain/daily-metrics';
import type { PieceOutcome } from '../domain/insights-job';
import {
  decidePieceFailure,
  FRESH_RUN_DELAY_SECONDS,
  halfReadMode,
  pageReadRecovery,
  pieceHalves,
  splitDecision,
} from '../domain/insights-piece-failure';
import { newReportRunWatch, watchReportRun } from '../domain/insights-report-run';
import { type TokenCandidate, withTokenFailover } from '../meta/token-failover';
import { errorFields } from '../platform/error-fields';
import { MetaTokenInvalidError } from '../platform/errors';
import { logger } from '../platform/observability';
import { DeferError } from '../platform/queue';
import { activeAdAccount } from './insights-ad-account';
import type { InsightsPullDeps } from './insights-deps';
import type { InsightsCall, InsightsPage, InsightsQuery } from './meta-insights';
import { FRESH_PROGRESS, type InsightsPieceMessage, type PieceProgress } from './pull-messages';

/** The invocation a piece runs in. */
export interface PieceRun {
  /** Milliseconds until the invocation is cut off (the Lambda's remaining time). */
  remainingMs: () => number;
}

/** Stop and continue in a fresh invocation when less than this is left. */
export const DEADLINE_MARGIN_MS = 10_000;

/**
 * One piece of a job (a level over a range): reads its rows from Meta — synchronously page by
 * page, or through an async report run polled by requeueing — and upserts each page into
 * ua_daily_metrics as it comes. Its outcome is recorded once; a stored campaign-level piece
 * tells the spend guard its days; the last piece to settle finishes the job. Every wait (a
 * report run's next look, a throttle, an outage's backoff, the Lambda's deadline) is a
 * DeferError carrying the piece's progress, never a sleep.
 */
export async function runInsightsPiece(
  deps: InsightsPullDeps,
  message: InsightsPieceMessage,
  run: PieceRun,
): Promise<void> {
  const { workspaceId, jobId, piece } = message;
  const [connection, { job, outcome: recorded }] = await Promise.all([
    deps.connections.get(workspaceId),
    deps.jobs.pieceState(workspaceId, jobId, piece.pieceId),
  ]);
  if (job?.status !== 'running') return;
  if (recorded) {
    // A redelivery after the outcome was recorded: only what follows it may be left to do.
    await afterOutcome(deps, message, recorded);
    return;
  }
  if (connection.status === 'disconnected' || connection.generation !== message.generation) {
    const nowIso = new Date(deps.now()).toISOString();
    const error = {
      code: 'disconnected',
      message: 'Meta was disconnected while Insights were being pulled.',
    };
    if (await deps.jobs.abandon(workspaceId, jobId, error, nowIso))
      logger.info('insights job abandoned: its connection is gone', { workspaceId, jobId });
    return;
  }
  const outcome = await new PiecePull(deps, message, run).read();
  if (await deps.jobs.recordPiece(workspaceId, jobId, outcome, new Date(deps.now()).toISOString())) {
    logger.info('insights piece settled', {
      workspaceId,
      jobId,
      pieceId: piece.pieceId,
      result: outcome.result,
      rows: outcome.rows,
      written: outcome.written,
      ...(outcome.error ? { error: outcome.error } : {}),
    });
    await afterOutcome(deps, message, outcome);
  }
}

/** After a recorded outcome, each step safe to repeat: the halves queued, the guard told, the fan-in. */
async function afterOutcome(
  deps: InsightsPullDeps,
  message: InsightsPieceMessage,
  outcome: PieceOutcome,
): Promise<void> {
  const { workspaceId, jobId, adAccountId, piece } = message;
  if (outcome.result === 'split') {
    const halves = pieceHalves(piece) ?? [];
    await deps.queue.sendAll(
      halves.map((half) => ({
        kind: 'piece',
        workspaceId,
        jobId,
        adAccountId,
        generation: message.generation,
        mode: halfReadMode(message.mode, half),
        piece: half,
      })),
    );
  }
  if (outcome.result === 'done' && piece.level === 'campaign') {
    try {
      await deps.guardSpend({ workspaceId, adAccountId, dates: daysOf(piece.since, piece.until) });
    } catch (err: unknown) {
      // The rows are stored and the next hourly pull guards these days again; a job must not
      // stay running (nor its message end in the DLQ) because the guard could not run now.
      logger.error('spend guard failed after an insights piece', {
        workspaceId,
        jobId,
        pieceId: piece.pieceId,
        ...errorFields(err),
      });
    }
  }
  const finished = await deps.jobs.finishIfSettled(workspaceId, jobId, new Date(deps.now()).toISOString());
  if (finished) {
    logger.info('insights job finished', {
      workspaceId,
      jobId,
      status: finished.status,
      rows: finished.rows,
      written: finished.written,
      pieces: finished.pieces,
    });
  }
}

/** One delivery's reading of one piece; `progress` is always how far it got. */
class PiecePull {
  private progress: PieceProgress;
  private tokens: TokenCandidate[] | undefined;
  /** Aborts a Meta call that would outlive the invocation (the check between calls cannot). */
  private readonly deadline: AbortSignal;

  constructor(
    private readonly deps: InsightsPullDeps,
    private readonly message: InsightsPieceMessage,
    private readonly run: PieceRun,
  ) {
    this.progress = structuredClone(message.progress ?? FRESH_PROGRESS);
    this.deadline = AbortSignal.timeout(Math.max(1, run.remainingMs() - DEADLINE_MARGIN_MS / 2));
  }

  /** Reads the piece to its end, or to the outcome Meta leaves it; waits are thrown as DeferErrors. */
  async read(): Promise<PieceOutcome> {
    try {
      if (this.message.mode === 'sync') {
        await this.readPages((call, page) => this.deps.meta.readPage(call, this.query, page));
      } else {
        const unusable = await this.readReport();
        if (unusable !== undefined) return this.cannotAnswer(unusable);
      }
      return this.outcome('done');
    } catch (err: unknown) {
      if (err instanceof DeferError) throw err;
      if (this.cutOffByDeadline(err)) throw this.continuation(1, 'invocation deadline reached mid-call');
      const decision = decidePieceFailure(err, this.progress.attempt);
      switch (decision.action) {
        case 'defer':
          logger.info('insights piece waits for Meta', {
            pieceId: this.message.piece.pieceId,
            delaySeconds: decision.delaySeconds,
            error: errorFields(err),
          });
          this.progress.attempt = decision.nextAttempt;
          throw this.continuation(
            decision.delaySeconds,
            `Meta asks the piece to wait ${decision.delaySeconds} s`,
          );
        case 'split':
          return this.cannotAnswer(decision.reason);
        case 'fail':
          return this.outcome('failed', decision.error);
        case 'redeliver':
          throw err;
      }
    }
  }

  private get query(): InsightsQuery {
    const { level, since, until } = this.message.piece;
    return { level, since, until };
  }

  /**
   * The async path: start a report run (first look in ~2 s), look at it with backoff until
   * Meta says `Job Completed`, then read its pages. Returns why the run is unusable, if it is.
   */
  private async readReport(): Promise<string | undefined> {
    const report = this.progress.report;
    if (!report) {
      this.beforeCall();
      const started = await this.withToken(undefined, (call) => this.deps.meta.startReport(call, this.query));
      const watch = newReportRunWatch(this.deps.now());
      this.progress.report = {
        reportRunId: started.value.reportRunId,
        tokenId: started.tokenId,
        ...watch,
        completed: false,
      };
      throw this.continuation(watch.nextPollSeconds, 'report run started; first look in a moment');
    }
    if (!report.completed) {
      this.beforeCall();
      const status = await this.withToken(report.tokenId, (call) =>
        this.deps.meta.reportStatus(call, report.reportRunId),
      );
      const decision = watchReportRun(status.value, report, this.deps.now());
      if (decision.action === 'abandon') return decision.reason;
      if (decision.action === 'poll') {
        const { fullSinceMs: _previous, ...rest } = report;
        this.progress.report = { ...rest, ...decision.watch };
        throw this.continuation(decision.delaySeconds, `report run ${report.reportRunId} still running`);
      }
      this.progress.report = { ...report, completed: true };
    }
    const { reportRunId, tokenId } = report;
    await this.readPages((call, page) => this.deps.meta.readReportPage(call, reportRunId, page), tokenId);
    return undefined;
  }

  /**
   * Pages from `progress.after` to the last, `progress.limit` rows each. The next page is
   * asked for while this one is stored (Meta's answer and DynamoDB's writes overlap);
   * `progress.after` moves only once a page is stored, so a continuation re-reads nothing it
   * has not stored and skips nothing. A page Meta finds too large is asked again smaller; an
   * expired cursor starts the read again from its first page (see `pageReadRecovery`).
   */
  private async readPages(
    readPage: (call: InsightsCall, page: { limit: number; after?: string }) => Promise<InsightsPage>,
    preferredTokenId?: string,
  ): Promise<void> {
    const ask = (after: string | undefined) => {
      const page = { limit: this.progress.limit, ...(after ? { after } : {}) };
      const asked = this.withToken(preferredTokenId, (call) => readPage(call, page));
      // Awaited below; until then a refusal must not count as unhandled.
      asked.catch(() => undefined);
      return asked;
    };
    this.beforeCall();
    let pending = ask(this.progress.after);
    for (;;) {
      let page: InsightsPage;
      try {
        ({ value: page } = await pending);
      } catch (err: unknown) {
        // Nothing else is in flight: the next page is asked for only once this one came.
        if (!this.recoverPageRead(err)) throw err;
        this.beforeCall();
        pending = ask(this.progress.after);
        continue;
      }
      const next = page.after !== undefined && this.timeForAnotherCall() ? ask(page.after) : undefined;
      await this.store(page);
      if (page.after === undefined) return;
      this.progress.after = page.after;
      if (next === undefined) throw this.continuation(1, 'invocation deadline near');
      pending = next;
    }
  }

  /** Adjusts `progress` so the read can go on after Meta refused a page; false when it cannot. */
  private recoverPageRead(err: unknown): boolean {
    const recovery = pageReadRecovery(err, this.progress);
    if (!recovery) return false;
    const { pieceId } = this.message.piece;
    if (recovery.action === 'smaller-page') {
      logger.warn('Meta asked for less data; asking for a smaller page', {
        pieceId,
        limit: recovery.limit,
        error: errorFields(err),
      });
      this.progress.limit = recovery.limit;
      return true;
    }
    logger.warn("Meta refused the read's cursor; reading again from the first page", {
      pieceId,
      restart: recovery.cursorRestarts,
      error: errorFields(err),
    });
    const { after: _expired, ...rest } = this.progress;
    // The rows of this read are read again: counted once, from the first page.
    this.progress = { ...rest, rows: 0, cursorRestarts: recovery.cursorRestarts };
    return true;
  }

  private async store(page: InsightsPage): Promise<void> {
    if (page.rows.length === 0) return;
    const { workspaceId, adAccountId } = this.message;
    const nowIso = new Date(this.deps.now()).toISOString();
    const rows: DailyMetricRow[] = page.rows.map((row) => ({
      ...row,
      workspaceId,
      adAccountId,
      updatedAt: nowIso,
    }));
    const tally = await this.deps.metrics.upsert(rows, nowIso);
    this.progress.rows += rows.length;
    this.progress.written += tally.written;
  }

  /** Meta could not answer the range: two halves, a fresh run of a single day, or a failure. */
  private cannotAnswer(reason: string): PieceOutcome {
    const { piece } = this.message;
    const decision = splitDecision(piece, this.progress.freshRuns, reason);
    logger.warn('insights piece cannot be answered as asked', {
      pieceId: piece.pieceId,
      reason,
      next: decision.action,
    });
    if (decision.action === 'halves') return this.outcome('split');
    if (decision.action === 'fail') return this.outcome('failed', decision.error);
    throw new DeferError(
      FRESH_RUN_DELAY_SECONDS,
      {
        ...this.message,
        mode: 'async',
        progress: {
          // The fresh run reads the day again from its first page: its rows count from 0.
          rows: 0,
          written: this.progress.written,
          limit: this.progress.limit,
          cursorRestarts: 0,
          attempt: 0,
          freshRuns: this.progress.freshRuns + 1,
        },
      },
      `piece ${piece.pieceId} runs again as a fresh report run`,
    );
  }

  private outcome(result: PieceOutcome['result'], error?: PieceOutcome['error']): PieceOutcome {
    return {
      pieceId: this.message.piece.pieceId,
      result,
      // A split piece's halves read its range again and count its rows.
      rows: result === 'split' ? 0 : this.progress.rows,
      written: this.progress.written,
      ...(error ? { error } : {}),
    };
  }

  /** This piece back on the queue after `delaySeconds`, continuing from its progress. */
  private continuation(delaySeconds: number, reason: string): DeferError {
    return new DeferError(delaySeconds, { ...this.message, progress: this.progress }, reason);
  }

  /** Too little time left for another call: continue in a fresh invocation. */
  private beforeCall(): void {
    if (!this.timeForAnotherCall()) throw this.continuation(1, 'invocation deadline near');
  }

  private timeForAnotherCall(): boolean {
    return this.run.remainingMs() >= DEADLINE_MARGIN_MS;
  }

  private cutOffByDeadline(err: unknown): boolean {
    if (!this.deadline.aborted) return false;
    if (err === this.deadline.reason) return true;
    return err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError');
  }

  /**
   * Runs a call with the tokens that reach the ad account (the preferred one first — a report
   * run's own token reads it), each next one tried when Meta refuses the one before.
   */
  private async withToken<T>(
    preferredTokenId: string | undefined,
    fn: (call: InsightsCall) => Promise<T>,
  ): Promise<{ value: T; tokenId: string }> {
    const tokens = await this.candidates();
    const ordered = preferredTokenId
      ? [
          ...tokens.filter((t) => t.id === preferredTokenId),
          ...tokens.filter((t) => t.id !== preferredTokenId),
        ]
      : tokens;
    const { adAccountId } = this.message;
    const result = await withTokenFailover(
      ordered,
      (token) =>
        fn({ accessToken: token.accessToken, tokenId: token.id, adAccountId, signal: this.deadline }),
      {
        onTokenFailed: (failed) =>
          logger.warn('token failed on an insights read; trying the next one', {
            pieceId: this.message.piece.pieceId,
            tokenId: failed.id,
            error: errorFields(failed.error),
          }),
      },
    );
    return { value: result.value, tokenId: result.tokenId };
  }

  /** The workspace's usable tokens that the last sync saw reach the ad account (all of them if none did). */
  private async candidates(): Promise<TokenCandidate[]> {
    if (this.tokens) return this.tokens;
    const { workspaceId, adAccountId } = this.message;
    const [all, account] = await Promise.all([
      this.deps.tokens(workspaceId),
      activeAdAccount(this.deps, workspaceId, adAccountId),
    ]);
    const reaching = all.filter((token) => account?.tokenIds.includes(token.id));
    this.tokens = reaching.length > 0 ? reaching : all;
    if (this.tokens.length === 0) {
      throw new MetaTokenInvalidError('The workspace has no usable Meta token', {
        httpStatus: 0,
        message: 'no token candidates',
      });
    }
    return this.tokens;
  }
}
