import type * as z from 'zod';
import { adObjectBody } from '../contracts/ad-object-schemas';
import { amountView } from '../domain/amounts';
import type { Actor, ManagedObject } from '../domain/managed-object';

export type AdObjectView = z.input<typeof adObjectBody>;

const actorView = (actor: Actor) => ({ actor: actor.kind, sub: actor.sub });

const DECLARED = new Set(Object.keys(adObjectBody.shape));

/**
 * A mirrored object as the API answers it: amounts in minor units and as a person reads them.
 * Only the declared fields: whatever else a record carries (webhook bookkeeping) stays inside.
 */
export function objectView(object: ManagedObject): AdObjectView {
  const { createdBy, approvedBy, ...rest } = object;
  const fields = Object.fromEntries(Object.entries(rest).filter(([key]) => DECLARED.has(key))) as Omit<
    AdObjectView,
    'createdBy' | 'approvedBy' | 'amounts'
  >;
  const amounts = amountView(object);
  return {
    ...fields,
    ...(Object.keys(amounts).length > 0 ? { amounts } : {}),
    ...(createdBy ? { createdBy: actorView(createdBy) } : {}),
    ...(approvedBy ? { approvedBy: actorView(approvedBy) } : {}),
  };
}
