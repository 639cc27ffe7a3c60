import type { ManagedLevel } from '../domain/managed-object';
import type { MutationOp, MutationRequest } from '../domain/mutation';

const PLURAL: Record<ManagedLevel, string> = { campaign: 'campaigns', adset: 'adsets', ad: 'ads' };

/**
 * The mutation a REST route (or a bulk operation, which names the same route) asks for, with
 * the route's own method and path: the idempotency fingerprint and the audit read the same
 * whichever way it came in.
 */
export function mutationRequestOf(
  level: ManagedLevel,
  op: MutationOp,
  id: string | undefined,
  body: Record<string, unknown> | undefined,
): MutationRequest {
  const base = `/meta/${PLURAL[level]}`;
  const at = id === undefined ? base : `${base}/${id}`;
  const route = {
    create: { method: 'POST', path: base },
    update: { method: 'PATCH', path: at },
    delete: { method: 'DELETE', path: at },
    pause: { method: 'POST', path: `${at}/pause` },
    resume: { method: 'POST', path: `${at}/resume` },
  } as const satisfies Record<MutationOp, { method: MutationRequest['method']; path: string }>;
  return {
    op,
    level,
    ...(id === undefined ? {} : { id }),
    ...(body === undefined ? {} : { body }),
    method: route[op].method,
    path: route[op].path,
  };
}
