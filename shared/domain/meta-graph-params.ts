/**
 * Form parameters of a Graph write, Meta's names: arrays and objects are JSON-encoded by the
 * transport (structurally the same as shared/meta/graph-transport.ts's, which the domain does not import).
 */
export type GraphParams = Record<
  string,
  string | number | boolean | readonly unknown[] | { [key: string]: unknown } | undefined
>;

/** A camelCase key as Meta spells it: `geoLocations` → `geo_locations`. */
export function snakeKey(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** Every object key at every depth in Meta's snake_case; values are kept as they are. */
export function snakeKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeysDeep);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [snakeKey(key), snakeKeysDeep(inner)]),
  );
}

/** Meta's write path takes amounts as integer strings of minor units. */
export function minorParam(minor: number | undefined): string | undefined {
  return minor === undefined ? undefined : String(minor);
}

/** The marker label of a create (shared/domain/create-marker.ts), when there is one. */
export function adLabelsParam(marker: string | undefined): { name: string }[] | undefined {
  return marker === undefined ? undefined : [{ name: marker }];
}

/** The params without their `undefined` entries: what is sent is what is listed. */
export function definedParams(params: GraphParams): GraphParams {
  return Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined));
}
