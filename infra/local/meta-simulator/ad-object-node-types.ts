import { filterAdObjects, objectsByLabels } from './ad-object-filtering';
import { describeAd, describeAdLabel, describeAdSet, describeCampaign } from './ad-object-views';
import { objectNotFound } from './graph-error';
import type { IdList } from './id-list';
import type { EdgeSpec, NodeTypeSpec } from './node-types';
import type { World } from './world';
import type { NodeKind } from './world-records';

const ADS_SCOPES = ['ads_read', 'ads_management'];
const ADS_SCOPE_MESSAGE = '(#200) Ad account owner has NOT grant ads_management or ads_read permission';

/** An ad object is visible to whoever reaches its ad account. */
function visibleThroughAccount(world: World, id: string, userId: string | undefined): boolean {
  const adAccountId = world.adObjects.adAccountOf(id);
  return adAccountId !== undefined && world.reachOf(userId ?? '').adAccounts.has(adAccountId);
}

function filteredEdge(
  itemKind: NodeKind,
  pick: (world: World, nodeId: string) => IdList | undefined,
  byLabels = false,
): EdgeSpec {
  return {
    itemKind,
    scopes: ADS_SCOPES,
    list: (world, nodeId, _principal, query) => {
      const list = pick(world, nodeId);
      if (!list) return objectNotFound(nodeId, 'GET');
      return byLabels
        ? objectsByLabels(world.adObjects, list.values(), query)
        : filterAdObjects(world.adObjects, list.values(), query);
    },
  };
}

/** The ad-object edges of an ad account (merged into its node type). */
export const AD_ACCOUNT_AD_OBJECT_EDGES: Record<string, EdgeSpec> = {
  campaigns: filteredEdge('campaign', (w, id) =>
    w.adAccounts.has(id) ? w.adObjects.account(id).campaigns : undefined,
  ),
  adsets: filteredEdge('adset', (w, id) =>
    w.adAccounts.has(id) ? w.adObjects.account(id).adsets : undefined,
  ),
  ads: filteredEdge('ad', (w, id) => (w.adAccounts.has(id) ? w.adObjects.account(id).ads : undefined)),
  campaignsbylabels: filteredEdge(
    'campaign',
    (w, id) => (w.adAccounts.has(id) ? w.adObjects.account(id).campaigns : undefined),
    true,
  ),
  adsetsbylabels: filteredEdge(
    'adset',
    (w, id) => (w.adAccounts.has(id) ? w.adObjects.account(id).adsets : undefined),
    true,
  ),
  adsbylabels: filteredEdge(
    'ad',
    (w, id) => (w.adAccounts.has(id) ? w.adObjects.account(id).ads : undefined),
    true,
  ),
  adlabels: {
    itemKind: 'adlabel',
    scopes: ADS_SCOPES,
    list: (world, id) =>
      world.adAccounts.has(id) ? world.adObjects.account(id).labels : objectNotFound(id, 'GET'),
  },
};

function adObjectType(
  graphName: string,
  describe: NodeTypeSpec['describe'],
  edges: Record<string, EdgeSpec>,
): NodeTypeSpec {
  return {
    graphName,
    defaultFields: ['id'],
    scopes: ADS_SCOPES,
    scopeMessage: ADS_SCOPE_MESSAGE,
    describe,
    visible: (world, id, principal) => visibleThroughAccount(world, id, principal.user?.id),
    edges,
  };
}

export const AD_OBJECT_NODE_TYPES: Record<'campaign' | 'adset' | 'ad' | 'adlabel', NodeTypeSpec> = {
  campaign: adObjectType('Campaign', (world, id) => describeCampaign(world.adObjects, id), {
    adsets: filteredEdge('adset', (w, id) => w.adObjects.adsetsOfCampaign.get(id)),
    ads: filteredEdge('ad', (w, id) => w.adObjects.adsOfCampaign.get(id)),
  }),
  adset: adObjectType('AdSet', (world, id) => describeAdSet(world.adObjects, id), {
    ads: filteredEdge('ad', (w, id) => w.adObjects.adsOfAdset.get(id)),
  }),
  ad: adObjectType('Ad', (world, id) => describeAd(world.adObjects, id), {}),
  adlabel: {
    ...adObjectType('AdLabel', (world, id) => describeAdLabel(world.adObjects, id), {}),
    defaultFields: ['id', 'name'],
  },
};
