import type { CreateExperimentRequest } from '../../../shared/contracts/experiments';
import { checkExperiment } from '../../../shared/domain/experiment-rules';
import { ValidationError } from '../../../shared/platform/errors';

const NOW = Date.parse('2026-12-01T10:00:00.000Z');

function body(overrides: Partial<CreateExperimentRequest> = {}): CreateExperimentRequest {
  return {
    name: 'A vs B',
    startTime: '2026-12-02T00:00:00Z',
    endTime: '2026-12-09T00:00:00Z',
    cells: [
      { name: 'A', treatmentPercentage: 50, adSetIds: ['1'] },
      { name: 'B', treatmentPercentage: 50, adSetIds: ['2', '3'] },
    ],
    ...overrides,
  };
}

/** The fields a refusal names, in order. */
function refusedFields(request: CreateExperimentRequest): string[] {
  try {
    checkExperiment(request, NOW);
  } catch (err: unknown) {
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).code).toBe('validation_error');
    return ((err as ValidationError).details as { path: string }[]).map((issue) => issue.path);
  }
  throw new Error('expected a refusal');
}

const cell = (
  name: string,
  treatmentPercentage: number,
  ids: Partial<CreateExperimentRequest['cells'][0]>,
) => ({
  name,
  treatmentPercentage,
  ...ids,
});

describe('checkExperiment', () => {
  it('passes a valid split test: one level, the cells with their objects, times in ms', () => {
    expect(checkExperiment(body({ objective: 'SALES' }), NOW)).toEqual({
      name: 'A vs B',
      level: 'adset',
      cells: [
        { name: 'A', treatmentPercentage: 50, objectIds: ['1'] },
        { name: 'B', treatmentPercentage: 50, objectIds: ['2', '3'] },
      ],
      startMs: Date.parse('2026-12-02T00:00:00Z'),
      endMs: Date.parse('2026-12-09T00:00:00Z'),
      objective: 'SALES',
    });
  });

  it('takes campaigns as the level when every cell names campaigns, and five cells of 20 %', () => {
    const cells = ['1', '2', '3', '4', '5'].map((id) => cell(`C${id}`, 20, { campaignIds: [id] }));
    expect(checkExperiment(body({ cells }), NOW).level).toBe('campaign');
  });

  it.each([
    ['one cell', [cell('A', 100, { adSetIds: ['1'] })], ['cells']],
    [
      'six cells',
      ['1', '2', '3', '4', '5', '6'].map((id) => cell(id, 10, { adSetIds: [id] })),
      ['cells', 'cells'],
    ],
  ])('refuses %s (2 to 5 cells)', (_what, cells, fields) => {
    expect(refusedFields(body({ cells }))).toEqual(fields);
  });

  it('refuses a cell under 10 % and a fraction, naming each cell', () => {
    expect(
      refusedFields(body({ cells: [cell('A', 95, { adSetIds: ['1'] }), cell('B', 5, { adSetIds: ['2'] })] })),
    ).toEqual(['cells[1].treatmentPercentage']);
    expect(
      refusedFields(
        body({ cells: [cell('A', 49.5, { adSetIds: ['1'] }), cell('B', 50.5, { adSetIds: ['2'] })] }),
      ),
    ).toEqual(['cells[0].treatmentPercentage', 'cells[1].treatmentPercentage']);
  });

  it('refuses percentages that do not add up to 100, saying what they add up to', () => {
    try {
      checkExperiment(
        body({ cells: [cell('A', 60, { adSetIds: ['1'] }), cell('B', 30, { adSetIds: ['2'] })] }),
        NOW,
      );
      throw new Error('expected a refusal');
    } catch (err: unknown) {
      expect((err as ValidationError).details).toEqual([
        {
          in: 'body',
          path: 'cells',
          message: 'treatment percentages must add up to 100 (they add up to 90)',
        },
      ]);
    }
  });

  it('refuses a cell naming both kinds, none, or an empty list', () => {
    expect(
      refusedFields(
        body({
          cells: [cell('A', 50, { adSetIds: ['1'], campaignIds: ['2'] }), cell('B', 50, { adSetIds: ['3'] })],
        }),
      ),
    ).toEqual(['cells[0]']);
    expect(refusedFields(body({ cells: [cell('A', 50, {}), cell('B', 50, { adSetIds: ['3'] })] }))).toEqual([
      'cells[0].adSetIds',
    ]);
    expect(
      refusedFields(
        body({ cells: [cell('A', 50, { campaignIds: [] }), cell('B', 50, { campaignIds: ['3'] })] }),
      ),
    ).toEqual(['cells[0].campaignIds']);
  });

  it('refuses cells of different kinds, naming the one that differs from the first', () => {
    expect(
      refusedFields(
        body({ cells: [cell('A', 50, { adSetIds: ['1'] }), cell('B', 50, { campaignIds: ['2'] })] }),
      ),
    ).toEqual(['cells[1].campaignIds']);
  });

  it('refuses an object in two cells or twice in one, naming where it repeats', () => {
    expect(
      refusedFields(
        body({ cells: [cell('A', 50, { adSetIds: ['1'] }), cell('B', 50, { adSetIds: ['2', '1'] })] }),
      ),
    ).toEqual(['cells[1].adSetIds[1]']);
    expect(
      refusedFields(
        body({ cells: [cell('A', 50, { adSetIds: ['1', '1'] }), cell('B', 50, { adSetIds: ['2'] })] }),
      ),
    ).toEqual(['cells[0].adSetIds[1]']);
  });

  it('refuses a start that is not in the future and an end not after the start', () => {
    expect(refusedFields(body({ startTime: '2026-12-01T10:00:00Z' }))).toEqual(['startTime']);
    expect(refusedFields(body({ endTime: '2026-12-02T00:00:00Z' }))).toEqual(['endTime']);
  });

  it('names every broken rule at once', () => {
    expect(
      refusedFields(
        body({
          startTime: '2026-11-30T00:00:00Z',
          cells: [cell('A', 5, { adSetIds: ['1'] }), cell('B', 50, { adSetIds: ['1'] })],
        }),
      ),
    ).toEqual(['cells[0].treatmentPercentage', 'cells', 'cells[1].adSetIds[0]', 'startTime']);
  });
});
