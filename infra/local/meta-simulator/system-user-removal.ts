import type { World } from './world';

/**
 * Removes a system user from its Business Manager, as an admin does in Business Settings: it
 * leaves every BM's `system_users` edge and every token issued for it stops working (190).
 * False when no system user with that id is in a BM (unknown, or removed already).
 */
export function removeSystemUser(world: World, userId: string): boolean {
  if (world.users.get(userId)?.kind !== 'system_user') return false;
  let removed = false;
  for (const business of world.businesses.values()) {
    if (business.systemUsers.delete(userId)) removed = true;
  }
  if (!removed) return false;
  for (const token of world.tokens.values()) {
    if (token.userId === userId) token.invalidation = 'system_user_removed';
  }
  world.touch();
  return true;
}
