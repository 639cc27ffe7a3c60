import * as z from 'zod';
import type { RouteAnswer } from '../../../shared/mcp/route-call';
import { invalidArgumentsResult, type ToolResult, toolResultOf } from '../../../shared/mcp/tool-answer';

const json = { 'content-type': 'application/json' };
const answer = (status: number, body?: unknown, headers: Record<string, string> = json): RouteAnswer => ({
  status,
  headers,
  body,
});

/** The first text line: the summary a model reads before the JSON. */
const summaryOf = (result: ToolResult) => result.content[0]?.text.split('\n')[0];
/** The JSON after the summary, which must be the structured content. */
const jsonOf = (result: ToolResult) =>
  JSON.parse(result.content[0]?.text.split('\n').slice(1).join('\n') ?? '');

const campaign = {
  id: '120200000001',
  level: 'campaign',
  name: 'Spring',
  status: 'PAUSED',
  currency: 'BRL',
  dailyBudget: 5000,
  amounts: { dailyBudget: { minor: 5000, currency: 'BRL', formatted: 'R$50.00' } },
};

describe('toolResultOf (a route answer as a tool result)', () => {
  it('answers a 200 with the body, a summary and the same JSON as text', () => {
    const result = toolResultOf(answer(200, campaign));
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toEqual({ status: 200, result: campaign });
    expect(jsonOf(result)).toEqual(result.structuredContent);
    expect(summaryOf(result)).toBe('OK (200). Amounts: dailyBudget R$50.00/day (5000 minor units).');
  });

  it('reads every amount, a budget per day and the others as they are', () => {
    const body = {
      ...campaign,
      amounts: {
        dailyBudget: { minor: 2500, currency: 'EUR', formatted: '€25.00' },
        spendCap: { minor: 90000, currency: 'EUR', formatted: '€900.00' },
      },
    };
    expect(summaryOf(toolResultOf(answer(201, body)))).toBe(
      'OK (201). Amounts: dailyBudget €25.00/day (2500 minor units), spendCap €900.00 (90000 minor units).',
    );
    expect(summaryOf(toolResultOf(answer(200, { ...campaign, amounts: {} })))).toBe('OK (200).');
    expect(summaryOf(toolResultOf(answer(200, { items: [] })))).toBe('OK (200).');
  });

  it('answers a 201 with its status', () => {
    const result = toolResultOf(answer(201, campaign));
    expect(result.structuredContent).toEqual({ status: 201, result: campaign });
    expect(summaryOf(result)).toMatch(/^OK \(201\)\./);
  });

  it('says a 202 is pending approval and names the approval', () => {
    const body = { approvalId: 'apr_42', status: 'pending_approval' };
    const result = toolResultOf(answer(202, body));
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toEqual({ status: 202, result: body });
    expect(summaryOf(result)).toMatch(/^Pending approval apr_42: /);
    expect(summaryOf(result)).toContain('list_approvals');
  });

  it('answers a 204 as done, without a result', () => {
    const result = toolResultOf(answer(204, undefined, {}));
    expect(result.structuredContent).toEqual({ status: 204 });
    expect(summaryOf(result)).toBe('Done.');
  });

  it('says a dry run changed nothing, and when the real call would wait for approval', () => {
    const dryRun = { dryRun: true, wouldApply: { status: 'PAUSED' } };
    const plain = toolResultOf(answer(200, dryRun));
    expect(plain.structuredContent).toEqual({ status: 200, result: dryRun });
    expect(summaryOf(plain)).toBe('Dry run: every check passed and nothing changed.');
    const held = toolResultOf(answer(200, { ...dryRun, needsApproval: true }));
    expect(summaryOf(held)).toBe(
      "Dry run: every check passed and nothing changed; the real call would wait for a user's approval.",
    );
    expect(summaryOf(toolResultOf(answer(200, { ...dryRun, needsApproval: false })))).toBe(
      'Dry run: every check passed and nothing changed.',
    );
  });

  it('marks a replay and says nothing ran again', () => {
    const replay = toolResultOf(answer(200, campaign, { ...json, 'idempotent-replayed': 'true' }));
    expect(replay.structuredContent).toEqual({ status: 200, replayed: true, result: campaign });
    expect(summaryOf(replay)).toMatch(/^OK \(200\) \(replayed: .*nothing ran again\)\. Amounts: /);
    const pending = toolResultOf(
      answer(202, { approvalId: 'apr_1', status: 'pending_approval' }, { 'idempotent-replayed': 'true' }),
    );
    expect(summaryOf(pending)).toMatch(/replayed/);
    expect(summaryOf(toolResultOf(answer(204, undefined, { 'idempotent-replayed': 'true' })))).toMatch(
      /^Done \(replayed: /,
    );
    expect(toolResultOf(answer(200, campaign, { 'idempotent-replayed': 'false' })).structuredContent).toEqual(
      {
        status: 200,
        result: campaign,
      },
    );
  });

  describe('refusals and failures', () => {
    const cases: [number, Record<string, unknown>][] = [
      [
        403,
        {
          code: 'agent_control_denied',
          message: 'An agent may not update a campaign budget.',
          details: { rule: 'matrix', level: 'campaign', action: 'update' },
        },
      ],
      [
        422,
        {
          code: 'spend_cap_exceeded',
          message: 'The daily budget would pass the cap.',
          details: { cap: 10000, current: 8000, headroom: 2000, formatted: { headroom: '$20.00' } },
        },
      ],
      [
        429,
        { code: 'meta_throttled', message: 'Meta throttles this ad account.', details: { metaCode: 17 } },
      ],
      [
        500,
        { code: 'internal_error', message: 'Something went wrong on our side.', correlationId: 'corr-9' },
      ],
    ];

    it.each(cases)(
      'answers a %i as isError with its code, message, details and correlation id',
      (status, error) => {
        const result = toolResultOf(answer(status, { error }));
        expect(result.isError).toBe(true);
        expect(result.structuredContent).toEqual({ status, error });
        expect(jsonOf(result)).toEqual(result.structuredContent);
        expect(summaryOf(result)).toBe(`Refused (${String(error.code)}): ${String(error.message)}`);
      },
    );

    it('keeps a refusal replayed under the same key marked as replayed', () => {
      const error = { code: 'spend_cap_exceeded', message: 'Over the cap.' };
      const result = toolResultOf(answer(422, { error }, { 'idempotent-replayed': 'true' }));
      expect(result.structuredContent).toEqual({ status: 422, replayed: true, error });
    });

    it('answers a body that is not our error shape with a generic code and message', () => {
      for (const body of [
        undefined,
        'Bad Gateway',
        { message: 'upstream' },
        { error: { code: 7, message: [] } },
      ]) {
        const result = toolResultOf(answer(502, body));
        expect(result.isError).toBe(true);
        expect(result.structuredContent).toEqual({
          status: 502,
          error: { code: 'error', message: 'The request failed.' },
        });
      }
    });
  });
});

describe('invalidArgumentsResult', () => {
  it('names each argument that failed, nested ones by their path, and the whole object when unnamed', () => {
    const schema = z
      .object({
        id: z.string().regex(/^\d+$/),
        idempotencyKey: z.string(),
        operations: z.array(z.object({ body: z.object({ dailyBudget: z.number() }) })),
      })
      .strict();
    const parsed = schema.safeParse({ id: 'abc', operations: [{ body: { dailyBudget: 'x' } }], extra: 1 });
    if (parsed.success) throw new Error('the arguments should fail');
    const result = invalidArgumentsResult(parsed.error);
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toMatchObject({ status: 400, error: { code: 'validation_error' } });
    const details = (result.structuredContent.error as { details: { argument: string }[] }).details;
    expect(details.map((d) => d.argument).sort()).toEqual(
      ['(arguments)', 'id', 'idempotencyKey', 'operations.0.body.dailyBudget'].sort(),
    );
    const summary = summaryOf(result) ?? '';
    expect(summary).toMatch(/^Refused \(validation_error\): Invalid arguments: /);
    for (const argument of ['id: ', 'idempotencyKey: ', 'operations.0.body.dailyBudget: ', '(arguments): ']) {
      expect(summary).toContain(argument);
    }
  });
});

describe('a throttled call', () => {
  it("carries the route's Retry-After as retryAfterSeconds, and says it in the text", () => {
    const throttled = toolResultOf(
      answer(429, { error: { code: 'meta_throttled', message: 'Slow down.' } }, { 'retry-after': '120' }),
    );
    expect(throttled.structuredContent).toMatchObject({ status: 429, retryAfterSeconds: 120 });
    expect(summaryOf(throttled)).toContain('Retry after 120 s with the same idempotencyKey.');
    const refused = toolResultOf(answer(403, { error: { code: 'agent_control_denied', message: 'No.' } }));
    expect(refused.structuredContent).not.toHaveProperty('retryAfterSeconds');
  });
});
