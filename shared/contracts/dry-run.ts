import * as z from 'zod';

/**
 * The dry-run pieces every mutating contract shares (campaigns, creatives), apart from the
 * campaign contracts so that a creatives function does not build those at import.
 */

/** A `?flag=true|false` query parameter; absent is false. */
export const booleanFlag = z
  .enum(['true', 'false'])
  .optional()
  .transform((value) => value === 'true');

/** `?dryRun=true` on every mutation: every check plus Meta's validate_only, nothing changed. */
export const mutationQuery = z.object({ dryRun: booleanFlag });

export const dryRunBody = z
  .object({
    dryRun: z.literal(true),
    /** What the real call would send and store. */
    wouldApply: z.record(z.string(), z.unknown()),
    /** True when an agent's real call would wait for a user's approval. */
    needsApproval: z.boolean().optional(),
  })
  .meta({ id: 'DryRun' });
