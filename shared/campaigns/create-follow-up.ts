import * as z from 'zod';
import { managedLevels } from '../domain/managed-object';
import { managedObjectFromMeta } from '../domain/meta-write-params';
import { withTokenFailover } from '../meta/token-failover';
import { ConflictError } from '../platform/errors';
import { logger } from '../platform/observability';
import type { CampaignDeps } from './campaign-deps';
import { loadWorkspace } from './workspace-context';

export const createFollowUpSchema = z.object({
  workspaceId: z.string().min(1),
  adAccountId: z.string().regex(/^act_\d+$/),
  level: z.enum(managedLevels),
  objectId: z.string().regex(/^\d+$/),
  marker: z.string().min(1),
});

/**
 * After a create is reconciled: read back what Meta decided on its own (effective status,
 * `advantage_state_info`: a plain OUTCOME_SALES campaign may have become Advantage+) into the
 * mirror, and delete the marker label, so an ad account's 100 000 labels are never used up.
 * A workspace disconnected meanwhile has nothing left to do.
 */
export async function followUpCreate(
  deps: CampaignDeps,
  message: z.output<typeof createFollowUpSchema>,
): Promise<void> {
  let context: Awaited<ReturnType<typeof loadWorkspace>>;
  try {
    context = await loadWorkspace(deps, message.workspaceId);
  } catch (err: unknown) {
    if (err instanceof ConflictError) return;
    throw err;
  }
  const tokens = await context.tokens();
  const mirrored = await deps.objects.get(message.adAccountId, message.objectId);
  const { value: node } = await withTokenFailover(tokens, (token) =>
    deps.meta.read(message.level, message.objectId, token, message.adAccountId),
  );
  const currency = mirrored?.currency ?? (await context.adAccount(message.adAccountId))?.currency;
  if (currency) {
    const fresh = managedObjectFromMeta(message.level, node, { adAccountId: message.adAccountId, currency });
    await deps.objects.put({
      ...mirrored,
      ...fresh,
      ...(mirrored?.createdBy ? { createdBy: mirrored.createdBy } : {}),
      ...(mirrored?.approvedBy ? { approvedBy: mirrored.approvedBy } : {}),
      ...(mirrored?.updatedBy ? { updatedBy: mirrored.updatedBy } : {}),
      ...(mirrored?.createdAt ? { createdAt: mirrored.createdAt } : {}),
      updatedAt: new Date(deps.now()).toISOString(),
    });
  }
  const removed = await withTokenFailover(tokens, (token) =>
    deps.meta.removeMarker(message.objectId, message.adAccountId, message.marker, token),
  );
  logger.info('create reconciled', { objectId: message.objectId, markersRemoved: removed.value });
}
