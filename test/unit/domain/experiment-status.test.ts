import {
  cancelTimes,
  effectiveTimes,
  experimentStatus,
  hasEnded,
} from '../../../shared/domain/experiment-status';

describe('experimentStatus', () => {
  const times = { startMs: 1_000, endMs: 2_000 };
  it.each([
    [999, 'scheduled'],
    [1_000, 'running'],
    [1_999, 'running'],
    [2_000, 'completed'],
  ] as const)('at %i reads %s', (now, status) => {
    expect(experimentStatus(times, now)).toBe(status);
  });

  it('reads cancelled once cancelled, whatever the time', () => {
    expect(experimentStatus({ ...times, cancelledMs: 1_500 }, 1_600)).toBe('cancelled');
    expect(experimentStatus({ ...times, cancelledMs: 500 }, 600)).toBe('cancelled');
  });

  it('counts completed and cancelled as ended', () => {
    expect(hasEnded('completed')).toBe(true);
    expect(hasEnded('cancelled')).toBe(true);
    expect(hasEnded('running')).toBe(false);
    expect(hasEnded('scheduled')).toBe(false);
  });
});

describe('effectiveTimes (the study at Meta over our record)', () => {
  const planned = { startMs: 1_000, endMs: 10_000 };

  it('reads an end moved earlier at Meta as cancelled once that end has passed', () => {
    const atMeta = { startMs: 1_000, endMs: 5_000 };
    const past = effectiveTimes(planned, atMeta, 6_000);
    expect(past).toEqual({ startMs: 1_000, endMs: 5_000, cancelledMs: 5_000 });
    expect(experimentStatus(past, 6_000)).toBe('cancelled');
  });

  it('keeps a study running while the earlier end at Meta is still ahead', () => {
    const ahead = effectiveTimes(planned, { startMs: 1_000, endMs: 5_000 }, 4_000);
    expect(experimentStatus(ahead, 4_000)).toBe('running');
  });

  it('follows an end moved later at Meta: running until then, completed after', () => {
    const later = { startMs: 1_000, endMs: 20_000 };
    expect(experimentStatus(effectiveTimes(planned, later, 15_000), 15_000)).toBe('running');
    expect(experimentStatus(effectiveTimes(planned, later, 20_000), 20_000)).toBe('completed');
  });

  it("takes Meta's canceled_time, and keeps our own cancel", () => {
    expect(effectiveTimes(planned, { ...planned, cancelledMs: 3_000 }, 4_000).cancelledMs).toBe(3_000);
    expect(
      effectiveTimes({ ...planned, cancelledMs: 2_000 }, { startMs: 1_000, endMs: 2_060 }, 2_010),
    ).toEqual({
      startMs: 1_000,
      endMs: 2_060,
      cancelledMs: 2_000,
    });
  });

  it('completes a study that ran its planned course', () => {
    expect(experimentStatus(effectiveTimes(planned, planned, 10_000), 10_000)).toBe('completed');
  });
});

describe('cancelTimes', () => {
  const now = 1_000_000_000;
  const nowS = now / 1000;
  it('ends a running study a minute from now', () => {
    expect(cancelTimes({ startMs: now - 5_000, endMs: now + 3_600_000 }, now)).toEqual({
      endSeconds: nowS + 60,
    });
  });
  it('never lengthens a running study in its last minute: its planned end stays', () => {
    expect(cancelTimes({ startMs: now - 5_000, endMs: now + 20_000 }, now)).toEqual({
      endSeconds: nowS + 20,
    });
  });
  it('moves a scheduled study’s start to a minute from now and its end one second after', () => {
    expect(cancelTimes({ startMs: now + 86_400_000, endMs: now + 7 * 86_400_000 }, now)).toEqual({
      startSeconds: nowS + 60,
      endSeconds: nowS + 61,
    });
  });
  it('keeps a start within the minute and ends after it', () => {
    expect(cancelTimes({ startMs: now + 30_000, endMs: now + 86_400_000 }, now)).toEqual({
      endSeconds: nowS + 60,
    });
    expect(cancelTimes({ startMs: now + 60_000, endMs: now + 86_400_000 }, now)).toEqual({
      endSeconds: nowS + 61,
    });
    expect(cancelTimes({ startMs: now + 30_000, endMs: now + 45_000 }, now)).toEqual({
      endSeconds: nowS + 45,
    });
  });
  it('rounds a fractional now up, so the end is never in the past', () => {
    expect(cancelTimes({ startMs: 0, endMs: now + 3_600_000 }, now + 1)).toEqual({ endSeconds: nowS + 61 });
  });
});
