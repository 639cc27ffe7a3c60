import { creativeView } from '../domain/creative-record';
import type { Principal } from '../platform/auth';
import type { CreativeDeps } from './creative-deps';

/** `GET /meta/creatives`: the creatives this workspace made, newest first. */
export async function listCreatives(
  deps: Pick<CreativeDeps, 'creatives'>,
  principal: Principal,
  query: { limit: number; cursor?: string },
) {
  const page = await deps.creatives.list(principal.workspaceId, query);
  return {
    items: page.items.map(creativeView),
    ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
  };
}
