import { LOCAL_REGION } from '../../../infra/local/local-aws';
import { ScheduleExpressionError } from '../../../infra/local/schedule-expression';
import { type LocalScheduledEvent, Scheduler } from '../../../infra/local/scheduler';

const MINUTE_MS = 60_000;

describe('Scheduler (local EventBridge schedules)', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  test('fire(name) invokes the function at once with an EventBridge Scheduled Event', async () => {
    const events: LocalScheduledEvent[] = [];
    const scheduler = new Scheduler({
      schedules: [
        {
          name: 'token-refresh',
          expression: 'rate(1 hour)',
          invoke: async (event) => {
            events.push(event);
            return 'refreshed';
          },
        },
      ],
      now: () => Date.parse('2026-03-01T10:20:30.456Z'),
    });

    await expect(scheduler.fire('token-refresh')).resolves.toBe('refreshed');

    expect(events).toEqual([
      {
        version: '0',
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: '000000000000',
        time: '2026-03-01T10:20:30Z',
        region: LOCAL_REGION,
        resources: [`arn:aws:events:${LOCAL_REGION}:000000000000:rule/token-refresh`],
        detail: {},
      },
    ]);
    await expect(scheduler.fire('nope')).rejects.toThrow('no schedule named nope');
  });

  test('a bad or unsupported expression is refused when the scheduler is built', () => {
    const invoke = async () => undefined;

    expect(
      () => new Scheduler({ schedules: [{ name: 'a', expression: 'rate(1 minutes)', invoke }] }),
    ).toThrow(ScheduleExpressionError);
    expect(
      () => new Scheduler({ schedules: [{ name: 'a', expression: 'cron(0 12 L * ? *)', invoke }] }),
    ).toThrow(/not supported/);
    expect(
      () =>
        new Scheduler({
          schedules: [
            { name: 'a', expression: 'rate(1 hour)', invoke },
            { name: 'a', expression: 'rate(2 hours)', invoke },
          ],
        }),
    ).toThrow(/listed twice/);
  });

  test('start() fires a cron schedule at its minute on the real clock', async () => {
    // A clock running just short of a whole minute makes `* * * * ? *` due in 150 ms.
    const shift = MINUTE_MS - (Date.now() % MINUTE_MS) - 150;
    const now = () => Date.now() + shift;
    const fired: { time: string; at: number }[] = [];
    let firstFire: () => void = () => {};
    const firedOnce = new Promise<void>((resolve) => {
      firstFire = resolve;
    });
    const scheduler = new Scheduler({
      schedules: [
        {
          name: 'every-minute',
          expression: 'cron(* * * * ? *)',
          invoke: async (event) => {
            fired.push({ time: event.time, at: now() });
            firstFire();
          },
        },
      ],
      now,
      log: () => {},
    });

    const startedAt = now();
    scheduler.start();
    const due = Math.ceil(startedAt / MINUTE_MS) * MINUTE_MS;
    expect(scheduler.schedules()).toEqual([
      { name: 'every-minute', expression: 'cron(* * * * ? *)', nextFireAt: new Date(due).toISOString() },
    ]);
    await firedOnce;
    await scheduler.stop();

    expect(fired).toEqual([
      { time: new Date(due).toISOString().replace('.000Z', 'Z'), at: expect.any(Number) },
    ]);
    expect(fired[0]?.at).toBeGreaterThanOrEqual(due);
    expect(scheduler.schedules()[0]?.nextFireAt).toBeNull();
  });

  test('start() fires a rate schedule every period from the start, and a failure does not stop it', async () => {
    jest.useFakeTimers({ now: Date.parse('2026-03-01T10:00:00Z') });
    const times: string[] = [];
    const logged: Record<string, unknown>[] = [];
    const scheduler = new Scheduler({
      schedules: [
        {
          name: 'rollup',
          expression: 'rate(5 minutes)',
          invoke: async (event) => {
            times.push(event.time);
            if (times.length === 1) throw new Error('first run fails');
          },
        },
      ],
      log: (line) => logged.push(line),
    });

    scheduler.start();
    await jest.advanceTimersByTimeAsync(5 * MINUTE_MS - 1);
    expect(times).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(times).toEqual(['2026-03-01T10:05:00Z']);
    await jest.advanceTimersByTimeAsync(10 * MINUTE_MS);
    await scheduler.stop();
    await jest.advanceTimersByTimeAsync(10 * MINUTE_MS);

    expect(times).toEqual(['2026-03-01T10:05:00Z', '2026-03-01T10:10:00Z', '2026-03-01T10:15:00Z']);
    expect(logged).toEqual([
      expect.objectContaining({
        level: 'error',
        schedule: 'rollup',
        error: expect.objectContaining({ message: 'first run fails' }),
      }),
    ]);
  });

  test('a far-off cron time is reached through timer slices', async () => {
    jest.useFakeTimers({ now: Date.parse('2026-03-01T10:00:00Z') });
    const times: string[] = [];
    const scheduler = new Scheduler({
      schedules: [
        {
          name: 'monthly',
          expression: 'cron(0 6 1 * ? *)',
          invoke: async (event) => {
            times.push(event.time);
          },
        },
      ],
    });

    scheduler.start();
    await jest.advanceTimersByTimeAsync(31 * 24 * 60 * MINUTE_MS);
    await scheduler.stop();

    expect(times).toEqual(['2026-04-01T06:00:00Z']);
  });

  test('stop() waits for a scheduled invocation under way', async () => {
    jest.useFakeTimers({ now: Date.parse('2026-03-01T10:00:00Z') });
    let finished = false;
    const scheduler = new Scheduler({
      schedules: [
        {
          name: 'slow',
          expression: 'rate(1 minute)',
          invoke: async () => {
            await new Promise((resolve) => setTimeout(resolve, 5000));
            finished = true;
          },
        },
      ],
    });
    scheduler.start();
    await jest.advanceTimersByTimeAsync(MINUTE_MS);

    const stopped = scheduler.stop();
    await jest.advanceTimersByTimeAsync(5000);
    await stopped;

    expect(finished).toBe(true);
  });
});
