import { seededRandom } from './seeded-random';
import type { FaultRule } from './types';

interface StoredRule {
  id: string;
  rule: FaultRule;
  matcher: RegExp;
  random: () => number;
  fired: number;
}

/** The call a rule is matched against. */
export interface FaultTarget {
  path: string;
  method: string;
  tokenLabel?: string;
  accessToken?: string;
  /** The call's query and body parameters (a rule's `params` must all match). */
  params?: URLSearchParams;
}

/** What the matching rules decide for one call: extra wait, and the failing rule if any. */
export interface FaultDecision {
  latencyMs: number;
  failure?: FaultRule;
  /** A `lostAnswer` rule: run the call, then lose its answer. */
  lostAnswer?: FaultRule;
}

/** FNV-1a of the rule: the same rule draws the same sequence in any simulator. */
function ruleSeed(rule: FaultRule): number {
  let hash = 0x811c9dc5;
  for (const char of JSON.stringify(rule)) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Every named parameter has that value in the call (`{upload_phase: 'transfer'}`). */
function paramsMatch(wanted: Record<string, string>, params: URLSearchParams | undefined): boolean {
  return Object.entries(wanted).every(([name, value]) => params?.get(name) === value);
}

/** `^…` is a regular expression; otherwise a glob: `*` within a segment, `**` across. */
export function pathMatcher(pattern: string): RegExp {
  if (pattern.startsWith('^')) return new RegExp(pattern);
  const source = pattern
    .split(/(\*\*|\*)/)
    .map((part) => {
      if (part === '**') return '.*';
      if (part === '*') return '[^/]*';
      return part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`);
}

/** The injected faults, matched in the order they were added. */
export class FaultBook {
  private rules: StoredRule[] = [];
  private counter = 0;

  /** Adds a rule; throws on a path that is not a valid regular expression. */
  add(rule: FaultRule): string {
    this.counter += 1;
    const id = `fault-${this.counter}`;
    this.rules.push({
      id,
      rule,
      matcher: pathMatcher(rule.path),
      random: seededRandom(rule.seed ?? ruleSeed(rule)),
      fired: 0,
    });
    return id;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((stored) => stored.id !== id);
    return this.rules.length < before;
  }

  clear(): void {
    this.rules = [];
  }

  list(): (FaultRule & { id: string; fired: number })[] {
    return this.rules.map((stored) => ({ ...stored.rule, id: stored.id, fired: stored.fired }));
  }

  /**
   * Every matching rule with `times` left may fire (for a `ratio` share of matches); the
   * waits of firing rules add up and the first firing rule with a `status` fails the call
   * (or, a `lostAnswer` rule, lets it run and loses its answer).
   */
  decide(target: FaultTarget): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    for (const stored of this.rules) {
      const { rule } = stored;
      if (rule.method && rule.method.toUpperCase() !== target.method.toUpperCase()) continue;
      if (rule.token && rule.token !== target.tokenLabel && rule.token !== target.accessToken) continue;
      if (!stored.matcher.test(target.path)) continue;
      if (rule.params && !paramsMatch(rule.params, target.params)) continue;
      if (rule.times !== undefined && stored.fired >= rule.times) continue;
      if (rule.ratio !== undefined && stored.random() >= rule.ratio) continue;
      stored.fired += 1;
      decision.latencyMs += rule.latencyMs ?? 0;
      if (rule.kind === 'lostAnswer') {
        decision.lostAnswer = rule;
        break;
      }
      if (rule.status !== undefined) {
        decision.failure = rule;
        break;
      }
    }
    return decision;
  }
}
