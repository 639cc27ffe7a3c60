import * as z from 'zod';

/** The §5 error body. */
export const errorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown().optional(),
      correlationId: z.string().optional(),
    }),
  })
  .meta({ id: 'Error' });

/** `?cursor=&limit=` of every list route. */
export const listQuery = z.object({
  cursor: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** `{items, nextCursor?}` of every list route. */
export function listBody<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().optional() });
}
