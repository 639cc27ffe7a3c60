import type * as z from 'zod';
import { validIdempotencyKey } from '../../../shared/domain/idempotency';
import { routeCallOf } from '../../../shared/mcp/route-call';
import { mcpTools, type ToolSpec } from '../../../shared/mcp/tool-catalog';
import { toolInput } from '../../../shared/mcp/tool-input';

function spec(name: string): ToolSpec {
  const found = mcpTools.find((tool) => tool.name === name);
  if (!found) throw new Error(`no tool ${name}`);
  return found;
}

/** The path of each issue: what a test holds without quoting zod's wording. */
function issuesOf(error: z.ZodError | undefined): string[] {
  return (error?.issues ?? []).map((issue) => issue.path.map(String).join('.'));
}

const usd = (minor: number) => ({ minor, currency: 'USD' });

describe('toolInput (a tool’s arguments from its route contract)', () => {
  it('flattens the path parameters, the query and the body side by side, plus idempotencyKey on a mutation', () => {
    const { schema, places } = toolInput(spec('update_campaign'));
    expect(places).toEqual({
      params: ['id'],
      query: ['dryRun'],
      flags: ['dryRun'],
      body: ['name', 'status', 'dailyBudget', 'lifetimeBudget', 'bidStrategy', 'spendCap'],
    });
    expect(Object.keys(schema.shape).sort()).toEqual(
      [...places.params, ...places.query, ...places.body, 'idempotencyKey'].sort(),
    );
    const parsed = schema.safeParse({
      id: '120200000001',
      dryRun: true,
      name: 'Spring',
      dailyBudget: usd(2500),
      idempotencyKey: 'k-1',
    });
    expect(parsed.success).toBe(true);
  });

  it('takes the list query of a read (cursor, limit, ids) and no idempotencyKey', () => {
    const { schema, places } = toolInput(spec('list_adsets'));
    expect(places.params).toEqual([]);
    expect(places.body).toEqual([]);
    expect(places.query).toEqual(
      expect.arrayContaining(['cursor', 'limit', 'adAccountId', 'includeDeleted', 'refresh', 'campaignId']),
    );
    expect([...places.flags].sort()).toEqual(['includeDeleted', 'refresh']);
    expect(schema.shape).not.toHaveProperty('idempotencyKey');
    expect(schema.safeParse({ campaignId: '123', limit: 10 }).success).toBe(true);
  });

  it('makes dryRun and includeDeleted JSON booleans, sent as true/false on the wire', () => {
    const pause = toolInput(spec('pause_campaign'));
    expect(pause.schema.safeParse({ id: '1', idempotencyKey: 'k', dryRun: true }).success).toBe(true);
    expect(issuesOf(pause.schema.safeParse({ id: '1', idempotencyKey: 'k', dryRun: 'true' }).error)).toEqual([
      'dryRun',
    ]);
    const list = toolInput(spec('list_campaigns'));
    expect(list.schema.safeParse({ includeDeleted: false }).success).toBe(true);
    expect(issuesOf(list.schema.safeParse({ includeDeleted: 'yes' }).error)).toEqual(['includeDeleted']);

    expect(routeCallOf(spec('list_campaigns').route, list, { includeDeleted: true }).query).toEqual({
      includeDeleted: 'true',
    });
    expect(
      routeCallOf(spec('pause_campaign').route, pause, { id: '1', idempotencyKey: 'k', dryRun: false }).query,
    ).toEqual({ dryRun: 'false' });
  });

  it('takes an amount as {minor, currency} and refuses a bare integer, naming the field', () => {
    const { schema } = toolInput(spec('create_campaign'));
    const base = {
      name: 'Spring',
      objective: 'OUTCOME_SALES',
      specialAdCategories: [],
      idempotencyKey: 'k-1',
    };
    expect(schema.safeParse({ ...base, dailyBudget: usd(2500), spendCap: usd(90000) }).success).toBe(true);
    expect(issuesOf(schema.safeParse({ ...base, dailyBudget: 2500 }).error)).toEqual(['dailyBudget']);
    expect(issuesOf(schema.safeParse({ ...base, spendCap: { minor: 12.5, currency: 'USD' } }).error)).toEqual(
      ['spendCap.minor'],
    );
    expect(
      issuesOf(
        toolInput(spec('update_adset')).schema.safeParse({ id: '1', idempotencyKey: 'k', bidAmount: 40 })
          .error,
      ),
    ).toEqual(['bidAmount']);
  });

  it('requires idempotencyKey on a mutation, and only there', () => {
    const pause = toolInput(spec('pause_ad')).schema;
    expect(issuesOf(pause.safeParse({ id: '1' }).error)).toEqual(['idempotencyKey']);
    expect(issuesOf(pause.safeParse({ id: '1', idempotencyKey: '   ' }).error)).toEqual(['idempotencyKey']);
    expect(pause.safeParse({ id: '1', idempotencyKey: 'k' }).success).toBe(true);
    expect(toolInput(spec('get_ad')).schema.safeParse({ id: '1' }).success).toBe(true);
    expect(toolInput(spec('get_controls')).schema.safeParse({}).success).toBe(true);
    for (const tool of mcpTools) {
      expect([tool.name, 'idempotencyKey' in toolInput(tool).schema.shape]).toEqual([
        tool.name,
        tool.mutation,
      ]);
    }
  });

  it('takes exactly the idempotencyKey the route’s Idempotency-Key takes, so the route never refuses one it passed', () => {
    const pause = toolInput(spec('pause_campaign')).schema;
    const routeTakes = (key: string) => {
      try {
        return validIdempotencyKey(key) === key;
      } catch {
        return false;
      }
    };
    for (const key of ['k-1', 'a b', 'x'.repeat(255), ' k', 'k ', '', 'clé', 'tab\tkey', 'x'.repeat(256)]) {
      expect([key, pause.safeParse({ id: '1', idempotencyKey: key }).success]).toEqual([
        key,
        routeTakes(key),
      ]);
    }
  });

  it('keeps a bulk call’s key short enough that "<key>:<index>" is still a key', () => {
    const bulk = toolInput(spec('bulk_operations')).schema;
    const args = (key: string) => ({
      idempotencyKey: key,
      operations: [{ op: 'pause', level: 'ad', id: '1' }],
    });
    expect(bulk.safeParse(args('x'.repeat(252))).success).toBe(true);
    expect(issuesOf(bulk.safeParse(args('x'.repeat(253))).error)).toEqual(['idempotencyKey']);
  });

  it('refuses an argument the tool does not take (strict)', () => {
    const result = toolInput(spec('get_campaign')).schema.safeParse({ id: '1', campaign_id: '1' });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ code: 'unrecognized_keys', keys: ['campaign_id'] }),
    ]);
    const dashboardKey = toolInput(spec('get_controls')).schema.safeParse({ idempotencyKey: 'k' });
    expect(dashboardKey.success).toBe(false);
  });

  describe('bulk_operations', () => {
    const { schema } = toolInput(spec('bulk_operations'));

    it('needs a currency on every amount of an operation’s body, naming the operation and field', () => {
      const result = schema.safeParse({
        idempotencyKey: 'bulk-1',
        operations: [
          { op: 'update', level: 'campaign', id: '1', body: { dailyBudget: usd(5000) } },
          { op: 'update', level: 'campaign', id: '2', body: { dailyBudget: 5000 } },
        ],
      });
      expect(issuesOf(result.error)).toEqual(['operations.1.body.dailyBudget']);
      const first = schema.safeParse({
        idempotencyKey: 'bulk-1',
        operations: [
          { op: 'update', level: 'adset', id: '2', body: { dailyBudget: 5000, bidAmount: usd(1) } },
        ],
      });
      expect(issuesOf(first.error)).toEqual(['operations.0.body.dailyBudget']);
    });

    it('leaves each operation’s key optional, and takes one when given', () => {
      expect(
        schema.safeParse({
          idempotencyKey: 'bulk-1',
          operations: [
            { op: 'pause', level: 'ad', id: '3' },
            { op: 'resume', level: 'ad', id: '4', idempotencyKey: 'own' },
          ],
        }).success,
      ).toBe(true);
    });

    it('still refuses an unknown field in an operation and an empty list', () => {
      expect(
        issuesOf(
          schema.safeParse({
            idempotencyKey: 'bulk-1',
            operations: [{ op: 'pause', level: 'ad', id: '3', dryRun: true }],
          }).error,
        ),
      ).toEqual(['operations.0']);
      expect(issuesOf(schema.safeParse({ idempotencyKey: 'bulk-1', operations: [] }).error)).toEqual([
        'operations',
      ]);
    });
  });

  it('builds every tool of the catalog, with no argument in two places', () => {
    expect(mcpTools).toHaveLength(27);
    expect(new Set(mcpTools.map((tool) => tool.name)).size).toBe(mcpTools.length);
    for (const tool of mcpTools) {
      const { schema, places } = toolInput(tool);
      const names = [...places.params, ...places.query, ...places.body];
      expect([tool.name, new Set(names).size]).toEqual([tool.name, names.length]);
      expect(names).not.toContain('idempotencyKey');
      expect(Object.keys(schema.shape).length).toBe(names.length + (tool.mutation ? 1 : 0));
    }
  });
});
