import { refreshRangeProblem } from '../../../shared/domain/insights-refresh-range';

const today = '2026-12-01';

describe('refreshRangeProblem', () => {
  it('accepts a range up to today and back to 37 months', () => {
    expect(refreshRangeProblem('2023-11-01', today, today)).toBeUndefined();
    expect(refreshRangeProblem(today, today, today)).toBeUndefined();
  });

  it('names the field that is not a real day', () => {
    expect(refreshRangeProblem('2026-02-30', today, today)?.field).toBe('from');
    expect(refreshRangeProblem('2026-02-01', '2026-13-01', today)?.field).toBe('to');
  });

  it('refuses from after to', () => {
    expect(refreshRangeProblem('2026-11-02', '2026-11-01', today)).toEqual({
      field: 'from',
      message: 'must not be after to (2026-11-01)',
    });
  });

  it("refuses a to after the account's today", () => {
    expect(refreshRangeProblem('2026-11-01', '2026-12-02', today)?.field).toBe('to');
  });

  it("refuses a from older than Meta's 37 months", () => {
    const problem = refreshRangeProblem('2023-10-31', today, today);
    expect(problem?.field).toBe('from');
    expect(problem?.message).toContain('2023-11-01');
  });
});
