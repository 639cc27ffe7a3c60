import type { AdObjectStore } from './ad-object-store';
import { describeAd, describeAdLabel, describeAdSet, describeCampaign } from './ad-object-views';
import type { FieldValue } from './node-types';
import type { AdAccountObjects, AdReviewDecision } from './types';
import type { World } from './world';

const DEFAULT_REJECTION = {
  summary: 'Ad rejected',
  message: "The ad doesn't comply with our Advertising Standards.",
};

/** Every field, node references as `{id}`, absent ones left out: what tests compare. */
function plain(values: Record<string, FieldValue> | undefined): Record<string, unknown>[] {
  if (!values) return [];
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    out[name] =
      typeof value === 'object' && value !== null && 'ref' in value && 'id' in value
        ? { id: value.id }
        : value;
  }
  return [out];
}

/** The world's campaigns, ad sets, ads (DELETED ones included) and labels of one ad account. */
export function adAccountObjects(world: World, adAccountId: string): AdAccountObjects | undefined {
  if (!world.adAccounts.has(adAccountId)) return undefined;
  const store = world.adObjects;
  const objects = store.account(adAccountId);
  const all = (
    ids: readonly string[],
    describe: (s: AdObjectStore, id: string) => Record<string, FieldValue> | undefined,
  ) => ids.flatMap((id) => plain(describe(store, id)));
  return {
    campaigns: all(objects.campaigns.values(), describeCampaign),
    adsets: all(objects.adsets.values(), describeAdSet),
    ads: all(objects.ads.values(), describeAd),
    adlabels: all(objects.labels.values(), describeAdLabel),
    createCalls: { ...objects.createCalls },
  };
}

/** Ends the ad's review now: approved, or disapproved with Meta-shaped feedback. */
export function reviewAd(store: AdObjectStore, adId: string, decision: AdReviewDecision): boolean {
  const ad = store.ads.get(adId);
  if (!ad) return false;
  const now = store.nowMs();
  ad.review =
    decision.decision === 'approve'
      ? { decidedAtMs: now }
      : {
          decidedAtMs: now,
          disapproved: {
            summary: decision.summary ?? DEFAULT_REJECTION.summary,
            message: decision.message ?? DEFAULT_REJECTION.message,
            ...(decision.placement ? { placement: decision.placement } : {}),
          },
        };
  ad.updatedMs = now;
  return true;
}
