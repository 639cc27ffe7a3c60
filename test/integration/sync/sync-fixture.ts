import type { ExpectedAsset, MetaSimulator } from '../../../infra/local/meta-simulator';
import type { LocalRuntime } from '../../../infra/local/runtime';
import { api } from '../support/runtime';
import type { ConnectedWorkspace } from './seed-workspace';

export { type ConnectedWorkspace, connectSeeded } from './seed-workspace';

export const ASSET_PATHS = {
  adAccounts: 'ad-accounts',
  pages: 'pages',
  pixels: 'pixels',
  catalogs: 'catalogs',
} as const;

/** Clicks Sync and waits until every queued message of the run is processed. */
export async function syncAndWait(
  rt: LocalRuntime,
  ws: ConnectedWorkspace,
  body: unknown = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests read answer bodies freely
): Promise<any> {
  const started = await api(rt, 'POST', '/meta/sync', { token: ws.jwt, body });
  expect(started.status).toBe(202);
  await rt.idle(20_000);
  const run = await api(rt, 'GET', `/meta/sync/${started.body.syncRunId}`, { token: ws.jwt });
  expect(run.status).toBe(200);
  return run.body;
}

/** Every asset of a type, through the API's pages. */
export async function listAll(
  rt: LocalRuntime,
  ws: ConnectedWorkspace,
  type: string,
  includeRemoved = false,
  // biome-ignore lint/suspicious/noExplicitAny: tests read answer bodies freely
): Promise<any[]> {
  // biome-ignore lint/suspicious/noExplicitAny: tests read answer bodies freely
  const items: any[] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({
      limit: '200',
      ...(includeRemoved ? { includeRemoved: 'true' } : {}),
    });
    if (cursor) query.set('cursor', cursor);
    const page = await api(rt, 'GET', `/meta/assets/${type}?${query}`, { token: ws.jwt });
    expect(page.status).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

/** The simulator's ground truth in the API's shape, token labels mapped to our token ids. */
export function expectedItems(expected: readonly ExpectedAsset[], ws: ConnectedWorkspace) {
  return expected
    .map((asset) => ({
      id: asset.id,
      name: asset.name,
      ownership: asset.ownership,
      ...(asset.businessId ? { businessId: asset.businessId } : {}),
      tokenIds: asset.tokenIds.map((label) => ws.tokenIds.get(label) ?? label).sort(),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** The API's items reduced to what the ground truth says. */
// biome-ignore lint/suspicious/noExplicitAny: tests read answer bodies freely
export function comparable(items: readonly any[]) {
  return items
    .map((item) => ({
      id: item.id,
      name: item.name,
      ownership: item.ownership,
      ...(item.businessId ? { businessId: item.businessId } : {}),
      tokenIds: [...item.tokenIds].sort(),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

export function simulatorOf(rt: LocalRuntime): MetaSimulator {
  if (!rt.simulator) throw new Error('the runtime has no simulator');
  return rt.simulator;
}
