import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import { errorFields } from '../../shared/platform/error-fields';
import { LOCAL_ACCOUNT_ID } from './local-account';
import { LOCAL_REGION } from './local-aws';
import { nextFireTime, parseScheduleExpression, type ScheduleExpression } from './schedule-expression';
import { type StructuredLog, stderrLog } from './structured-log';

/** The event an EventBridge schedule rule sends its Lambda target. */
export type LocalScheduledEvent = ScheduledEvent<Record<string, never>>;

export interface LocalSchedule {
  /** Unique; the rule name in the event's ARN and the key for `fire(name)`. */
  name: string;
  /** `rate(...)` or `cron(...)`, as in the manifest. */
  expression: string;
  invoke: (event: LocalScheduledEvent) => Promise<unknown>;
}

export interface SchedulerOptions {
  schedules: LocalSchedule[];
  /** The clock for fire times and event times; must advance with the timers (Date.now or jest's fake clock). @default Date.now */
  now?: () => number;
  /** @default LOCAL_REGION */
  region?: string;
  /** @default JSON lines on stderr */
  log?: StructuredLog;
}

interface Entry extends LocalSchedule {
  schedule: ScheduleExpression;
  timer?: NodeJS.Timeout;
  nextFireAt?: number;
}

/** Long waits are taken in slices so a far cron time never overflows setTimeout. */
const MAX_TIMER_MS = 3_600_000;

/**
 * The local EventBridge: fires each schedule's function on its rate or cron (UTC) with a
 * Scheduled Event. A failing invocation is logged and the schedule keeps running; missed
 * times are not caught up, as in EventBridge. Rate schedules count from `start()`.
 * @example
 * const scheduler = new Scheduler({ schedules: [{ name: 'token-refresh', expression: 'rate(1 hour)', invoke }] });
 * scheduler.start(); await scheduler.fire('token-refresh');
 */
export class Scheduler {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  private readonly region: string;
  private readonly log: StructuredLog;
  private readonly inFlight = new Set<Promise<unknown>>();
  private running = false;
  private startedAt = 0;

  /** @throws ScheduleExpressionError for an expression EventBridge or this scheduler would refuse. */
  constructor(options: SchedulerOptions) {
    this.now = options.now ?? Date.now;
    this.region = options.region ?? LOCAL_REGION;
    this.log = options.log ?? stderrLog;
    for (const s of options.schedules) {
      if (this.entries.has(s.name)) throw new Error(`schedule ${s.name} is listed twice`);
      this.entries.set(s.name, { ...s, schedule: parseScheduleExpression(s.expression) });
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.startedAt = this.now();
    for (const entry of this.entries.values()) this.arm(entry, this.startedAt);
  }

  /** Stops firing and waits for invocations under way. */
  async stop(): Promise<void> {
    this.running = false;
    for (const entry of this.entries.values()) {
      clearTimeout(entry.timer);
      entry.timer = undefined;
      entry.nextFireAt = undefined;
    }
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Fires a schedule now, whether or not the scheduler runs, and returns what the function
   * returned; a failure is logged and rethrown to the caller.
   */
  fire(name: string): Promise<unknown> {
    const entry = this.entries.get(name);
    if (!entry) return Promise.reject(new Error(`no schedule named ${name}`));
    return this.invoke(entry, this.now());
  }

  /** Each schedule with its next fire time (ISO) while the scheduler runs. */
  schedules(): { name: string; expression: string; nextFireAt: string | null }[] {
    return [...this.entries.values()].map((e) => ({
      name: e.name,
      expression: e.expression,
      nextFireAt: e.nextFireAt === undefined ? null : new Date(e.nextFireAt).toISOString(),
    }));
  }

  private arm(entry: Entry, after: number): void {
    const fireAt = nextFireTime(entry.schedule, { after, anchor: this.startedAt });
    entry.nextFireAt = fireAt;
    if (fireAt === undefined) {
      this.log({ level: 'warn', msg: 'schedule will not fire again', schedule: entry.name });
      return;
    }
    this.wait(entry, fireAt);
  }

  private wait(entry: Entry, fireAt: number): void {
    const delay = Math.min(Math.max(fireAt - this.now(), 0), MAX_TIMER_MS);
    entry.timer = setTimeout(() => {
      if (!this.running) return;
      if (this.now() < fireAt) {
        this.wait(entry, fireAt);
        return;
      }
      this.invoke(entry, fireAt).catch(() => {
        // Logged in invoke; a failed run must not stop the schedule.
      });
      this.arm(entry, Math.max(fireAt, this.now()));
    }, delay);
  }

  private invoke(entry: Entry, scheduledAt: number): Promise<unknown> {
    const run = (async () => {
      try {
        return await entry.invoke(this.eventFor(entry.name, scheduledAt));
      } catch (err: unknown) {
        this.log({
          level: 'error',
          msg: 'scheduled invocation failed',
          schedule: entry.name,
          error: errorFields(err),
        });
        throw err;
      }
    })();
    this.inFlight.add(run);
    const forget = () => this.inFlight.delete(run);
    run.then(forget, forget);
    return run;
  }

  private eventFor(name: string, scheduledAt: number): LocalScheduledEvent {
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: LOCAL_ACCOUNT_ID,
      // EventBridge stamps the scheduled time to the second.
      time: new Date(scheduledAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: this.region,
      resources: [`arn:aws:events:${this.region}:${LOCAL_ACCOUNT_ID}:rule/${name}`],
      detail: {},
    };
  }
}
