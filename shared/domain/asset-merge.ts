import { type AssetObservation, assetKey, pickAssetDetails, type SeenAsset } from './asset-record';
import { type AssetType, strongerOwnership } from './asset-type';

export interface MergeOptions {
  /** Only these types are kept (a run reads ad accounts for their pixels without covering them). */
  types?: readonly AssetType[];
  /** Tokens that turned out invalid during the run: they reach nothing. */
  excludeTokenIds?: ReadonlySet<string>;
}

/**
 * Folds a run's observations into one entry per asset: the strongest relationship wins
 * (owned > client > assigned), token access is the union of every sighting, and names and
 * details come from the strongest source. A sighting left without a valid token is dropped.
 * @example mergeObservations([{ type: 'pages', id: '1', name: 'P', source: 'client', tokenIds: ['a'] }])
 */
export function mergeObservations(
  observations: Iterable<AssetObservation>,
  options: MergeOptions = {},
): Map<string, SeenAsset> {
  const merged = new Map<string, SeenAsset>();
  const wanted = options.types ? new Set(options.types) : undefined;
  const excluded = options.excludeTokenIds;
  for (const observation of observations) {
    if (wanted && !wanted.has(observation.type)) continue;
    const tokenIds = excluded ? observation.tokenIds.filter((id) => !excluded.has(id)) : observation.tokenIds;
    if (tokenIds.length === 0) continue;
    const key = assetKey(observation.type, observation.id);
    const current = merged.get(key);
    if (!current) {
      merged.set(key, seenFrom(observation, tokenIds));
      continue;
    }
    const ownership = strongerOwnership(current.ownership, observation.source);
    const fromNew = ownership !== current.ownership;
    const primary = fromNew ? seenFrom(observation, tokenIds) : current;
    const businessId = primary.businessId ?? (fromNew ? current.businessId : observation.businessId);
    merged.set(key, {
      ...primary,
      ownership,
      ...(businessId === undefined ? {} : { businessId }),
      tokenIds: sortedUnion(current.tokenIds, tokenIds),
    });
  }
  return merged;
}

function seenFrom(observation: AssetObservation, tokenIds: readonly string[]): SeenAsset {
  return {
    type: observation.type,
    id: observation.id,
    name: observation.name,
    ownership: observation.source,
    ...(observation.businessId === undefined ? {} : { businessId: observation.businessId }),
    ...pickAssetDetails(observation),
    tokenIds: sortedUnion([], tokenIds),
  };
}

/** The sorted union of two id lists, without duplicates. */
export function sortedUnion(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}
