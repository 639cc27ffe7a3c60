import { routeCallOf } from '../../../shared/mcp/route-call';
import { mcpTools, type ToolSpec } from '../../../shared/mcp/tool-catalog';
import { toolInput } from '../../../shared/mcp/tool-input';

const tool = (name: string): ToolSpec => {
  const found = mcpTools.find((t) => t.name === name);
  if (!found) throw new Error(`no tool ${name}`);
  return found;
};
const issuesOf = (name: string, args: unknown) => {
  const parsed = toolInput(tool(name)).schema.safeParse(args);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.path.map(String).join('.'));
};

describe('toolInput', () => {
  it('builds every tool, no argument in two places', () => {
    for (const spec of mcpTools) expect(() => toolInput(spec)).not.toThrow();
  });

  it('flattens path, query and body; flags become booleans; mutations require a key', () => {
    const input = toolInput(tool('update_campaign'));
    expect(input.places).toEqual({
      params: ['id'],
      query: ['dryRun'],
      flags: ['dryRun'],
      body: ['name', 'status', 'dailyBudget', 'lifetimeBudget', 'bidStrategy', 'spendCap'],
    });
    expect(input.schema.safeParse({ id: '1', name: 'x', dryRun: true, idempotencyKey: 'k' }).success).toBe(
      true,
    );
    expect(issuesOf('update_campaign', { id: '1', name: 'x', dryRun: 'true', idempotencyKey: 'k' })).toEqual([
      'dryRun',
    ]);
    expect(issuesOf('update_campaign', { id: '1', name: 'x' })).toEqual(['idempotencyKey']);
    expect(toolInput(tool('list_campaigns')).schema.shape).not.toHaveProperty('idempotencyKey');
  });

  it('takes an amount only with its currency, naming the field of a bare one', () => {
    const base = { name: 'n', objective: 'OUTCOME_TRAFFIC', specialAdCategories: [], idempotencyKey: 'k' };
    expect(issuesOf('create_campaign', { ...base, dailyBudget: { minor: 2500, currency: 'EUR' } })).toEqual(
      [],
    );
    expect(issuesOf('create_campaign', { ...base, dailyBudget: 2500 })).toEqual(['dailyBudget']);
    expect(issuesOf('create_campaign', { ...base, dailyBudget: { minor: 25.5, currency: 'EUR' } })).toEqual([
      'dailyBudget.minor',
    ]);
    expect(
      issuesOf('update_adset', { id: '1', bidAmount: { minor: 10, currency: 'usd' }, idempotencyKey: 'k' }),
    ).toEqual(['bidAmount.currency']);
  });

  it('refuses arguments no route takes (the actor comes from the token)', () => {
    expect(issuesOf('pause_campaign', { id: '1', idempotencyKey: 'k', actor: 'user' })).toEqual(['']);
  });

  it("lets a bulk operation go without its own key, but not without its amounts' currency", () => {
    const op = {
      op: 'update',
      level: 'campaign',
      id: '1',
      body: { dailyBudget: { minor: 1, currency: 'USD' } },
    };
    expect(issuesOf('bulk_operations', { operations: [op], idempotencyKey: 'k' })).toEqual([]);
    expect(
      issuesOf('bulk_operations', {
        operations: [{ ...op, body: { dailyBudget: 100 } }],
        idempotencyKey: 'k',
      }),
    ).toEqual(['operations.0.body.dailyBudget']);
    expect(issuesOf('bulk_operations', { operations: Array(51).fill(op), idempotencyKey: 'k' })).toEqual([
      'operations',
    ]);
  });
});

describe('routeCallOf', () => {
  it('puts each argument where the route takes it', () => {
    const spec = tool('update_campaign');
    const call = routeCallOf(spec.route, toolInput(spec), {
      id: '42',
      name: 'Spring',
      dailyBudget: { minor: 900, currency: 'EUR' },
      dryRun: false,
      idempotencyKey: 'key-1',
    });
    expect(call).toEqual({
      route: spec.route,
      pathParameters: { id: '42' },
      query: { dryRun: 'false' },
      body: { name: 'Spring', dailyBudget: { minor: 900, currency: 'EUR' } },
      idempotencyKey: 'key-1',
    });
  });

  it('sends no body to a route without one, and numbers as query strings', () => {
    const spec = tool('list_campaigns');
    expect(routeCallOf(spec.route, toolInput(spec), { limit: 5, includeDeleted: true })).toEqual({
      route: spec.route,
      pathParameters: {},
      query: { limit: '5', includeDeleted: 'true' },
    });
  });
});
