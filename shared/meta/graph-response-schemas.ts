import * as z from 'zod';

/** A number Meta may send as a number or a numeric string. */
const numeric = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);

/**
 * `{"error": {...}}` of a failed Graph call.
 * https://developers.facebook.com/docs/graph-api/guides/error-handling
 */
export const graphErrorBody = z.object({
  error: z.object({
    message: z.string().optional().catch(undefined),
    type: z.string().optional().catch(undefined),
    code: numeric.optional().catch(undefined),
    error_subcode: numeric.optional().catch(undefined),
    is_transient: z.boolean().optional().catch(undefined),
    fbtrace_id: z.string().optional().catch(undefined),
    error_user_title: z.string().optional().catch(undefined),
    error_user_msg: z.string().optional().catch(undefined),
    /** An object, or JSON text of one (Meta sends both forms). */
    error_data: z
      .union([z.string(), z.record(z.string(), z.unknown())])
      .optional()
      .catch(undefined),
  }),
});

/** One page of a cursor-paged edge: `{data, paging: {cursors: {before, after}, next?}}`. */
export const graphPageBody = z.object({
  data: z.array(z.unknown()),
  paging: z
    .object({
      cursors: z.object({ before: z.string().optional(), after: z.string().optional() }).partial().optional(),
      next: z.string().optional(),
      previous: z.string().optional(),
    })
    .optional(),
});
export type GraphPageBody = z.output<typeof graphPageBody>;

/**
 * The answer of a batch: one entry per request, in order; `null` for a request Meta did not
 * complete (it timed out inside the batch). `body` is a JSON string.
 * https://developers.facebook.com/docs/graph-api/batch-requests
 */
export const graphBatchBody = z.array(
  z
    .object({
      code: z.number(),
      headers: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
      body: z.string().nullable().optional(),
    })
    .nullable(),
);
