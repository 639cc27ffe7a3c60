import { type Controls, DEFAULT_CONTROLS } from '../domain/controls';
import type { Principal } from '../platform/auth';
import { ValidationError } from '../platform/errors';
import type { CampaignDeps } from './campaign-deps';

/** The workspace's controls; a workspace that never set them reads the defaults. */
export async function readControls(deps: Pick<CampaignDeps, 'controls'>, workspaceId: string) {
  return controlsView((await deps.controls.get(workspaceId)) ?? DEFAULT_CONTROLS);
}

/** Replaces the controls (the route is users-only: an agent never changes its own limits). */
export async function replaceControls(
  deps: Pick<CampaignDeps, 'controls' | 'now'>,
  principal: Principal,
  input: Omit<Controls, 'updatedAt' | 'updatedBy'>,
) {
  const seen = new Set<string>();
  input.agentMatrix.forEach((rule, index) => {
    const pair = `${rule.level}.${rule.action}`;
    if (seen.has(pair)) {
      throw new ValidationError('The request body is invalid.', {
        details: [{ in: 'body', path: `agentMatrix.${index}`, message: `${pair} is listed twice` }],
      });
    }
    seen.add(pair);
  });
  const stored = await deps.controls.put(principal.workspaceId, {
    ...input,
    updatedAt: new Date(deps.now()).toISOString(),
    updatedBy: { kind: principal.actor, sub: principal.sub },
  });
  return controlsView(stored);
}

function controlsView(controls: Controls) {
  const { updatedBy, ...rest } = controls;
  return { ...rest, ...(updatedBy ? { updatedBy: { actor: updatedBy.kind, sub: updatedBy.sub } } : {}) };
}
