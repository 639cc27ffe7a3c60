import {
  type AccountAdObjects,
  type AdLabelRecord,
  type AdObjectKind,
  type AdRecord,
  type AdSetRecord,
  type CampaignRecord,
  emptyAccountObjects,
} from './ad-object-records';
import { IdList } from './id-list';

/** Meta's cap on ad labels per ad account. */
export const DEFAULT_AD_LABEL_LIMIT = 100_000;
/** How long a new ad stays PENDING_REVIEW before Meta approves it. */
export const DEFAULT_AD_REVIEW_MS = 5_000;

/** Campaigns, ad sets, ads and ad labels of every ad account, with their parent links. */
export class AdObjectStore {
  readonly campaigns = new Map<string, CampaignRecord>();
  readonly adsets = new Map<string, AdSetRecord>();
  readonly ads = new Map<string, AdRecord>();
  readonly labels = new Map<string, AdLabelRecord>();
  /** Ad sets per campaign, ads per ad set and per campaign, in creation order. */
  readonly adsetsOfCampaign = new Map<string, IdList>();
  readonly adsOfAdset = new Map<string, IdList>();
  readonly adsOfCampaign = new Map<string, IdList>();
  private readonly accounts = new Map<string, AccountAdObjects>();

  labelLimit = DEFAULT_AD_LABEL_LIMIT;
  reviewMs = DEFAULT_AD_REVIEW_MS;
  /** The simulator's clock (effective status depends on time: ads leave review). */
  nowMs: () => number = () => Date.now();

  account(adAccountId: string): AccountAdObjects {
    let objects = this.accounts.get(adAccountId);
    if (!objects) {
      objects = emptyAccountObjects();
      this.accounts.set(adAccountId, objects);
    }
    return objects;
  }

  hasAccount(adAccountId: string): boolean {
    return this.accounts.has(adAccountId);
  }

  kindOf(id: string): AdObjectKind | 'adlabel' | undefined {
    if (this.campaigns.has(id)) return 'campaign';
    if (this.adsets.has(id)) return 'adset';
    if (this.ads.has(id)) return 'ad';
    if (this.labels.has(id)) return 'adlabel';
    return undefined;
  }

  /** The ad account an object or label belongs to. */
  adAccountOf(id: string): string | undefined {
    return (this.campaigns.get(id) ?? this.adsets.get(id) ?? this.ads.get(id) ?? this.labels.get(id))
      ?.adAccountId;
  }

  addCampaign(record: CampaignRecord): void {
    this.campaigns.set(record.id, record);
    this.account(record.adAccountId).campaigns.add(record.id);
    this.adsetsOfCampaign.set(record.id, new IdList());
    this.adsOfCampaign.set(record.id, new IdList());
  }

  addAdset(record: AdSetRecord): void {
    this.adsets.set(record.id, record);
    this.account(record.adAccountId).adsets.add(record.id);
    this.adsetsOfCampaign.get(record.campaignId)?.add(record.id);
    this.adsOfAdset.set(record.id, new IdList());
  }

  addAd(record: AdRecord): void {
    this.ads.set(record.id, record);
    this.account(record.adAccountId).ads.add(record.id);
    this.adsOfAdset.get(record.adsetId)?.add(record.id);
    this.adsOfCampaign.get(record.campaignId)?.add(record.id);
  }

  addLabel(record: AdLabelRecord): void {
    this.labels.set(record.id, record);
    this.account(record.adAccountId).labels.add(record.id);
  }

  labelByName(adAccountId: string, name: string): AdLabelRecord | undefined {
    for (const id of this.account(adAccountId).labels.values()) {
      const label = this.labels.get(id);
      if (label?.name === name) return label;
    }
    return undefined;
  }

  /** Removes the label and untags every object of its account. */
  removeLabel(labelId: string): boolean {
    const label = this.labels.get(labelId);
    if (!label) return false;
    const objects = this.account(label.adAccountId);
    objects.labels.delete(labelId);
    this.labels.delete(labelId);
    for (const id of [...objects.campaigns.values(), ...objects.adsets.values(), ...objects.ads.values()]) {
      this.objectOf(id)?.labelIds.delete(labelId);
    }
    return true;
  }

  objectOf(id: string): CampaignRecord | AdSetRecord | AdRecord | undefined {
    return this.campaigns.get(id) ?? this.adsets.get(id) ?? this.ads.get(id);
  }
}
