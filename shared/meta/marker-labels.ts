import * as z from 'zod';
import type { GraphClient } from './graph-client';
import type { GraphCallOptions } from './graph-transport';

const adLabel = z.object({ id: z.string(), name: z.string() });
/** `adlabels` is a list field: an array, or (expanded as an edge) `{data: [...]}`. */
const labelsOfObject = z.object({
  id: z.string(),
  adlabels: z
    .union([z.array(adLabel), z.object({ data: z.array(adLabel) }).transform((edge) => edge.data)])
    .optional(),
});

/**
 * Deletes the create marker label(s) named `marker` from a Meta object (campaign, ad set, ad,
 * creative) once its create is reconciled: an ad account holds at most 100 000 labels, and
 * every create carries one. Returns how many were deleted.
 */
export async function removeMarkerLabels(
  graph: GraphClient,
  objectId: string,
  marker: string,
  call: GraphCallOptions,
): Promise<number> {
  const object = await graph.get(`/${objectId}`, {
    ...call,
    fields: ['adlabels{id,name}'],
    schema: labelsOfObject,
  });
  const labels = (object.adlabels ?? []).filter((label) => label.name === marker);
  for (const label of labels) await graph.delete(`/${label.id}`, { ...call, idempotent: true });
  return labels.length;
}
