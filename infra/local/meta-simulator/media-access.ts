import { missingPermission, objectNotFound } from './graph-error';
import { hasAnyScope, type Principal } from './principal';
import type { GraphCall, SimulatorCore } from './simulator-core';

/** Reads of an ad account's media need the account in reach and `ads_read` or `ads_management`. */
export function readableAccount(
  core: SimulatorCore,
  call: GraphCall,
  principal: Principal,
  adAccountId: string,
): void {
  if (
    !core.world.adAccounts.has(adAccountId) ||
    !core.world.reachOf(principal.user?.id ?? '').adAccounts.has(adAccountId)
  )
    throw objectNotFound(call.segments[0] ?? adAccountId, call.method);
  if (!hasAnyScope(principal, ['ads_read', 'ads_management']))
    throw missingPermission('(#200) Requires ads_read permission to read the object');
}
