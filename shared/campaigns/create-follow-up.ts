import * as z from 'zod';
import { managedLevels } from '../domain/managed-object';
import { managedObjectFromMeta } from '../domain/meta-write-params';
import { withTokenFailover } from '../meta/token-failover';
import { ConflictError } from '../platform/errors';
import { logger } from '../platform/observability';
import { DeferError } from '../platform/queue';
import type { CampaignDeps } from './campaign-deps';
import { refreshed } from './refreshed-object';
import { loadWorkspace } from './workspace-context';

export const createFollowUpSchema = z.object({
  workspaceId: z.string().min(1),
  adAccountId: z.string().regex(/^act_\d+$/),
  level: z.enum(managedLevels),
  objectId: z.string().regex(/^\d+$/),
  marker: z.string().min(1),
  /** How often the follow-up found the create not yet committed. */
  waits: z.number().int().min(0).default(0),
});

/** Waits (1, 2, 4, 8, 16 s) for a create's commit before the follow-up gives up. */
export const MAX_COMMIT_WAITS = 5;

/**
 * After a create is reconciled: read back what Meta decided on its own (effective status,
 * `advantage_state_info`: a plain OUTCOME_SALES campaign may have become Advantage+) into the
 * mirror, and delete the marker label, so an ad account's 100 000 labels are never used up.
 * A workspace disconnected meanwhile has nothing left to do.
 */
export async function followUpCreate(
  deps: CampaignDeps,
  message: z.input<typeof createFollowUpSchema>,
): Promise<void> {
  let context: Awaited<ReturnType<typeof loadWorkspace>>;
  try {
    context = await loadWorkspace(deps, message.workspaceId);
  } catch (err: unknown) {
    if (err instanceof ConflictError) return;
    throw err;
  }
  const mirrored = await deps.objects.get(message.adAccountId, message.objectId);
  const waits = message.waits ?? 0;
  if (!mirrored) {
    // Queued after the commit, so the object is mirrored; if not (a replica behind, a
    // reordered delivery), the marker is how a retry finds the object: it stays until then.
    if (waits >= MAX_COMMIT_WAITS) {
      logger.warn('create never committed; its marker stays for a retry to find', {
        objectId: message.objectId,
      });
      return;
    }
    throw new DeferError(2 ** waits, { ...message, waits: waits + 1 }, 'create not committed yet');
  }
  const tokens = await context.tokens();
  const { value: node } = await withTokenFailover(tokens, (token) =>
    deps.meta.read(message.level, message.objectId, token, message.adAccountId),
  );
  const fresh = managedObjectFromMeta(message.level, node, {
    adAccountId: message.adAccountId,
    currency: mirrored.currency,
  });
  await deps.objects.put(refreshed(mirrored, { ...mirrored, ...fresh }, deps.now()));
  const removed = await withTokenFailover(tokens, (token) =>
    deps.meta.removeMarker(message.objectId, message.adAccountId, message.marker, token),
  );
  logger.info('create reconciled', { objectId: message.objectId, markersRemoved: removed.value });
}
