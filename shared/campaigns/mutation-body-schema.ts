import { routesOfLevel } from '../contracts/campaigns';
import type { ManagedLevel } from '../domain/managed-object';
import type { MutationOp } from '../domain/mutation';

// Apart from mutation-request.ts: a function that only names mutations (the spend guard's
// pauses in pull-insights) then does not build every campaign contract at import.

/** The body schema of an operation of a level: the create route's or the PATCH route's. */
export function bodySchemaOf(level: ManagedLevel, op: MutationOp) {
  const routes = routesOfLevel[level];
  if (op === 'create') return routes.create.body;
  if (op === 'update') return routes.patch.body;
  return undefined;
}
