import { AgentControlDeniedError } from '../platform/errors';
import type { MatrixEffect, MatrixRule } from './controls';
import type { ManagedLevel, ManagedObject, MutationAction } from './managed-object';
import { budgetChangePct } from './money';
import type { MutationRequest } from './mutation';

/** One part of a mutation as the matrix sees it; a budget part carries the amounts before and after. */
export interface ActionCheck {
  action: MutationAction;
  /** The body field this part changes (PATCH only). */
  field?: string;
  /** Whole minor units before the change (`undefined`: there was none). */
  before?: number;
  after?: number;
}

/** The rule that decided, as listed in the controls or as the default. */
export interface DecidingRule {
  level: ManagedLevel;
  action: MutationAction;
  effect: MatrixEffect;
  source: 'matrix' | 'default';
  maxBudgetChangePct?: number;
}

export type AgentDecision =
  | { effect: 'allow' }
  | {
      effect: 'deny' | 'approve';
      rule: DecidingRule;
      /** A sentence the agent can act on. */
      reason: string;
      /** What the rule would have let through. */
      allowed?: { maxBudgetChangePct?: number; changePct?: number };
    };

/** Amount fields a PATCH changes as `budget` (bids and caps move spend too). */
const BUDGET_ACTION_FIELDS = new Set(['dailyBudget', 'lifetimeBudget', 'spendCap', 'bidAmount']);

/**
 * The parts of a mutation the matrix checks (DESIGN §5 "The matrix"): a create, delete, pause or
 * resume is one part; a PATCH lists each field: budget fields as `budget` (with the amounts
 * before and after), `status` as pause (PAUSED) or resume (ACTIVE), anything else as `update`.
 */
export function actionsOf(request: MutationRequest, before?: ManagedObject): ActionCheck[] {
  if (request.op !== 'update') return [{ action: request.op }];
  const parts: ActionCheck[] = [];
  for (const [field, value] of Object.entries(request.body ?? {})) {
    if (value === undefined) continue;
    if (BUDGET_ACTION_FIELDS.has(field)) {
      const previous = before?.[field as 'dailyBudget'];
      parts.push({ action: 'budget', field, before: previous, after: minorOf(value) });
    } else if (field === 'status') {
      parts.push({ action: value === 'PAUSED' ? 'pause' : 'resume', field });
    } else {
      parts.push({ action: 'update', field });
    }
  }
  return parts.length > 0 ? parts : [{ action: 'update' }];
}

/** A bare amount or `{minor, currency}` (the currency was checked against the account's first). */
function minorOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'object' && value !== null && 'minor' in value && typeof value.minor === 'number') {
    return value.minor;
  }
  return undefined;
}

/** Agents may pause anything by default, and do nothing else until a user allows it. */
function defaultRule(level: ManagedLevel, action: MutationAction): DecidingRule {
  return { level, action, effect: action === 'pause' ? 'allow' : 'deny', source: 'default' };
}

const LEVEL_WORDS: Record<ManagedLevel, { one: string; many: string }> = {
  campaign: { one: 'a campaign', many: 'campaigns' },
  adset: { one: 'an ad set', many: 'ad sets' },
  ad: { one: 'an ad', many: 'ads' },
};

const STRENGTH: Record<MatrixEffect, number> = { allow: 0, approve: 1, deny: 2 };

/**
 * What the matrix says about an agent's mutation: each part is judged by its listed
 * (level, action) rule or else the default; a budget part beyond the rule's
 * `maxBudgetChangePct` (against the budget before; from none or zero is unbounded) is denied;
 * across parts deny beats approve beats allow. A create is not limited by a percentage.
 */
export function agentDecision(
  matrix: readonly MatrixRule[],
  level: ManagedLevel,
  checks: readonly ActionCheck[],
): AgentDecision {
  let strongest: AgentDecision = { effect: 'allow' };
  for (const check of checks) {
    const decision = decide(matrix, level, check);
    if (STRENGTH[decision.effect] > STRENGTH[strongest.effect]) strongest = decision;
  }
  return strongest;
}

function decide(matrix: readonly MatrixRule[], level: ManagedLevel, check: ActionCheck): AgentDecision {
  const listed = matrix.find((rule) => rule.level === level && rule.action === check.action);
  const rule: DecidingRule = listed ? { ...listed, source: 'matrix' } : defaultRule(level, check.action);
  const name = `${level}.${check.action}`;
  if (rule.effect === 'deny') {
    const why =
      rule.source === 'default'
        ? `agents may only pause by default, and no rule ${name} is set in the controls`
        : `the rule ${name} in the controls says deny`;
    return {
      effect: 'deny',
      rule,
      reason: `Agents may not ${describe(check, level)}: ${why}. A user can change it (PUT /controls).`,
    };
  }
  const limit = rule.maxBudgetChangePct;
  if (check.action === 'budget' && limit !== undefined && check.after !== undefined) {
    const changePct = changeOf(check.before, check.after);
    if (changePct > limit) {
      const from = check.before === undefined || check.before === 0 ? 'from no budget' : `by ${changePct}%`;
      return {
        effect: 'deny',
        rule,
        reason: `Agents may change the ${check.field ?? 'budget'} of ${LEVEL_WORDS[level].one} by at most ${limit}% (rule ${name}); this change goes ${from}. Ask for a change within ${limit}%, or ask a user.`,
        allowed: { maxBudgetChangePct: limit, ...(Number.isFinite(changePct) ? { changePct } : {}) },
      };
    }
  }
  if (rule.effect === 'approve') {
    return {
      effect: 'approve',
      rule,
      reason: `The rule ${name} holds agents' changes for a user's approval.`,
    };
  }
  return { effect: 'allow' };
}

/** Percent change on integers of one currency (which one does not matter to the ratio). */
function changeOf(before: number | undefined, after: number): number {
  const currency = 'XXX';
  return budgetChangePct({ minor: before ?? 0, currency }, { minor: after, currency });
}

function describe(check: ActionCheck, level: ManagedLevel): string {
  const what = LEVEL_WORDS[level].many;
  const field =
    check.field && check.action !== 'pause' && check.action !== 'resume' ? ` (${check.field})` : '';
  const verb = {
    create: 'create',
    update: 'update',
    pause: 'pause',
    resume: 'resume',
    delete: 'delete',
    budget: 'change the budgets of',
  }[check.action];
  return `${verb} ${what}${field}`;
}

/**
 * The 403 `agent_control_denied` of a denial: `details.rule` is `level.action`, with the rule
 * itself (`matrixRule`) and what it would have allowed.
 */
export function agentDeniedError(
  decision: Extract<AgentDecision, { effect: 'deny' | 'approve' }>,
): AgentControlDeniedError {
  const { rule } = decision;
  return new AgentControlDeniedError(decision.reason, `${rule.level}.${rule.action}`, {
    details: {
      matrixRule: rule,
      ...(decision.allowed === undefined ? {} : { allowed: decision.allowed }),
    },
  });
}
