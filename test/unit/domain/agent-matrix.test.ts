import { actionsOf, agentDecision, agentDeniedError } from '../../../shared/domain/agent-matrix';
import type { MatrixRule } from '../../../shared/domain/controls';
import type { MutationRequest } from '../../../shared/domain/mutation';
import { adSet, campaign } from './ad-object-fixtures';

function request(op: MutationRequest['op'], body?: Record<string, unknown>): MutationRequest {
  return {
    op,
    level: 'adset',
    id: op === 'create' ? undefined : '200',
    body,
    method: 'PATCH',
    path: '/meta/adsets/200',
  };
}

describe('actionsOf', () => {
  it.each(['create', 'delete', 'pause', 'resume'] as const)('a %s is one part', (op) => {
    expect(actionsOf(request(op, { dailyBudget: 100 }))).toEqual([{ action: op }]);
  });

  it('lists each part of a PATCH: budget fields with before and after, status, the rest as update', () => {
    const before = adSet({ dailyBudget: 1000, bidAmount: 50 });
    const body = {
      name: 'x',
      dailyBudget: { minor: 1200, currency: 'USD' },
      bidAmount: 60,
      status: 'PAUSED',
      targeting: {},
    };
    expect(actionsOf(request('update', body), before)).toEqual([
      { action: 'update', field: 'name' },
      { action: 'budget', field: 'dailyBudget', before: 1000, after: 1200 },
      { action: 'budget', field: 'bidAmount', before: 50, after: 60 },
      { action: 'pause', field: 'status' },
      { action: 'update', field: 'targeting' },
    ]);
  });

  it('reads ACTIVE as resume, a spend cap as budget, and a budget from none', () => {
    const parts = actionsOf(
      request('update', { status: 'ACTIVE', spendCap: 100, advantageAudience: undefined }),
      campaign(),
    );
    expect(parts).toEqual([
      { action: 'resume', field: 'status' },
      { action: 'budget', field: 'spendCap', before: undefined, after: 100 },
    ]);
  });

  it('reads an empty PATCH as update', () => {
    expect(actionsOf(request('update', {}))).toEqual([{ action: 'update' }]);
  });
});

