import {
  adLabelLimitReached,
  malformedParameter,
  requiredParameter,
  unknownAdLabel,
} from './ad-object-errors';
import { jsonArrayParam, stringParam } from './ad-object-params';
import type { AdObjectStore } from './ad-object-store';
import type { World } from './world';

/** Labels a write names: existing ones by id, and names (existing or to be created). */
export interface LabelPlan {
  existingIds: string[];
  newNames: string[];
}

/**
 * Reads `adlabels=[{"name":"…"}|{"id":"…"}]` and checks it against the account (ids must be
 * its labels; new names must fit under the label limit). Changes nothing.
 */
export function planLabels(store: AdObjectStore, adAccountId: string, params: URLSearchParams): LabelPlan {
  const raw = jsonArrayParam(params, 'adlabels');
  const plan: LabelPlan = { existingIds: [], newNames: [] };
  for (const item of raw ?? []) {
    if (typeof item !== 'object' || item === null)
      throw malformedParameter('adlabels', 'an array of objects');
    const { id, name } = item as Record<string, unknown>;
    if (typeof id === 'string' || typeof id === 'number') {
      const label = store.labels.get(String(id));
      if (!label || label.adAccountId !== adAccountId) throw unknownAdLabel(String(id));
      plan.existingIds.push(label.id);
    } else if (typeof name === 'string' && name.length > 0) {
      const existing = store.labelByName(adAccountId, name);
      if (existing) plan.existingIds.push(existing.id);
      else if (!plan.newNames.includes(name)) plan.newNames.push(name);
    } else {
      throw malformedParameter('adlabels', 'an array of objects with an id or a name');
    }
  }
  const count = store.account(adAccountId).labels.length;
  if (count + plan.newNames.length > store.labelLimit) throw adLabelLimitReached(store.labelLimit);
  return plan;
}

export function createLabel(world: World, adAccountId: string, name: string, nowMs: number): string {
  const id = world.nextId();
  world.adObjects.addLabel({ id, adAccountId, name, createdMs: nowMs, updatedMs: nowMs });
  world.adObjects.account(adAccountId).createCalls.adlabel += 1;
  return id;
}

/** Creates the plan's new labels; returns every label id the object gets. */
export function applyLabels(world: World, adAccountId: string, plan: LabelPlan, nowMs: number): string[] {
  const created = plan.newNames.map((name) => createLabel(world, adAccountId, name, nowMs));
  return [...plan.existingIds, ...created];
}

/**
 * `POST /act_{id}/adlabels name=…` → the label's id. A name the account already has answers
 * that label's id (names are unique per account).
 */
export function planLabelCreate(
  store: AdObjectStore,
  adAccountId: string,
  params: URLSearchParams,
): LabelPlan {
  const name = stringParam(params, 'name');
  if (name === undefined || name.trim() === '') throw requiredParameter('name');
  const existing = store.labelByName(adAccountId, name);
  if (existing) return { existingIds: [existing.id], newNames: [] };
  if (store.account(adAccountId).labels.length >= store.labelLimit)
    throw adLabelLimitReached(store.labelLimit);
  return { existingIds: [], newNames: [name] };
}
