import { completeConnect } from '../../../shared/connect/complete-connect';
import { confirmConnect } from '../../../shared/connect/confirm-connect';
import { startConnect } from '../../../shared/connect/start-connect';
import type { Principal } from '../../../shared/platform/auth';
import type { connectHarness } from './connect-harness';

/** Finishes Meta's side of a login `principal` started, with the given code: the completion id. */
export async function loginAs(
  h: ReturnType<typeof connectHarness>,
  principal: Principal,
  code: string,
): Promise<string> {
  const { state } = await startConnect(h.deps, principal);
  const outcome = await completeConnect(h.deps, { code, state });
  if (outcome.status !== 'confirm') throw new Error(`login failed: ${outcome.reason}`);
  return outcome.completion;
}

/** Logs `principal` in through the real flow with the given code (Meta user `user-of-<code>`) and confirms. */
export async function connectAs(
  h: ReturnType<typeof connectHarness>,
  principal: Principal,
  code: string,
): Promise<void> {
  await confirmConnect(h.deps, principal, await loginAs(h, principal, code));
}
