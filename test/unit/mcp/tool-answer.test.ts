import * as z from 'zod';
import { invalidArgumentsResult, toolResultOf } from '../../../shared/mcp/tool-answer';

const answer = (status: number, body?: unknown, headers: Record<string, string> = {}) => ({
  status,
  body,
  headers,
});

describe('toolResultOf', () => {
  it('answers a success with its status and body, amounts readable in the text', () => {
    const body = {
      id: '1',
      amounts: { dailyBudget: { minor: 5000, currency: 'BRL', formatted: 'R$50.00' } },
    };
    const result = toolResultOf(answer(201, body));
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toEqual({ status: 201, result: body });
    expect(result.content[0]?.text).toContain('dailyBudget R$50.00/day (5000 minor units)');
    expect(JSON.parse(result.content[0]?.text.split('\n')[1] ?? '')).toEqual(result.structuredContent);
  });

  it('says a replay is one, and that nothing ran again', () => {
    const result = toolResultOf(answer(201, { id: '1' }, { 'idempotent-replayed': 'true' }));
    expect(result.structuredContent).toEqual({ status: 201, replayed: true, result: { id: '1' } });
    expect(result.content[0]?.text).toMatch(/replayed.*nothing ran again/);
  });

  it('names the approval a held change waits for', () => {
    const result = toolResultOf(answer(202, { approvalId: 'apr_1', status: 'pending_approval' }));
    expect(result.isError).toBeUndefined();
    expect(result.content[0]?.text).toMatch(/^Pending approval apr_1: .*list_approvals/);
  });

  it('tells a dry run from a real change, and one that would need approval', () => {
    expect(toolResultOf(answer(200, { dryRun: true, wouldApply: {} })).content[0]?.text).toMatch(
      /^Dry run: every check passed and nothing changed\.\n/,
    );
    expect(
      toolResultOf(answer(200, { dryRun: true, wouldApply: {}, needsApproval: true })).content[0]?.text,
    ).toMatch(/would wait for a user's approval/);
    expect(toolResultOf(answer(204)).structuredContent).toEqual({ status: 204 });
  });

  it('turns a refusal into an error result with the REST code, message and details', () => {
    const details = { rule: 'campaign.create', matrixRule: { effect: 'deny' } };
    const result = toolResultOf(
      answer(403, { error: { code: 'agent_control_denied', message: 'Agents may not create.', details } }),
    );
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toEqual({
      status: 403,
      error: { code: 'agent_control_denied', message: 'Agents may not create.', details },
    });
    expect(result.content[0]?.text).toMatch(/^Refused \(agent_control_denied\): Agents may not create\./);
  });

  it('carries when to retry a throttled call, and a failure keeps its correlation id', () => {
    const throttled = toolResultOf(
      answer(429, { error: { code: 'meta_throttled', message: 'Slow down.' } }, { 'retry-after': '120' }),
    );
    expect(throttled.structuredContent).toMatchObject({ status: 429, retryAfterSeconds: 120 });
    expect(throttled.content[0]?.text).toContain('Retry after 120 s');
    const failed = toolResultOf(
      answer(500, { error: { code: 'internal_error', message: 'Oops.', correlationId: 'c-1' } }),
    );
    expect(failed).toMatchObject({ isError: true, structuredContent: { error: { correlationId: 'c-1' } } });
  });

  it('still answers an error result when the body is not the error shape', () => {
    expect(toolResultOf(answer(502, 'Bad Gateway'))).toMatchObject({
      isError: true,
      structuredContent: { status: 502, error: { code: 'error', message: 'The request failed.' } },
    });
  });
});

describe('invalidArgumentsResult', () => {
  it('names each argument that failed', () => {
    const parsed = z.object({ id: z.string(), body: z.object({ dailyBudget: z.number() }) }).safeParse({
      id: 1,
      body: { dailyBudget: 'x' },
    });
    if (parsed.success) throw new Error('expected a failure');
    const result = invalidArgumentsResult(parsed.error);
    expect(result).toMatchObject({
      isError: true,
      structuredContent: {
        status: 400,
        error: {
          code: 'validation_error',
          details: [
            { argument: 'id', message: expect.any(String) },
            { argument: 'body.dailyBudget', message: expect.any(String) },
          ],
        },
      },
    });
    expect(result.content[0]?.text).toMatch(
      /^Refused \(validation_error\): Invalid arguments: id: .*; body\.dailyBudget: /,
    );
  });
});