describe('agentDecision', () => {
  it('by default allows pause and denies everything else', () => {
    expect(agentDecision([], 'campaign', [{ action: 'pause' }])).toEqual({ effect: 'allow' });
    for (const action of ['create', 'update', 'resume', 'delete', 'budget'] as const) {
      const decision = agentDecision([], 'campaign', [{ action }]);
      expect(decision).toMatchObject({
        effect: 'deny',
        rule: { level: 'campaign', action, effect: 'deny', source: 'default' },
      });
    }
  });

  it('lets a listed rule override the default, for its level only', () => {
    const matrix: MatrixRule[] = [
      { level: 'adset', action: 'create', effect: 'allow' },
      { level: 'ad', action: 'pause', effect: 'deny' },
    ];
    expect(agentDecision(matrix, 'adset', [{ action: 'create' }])).toEqual({ effect: 'allow' });
    expect(agentDecision(matrix, 'campaign', [{ action: 'create' }]).effect).toBe('deny');
    expect(agentDecision(matrix, 'ad', [{ action: 'pause' }])).toMatchObject({
      effect: 'deny',
      rule: { level: 'ad', action: 'pause', source: 'matrix' },
    });
  });

  it('holds an approve rule for a user', () => {
    const matrix: MatrixRule[] = [{ level: 'campaign', action: 'create', effect: 'approve' }];
    expect(agentDecision(matrix, 'campaign', [{ action: 'create' }])).toMatchObject({
      effect: 'approve',
      rule: { effect: 'approve', source: 'matrix' },
    });
  });

  describe('maxBudgetChangePct', () => {
    const matrix: MatrixRule[] = [
      { level: 'adset', action: 'budget', effect: 'allow', maxBudgetChangePct: 20 },
    ];

    it('allows a change within the limit, up or down', () => {
      expect(
        agentDecision(matrix, 'adset', [
          { action: 'budget', field: 'dailyBudget', before: 1000, after: 1200 },
        ]),
      ).toEqual({
        effect: 'allow',
      });
      expect(agentDecision(matrix, 'adset', [{ action: 'budget', before: 1000, after: 800 }])).toEqual({
        effect: 'allow',
      });
    });

    it('denies a change beyond it, naming the rule and what it allows', () => {
      const decision = agentDecision(matrix, 'adset', [
        { action: 'budget', field: 'dailyBudget', before: 1000, after: 1201 },
      ]);
      expect(decision).toMatchObject({
        effect: 'deny',
        rule: { level: 'adset', action: 'budget', effect: 'allow', source: 'matrix', maxBudgetChangePct: 20 },
        allowed: { maxBudgetChangePct: 20, changePct: 21 },
      });
      expect(decision.effect === 'deny' && decision.reason).toContain('at most 20%');
    });

    it('counts yen budgets on integers (¥100,000 → ¥120,001 is 21 %)', () => {
      expect(
        agentDecision(matrix, 'adset', [{ action: 'budget', before: 100_000, after: 120_001 }]).effect,
      ).toBe('deny');
      expect(
        agentDecision(matrix, 'adset', [{ action: 'budget', before: 100_000, after: 120_000 }]).effect,
      ).toBe('allow');
    });

    it('treats a budget from none or zero as unbounded', () => {
      for (const before of [undefined, 0]) {
        const decision = agentDecision(matrix, 'adset', [
          { action: 'budget', field: 'dailyBudget', before, after: 1 },
        ]);
        expect(decision).toMatchObject({ effect: 'deny', allowed: { maxBudgetChangePct: 20 } });
        expect(decision.effect === 'deny' && decision.allowed).not.toHaveProperty('changePct');
      }
    });

    it('denies beyond the limit under an approve rule too, and approves within it', () => {
      const approve: MatrixRule[] = [
        { level: 'adset', action: 'budget', effect: 'approve', maxBudgetChangePct: 50 },
      ];
      expect(agentDecision(approve, 'adset', [{ action: 'budget', before: 100, after: 151 }]).effect).toBe(
        'deny',
      );
      expect(agentDecision(approve, 'adset', [{ action: 'budget', before: 100, after: 150 }]).effect).toBe(
        'approve',
      );
    });

    it('does not limit a create', () => {
      const create: MatrixRule[] = [
        { level: 'adset', action: 'create', effect: 'allow', maxBudgetChangePct: 1 },
      ];
      expect(agentDecision(create, 'adset', [{ action: 'create' }])).toEqual({ effect: 'allow' });
    });
  });

  it('across parts, deny beats approve beats allow', () => {
    const matrix: MatrixRule[] = [
      { level: 'adset', action: 'update', effect: 'allow' },
      { level: 'adset', action: 'budget', effect: 'approve' },
    ];
    const allowAndApprove = [
      { action: 'update' as const },
      { action: 'budget' as const, before: 1, after: 2 },
    ];
    expect(agentDecision(matrix, 'adset', allowAndApprove).effect).toBe('approve');
    expect(agentDecision(matrix, 'adset', [...allowAndApprove, { action: 'resume' }])).toMatchObject({
      effect: 'deny',
      rule: { action: 'resume', source: 'default' },
    });
    expect(agentDecision(matrix, 'adset', [{ action: 'pause' }, { action: 'update' }])).toEqual({
      effect: 'allow',
    });
  });
});

describe('agentDeniedError', () => {
  it('answers 403 agent_control_denied naming the rule, with the rule and what it allows', () => {
    const matrix: MatrixRule[] = [
      { level: 'campaign', action: 'budget', effect: 'allow', maxBudgetChangePct: 10 },
    ];
    const decision = agentDecision(matrix, 'campaign', [
      { action: 'budget', field: 'dailyBudget', before: 1000, after: 2000 },
    ]);
    if (decision.effect === 'allow') throw new Error('expected a denial');
    const err = agentDeniedError(decision);
    expect(err.status).toBe(403);
    expect(err.code).toBe('agent_control_denied');
    expect(err.details).toEqual({
      rule: 'campaign.budget',
      matrixRule: {
        level: 'campaign',
        action: 'budget',
        effect: 'allow',
        source: 'matrix',
        maxBudgetChangePct: 10,
      },
      allowed: { maxBudgetChangePct: 10, changePct: 100 },
    });
    expect(err.message).toBe(
      'Agents may change the dailyBudget of a campaign by at most 10% (rule campaign.budget); this change goes by 100%. Ask for a change within 10%, or ask a user.',
    );
  });

  it('tells an agent denied by default that a user can allow it', () => {
    const decision = agentDecision([], 'ad', [{ action: 'delete' }]);
    if (decision.effect === 'allow') throw new Error('expected a denial');
    const err = agentDeniedError(decision);
    expect(err.details).toEqual({
      rule: 'ad.delete',
      matrixRule: { level: 'ad', action: 'delete', effect: 'deny', source: 'default' },
    });
    expect(err.message).toBe(
      'Agents may not delete ads: agents may only pause by default, and no rule ad.delete is set in the controls. A user can change it (PUT /controls).',
    );
  });
});
