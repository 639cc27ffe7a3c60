import * as z from 'zod';
import { UnauthorizedError } from './errors';

/** The dashboard JWT claims of §5, as the HTTP API's JWT authorizer hands them over. */
export const claimsSchema = z.object({
  sub: z.string().min(1),
  workspace_id: z.string().min(1),
  actor: z.enum(['user', 'agent']),
});

export interface Principal {
  sub: string;
  workspaceId: string;
  /**
   * `system`: the app acting on its own (the spend guard's pauses), never from a token: the
   * JWT claims allow only `user` and `agent`.
   */
  actor: 'user' | 'agent' | 'system';
}

/** The §5 claims of a user's or agent's principal, as the authorizer hands them on (the inverse of `principalFromClaims`). */
export function claimsOf(principal: Principal): Record<string, string> {
  return { sub: principal.sub, workspace_id: principal.workspaceId, actor: principal.actor };
}

/** Reads the principal from authorizer claims; anything missing or malformed is a 401. */
export function principalFromClaims(claims: unknown): Principal {
  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new UnauthorizedError(`The token lacks valid claims: ${fields}`);
  }
  return { sub: parsed.data.sub, workspaceId: parsed.data.workspace_id, actor: parsed.data.actor };
}
