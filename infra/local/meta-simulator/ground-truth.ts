import { mergeOwnership } from './asset-reach';
import type { ExpectedAsset, ExpectedAssets, Ownership, SeededToken } from './types';
import type { World } from './world';

type AssetKind = keyof ExpectedAssets;

interface Seen {
  ownership: Map<string, Ownership>;
  tokenIds: Map<string, string[]>;
}

/**
 * What a full sync with these tokens should store: one entry per asset, the strongest
 * ownership over all tokens and sources, and every token that reaches it.
 */
export function expectedAssetsFor(world: World, tokens: readonly SeededToken[]): ExpectedAssets {
  const seen: Record<AssetKind, Seen> = {
    adAccounts: { ownership: new Map(), tokenIds: new Map() },
    pages: { ownership: new Map(), tokenIds: new Map() },
    pixels: { ownership: new Map(), tokenIds: new Map() },
    catalogs: { ownership: new Map(), tokenIds: new Map() },
  };
  for (const token of tokens) {
    const reach = world.reachOf(token.userId);
    for (const kind of Object.keys(seen) as AssetKind[]) {
      const into = seen[kind];
      for (const [id, ownership] of reach[kind]) {
        mergeOwnership(into.ownership, id, ownership);
        const tokenIds = into.tokenIds.get(id);
        if (tokenIds) tokenIds.push(token.id);
        else into.tokenIds.set(id, [token.id]);
      }
    }
  }
  const describe = (kind: AssetKind, id: string): { name: string; businessId?: string } | undefined => {
    switch (kind) {
      case 'adAccounts':
        return world.adAccounts.get(id);
      case 'pages':
        return world.pages.get(id);
      case 'pixels':
        return world.pixels.get(id);
      case 'catalogs':
        return world.catalogs.get(id);
    }
  };
  const build = (kind: AssetKind): ExpectedAsset[] =>
    [...seen[kind].ownership]
      .map(([id, ownership]) => {
        const record = describe(kind, id);
        const asset: ExpectedAsset = {
          id,
          name: record?.name ?? id,
          ownership,
          tokenIds: seen[kind].tokenIds.get(id) ?? [],
        };
        if (record?.businessId) asset.businessId = record.businessId;
        return asset;
      })
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    adAccounts: build('adAccounts'),
    pages: build('pages'),
    pixels: build('pixels'),
    catalogs: build('catalogs'),
  };
}
