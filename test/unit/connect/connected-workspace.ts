import { completeConnect } from '../../../shared/connect/complete-connect';
import { startConnect } from '../../../shared/connect/start-connect';
import type { Principal } from '../../../shared/platform/auth';
import type { connectHarness } from './connect-harness';
import { REDIRECT } from './connect-harness';

/** Logs `principal` in through the real flow with the given code (Meta user `user-of-<code>`). */
export async function connectAs(
  h: ReturnType<typeof connectHarness>,
  principal: Principal,
  code: string,
): Promise<void> {
  const { state } = await startConnect(h.deps, principal, REDIRECT);
  const outcome = await completeConnect(h.deps, { code, state }, REDIRECT);
  if (outcome.status !== 'connected') throw new Error(`connect failed: ${outcome.reason}`);
}
