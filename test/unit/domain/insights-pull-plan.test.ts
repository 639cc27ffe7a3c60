import { dayInZone } from '../../../shared/domain/account-days';
import {
  MAX_PIECE_DAYS,
  oldestInsightsDay,
  pieceRanges,
  planPieces,
  readModeOf,
  scheduledRange,
} from '../../../shared/domain/insights-pull-plan';

describe('planPieces', () => {
  it('plans every level over the range, one piece for a month or less', () => {
    const pieces = planPieces('2026-11-04', '2026-12-01');
    expect(pieces).toEqual([
      {
        pieceId: 'campaign_2026-11-04_2026-12-01',
        level: 'campaign',
        since: '2026-11-04',
        until: '2026-12-01',
      },
      { pieceId: 'adset_2026-11-04_2026-12-01', level: 'adset', since: '2026-11-04', until: '2026-12-01' },
      { pieceId: 'ad_2026-11-04_2026-12-01', level: 'ad', since: '2026-11-04', until: '2026-12-01' },
    ]);
  });

  it('cuts a long range into pieces of at most 31 days that cover it exactly once', () => {
    const ranges = pieceRanges('2026-01-01', '2026-03-15');
    expect(ranges).toEqual([
      ['2026-01-01', '2026-01-31'],
      ['2026-02-01', '2026-03-03'],
      ['2026-03-04', '2026-03-15'],
    ]);
    expect(MAX_PIECE_DAYS).toBe(31);
    expect(planPieces('2026-01-01', '2026-03-15')).toHaveLength(9);
    expect(new Set(planPieces('2026-01-01', '2026-03-15').map((p) => p.pieceId)).size).toBe(9);
  });

  it('plans one day as one piece per level', () => {
    expect(pieceRanges('2026-12-01', '2026-12-01')).toEqual([['2026-12-01', '2026-12-01']]);
  });
});

describe('readModeOf', () => {
  it('reads a week or less synchronously and longer ranges as async report runs', () => {
    expect(readModeOf({ since: '2026-11-25', until: '2026-12-01' }, 'manual')).toBe('sync');
    expect(readModeOf({ since: '2026-11-24', until: '2026-12-01' }, 'manual')).toBe('async');
    expect(readModeOf({ since: '2026-11-04', until: '2026-12-01' }, 'daily')).toBe('async');
  });

  it('always reads the hourly pull synchronously', () => {
    expect(readModeOf({ since: '2026-11-01', until: '2026-12-01' }, 'hourly')).toBe('sync');
  });
});

describe('scheduledRange', () => {
  it('pulls yesterday and today every hour, and the 28-day lookback daily', () => {
    expect(scheduledRange('hourly', '2026-12-01')).toEqual({ from: '2026-11-30', to: '2026-12-01' });
    expect(scheduledRange('daily', '2026-12-01')).toEqual({ from: '2026-11-04', to: '2026-12-01' });
  });

  it("takes today in the ad account's zone: west of UTC it is still yesterday, east already tomorrow", () => {
    const at = Date.parse('2026-12-01T03:00:00Z');
    expect(scheduledRange('hourly', dayInZone(at, 'America/Los_Angeles'))).toEqual({
      from: '2026-11-29',
      to: '2026-11-30',
    });
    expect(scheduledRange('hourly', dayInZone(at, 'UTC'))).toEqual({ from: '2026-11-30', to: '2026-12-01' });
    const late = Date.parse('2026-12-01T22:00:00Z');
    expect(scheduledRange('hourly', dayInZone(late, 'Asia/Tokyo'))).toEqual({
      from: '2026-12-01',
      to: '2026-12-02',
    });
  });
});

describe('oldestInsightsDay', () => {
  it("is Meta's 37 months back", () => {
    expect(oldestInsightsDay('2026-12-01')).toBe('2023-11-01');
  });
});
