import {
  addDays,
  dayInZone,
  daysBetweenInclusive,
  daysOf,
  halvesOf,
  isCalendarDay,
  monthsBefore,
} from '../../../shared/domain/account-days';

describe('account days', () => {
  const at = Date.parse('2026-12-02T03:30:00Z');

  it("reads the day in the ad account's time zone", () => {
    expect(dayInZone(at, 'UTC')).toBe('2026-12-02');
    expect(dayInZone(at, 'America/Los_Angeles')).toBe('2026-12-01');
    expect(dayInZone(at, 'Asia/Tokyo')).toBe('2026-12-02');
    expect(dayInZone(at, 'Not/AZone')).toBe('2026-12-02');
  });

  it('moves and counts days across months and leap years', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetweenInclusive('2026-11-05', '2026-12-02')).toBe(28);
    expect(daysBetweenInclusive('2026-12-02', '2026-12-01')).toBe(0);
    expect(daysOf('2026-12-30', '2027-01-02')).toEqual([
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
    ]);
    expect(daysOf('2026-12-02', '2026-12-01')).toEqual([]);
  });

  it('knows real calendar dates', () => {
    expect(isCalendarDay('2026-02-28')).toBe(true);
    expect(isCalendarDay('2026-02-30')).toBe(false);
    expect(isCalendarDay('2026-2-3')).toBe(false);
  });

  it('goes back whole months, clamped to the month end', () => {
    expect(monthsBefore('2026-12-02', 37)).toBe('2023-11-02');
    expect(monthsBefore('2026-03-31', 1)).toBe('2026-02-28');
  });

  it('halves a range, and cannot halve one day', () => {
    expect(halvesOf('2026-11-01', '2026-11-28')).toEqual([
      ['2026-11-01', '2026-11-14'],
      ['2026-11-15', '2026-11-28'],
    ]);
    expect(halvesOf('2026-11-01', '2026-11-03')).toEqual([
      ['2026-11-01', '2026-11-02'],
      ['2026-11-03', '2026-11-03'],
    ]);
    expect(halvesOf('2026-11-01', '2026-11-01')).toBeUndefined();
  });
});
