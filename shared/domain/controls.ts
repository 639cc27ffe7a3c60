import type { Actor, ManagedLevel, MutationAction } from './managed-object';

/**
 * A workspace's limits (DESIGN §5 Controls): spend caps bind users and agents alike; the
 * agent-control matrix binds agents only. Caps are whole minor units of the currency of the
 * ad account they are compared in.
 */
export interface SpendCaps {
  /** Per ad account (`act_…`): the sum of the daily budgets of its live campaigns and ad sets. */
  adAccountDaily?: Record<string, number>;
  /** A campaign's daily budget, or the sum of its live ad sets' daily budgets. */
  campaignDaily?: number;
  /** Likewise for lifetime budgets. */
  campaignLifetime?: number;
}

export type MatrixEffect = 'allow' | 'deny' | 'approve';

export interface MatrixRule {
  level: ManagedLevel;
  action: MutationAction;
  effect: MatrixEffect;
  /** On `budget` (and a create's budget): the largest change against the budget before, in percent. */
  maxBudgetChangePct?: number;
}

export interface Controls {
  spendCaps: SpendCaps;
  agentMatrix: MatrixRule[];
  /** The spend guard pauses a campaign whose measured spend passes a cap (actor `system`). */
  autoPause?: boolean;
  updatedAt?: string;
  updatedBy?: Actor;
}

/** A workspace that never set controls: no caps, the default matrix (agents may pause, nothing else). */
export const DEFAULT_CONTROLS: Controls = { spendCaps: {}, agentMatrix: [] };
