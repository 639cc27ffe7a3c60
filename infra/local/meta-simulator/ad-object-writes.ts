import { applyLabels, planLabelCreate, planLabels } from './ad-labels';
import {
  budgetChangeLimit,
  budgetOnBothLevels,
  deletedObject,
  invalidParent,
  requiredParameter,
} from './ad-object-errors';
import { integerParam, isValidateOnly, jsonObjectParam, stringParam } from './ad-object-params';
import type { AdRecord, AdSetRecord, CampaignRecord } from './ad-object-records';
import type { AdObjectStore } from './ad-object-store';
import {
  type AccountContext,
  checkAdSetBudgetAndBid,
  checkBudgets,
  checkDsa,
  checkTargeting,
  parseAdCreate,
  parseAdSetCreate,
  parseCampaignCreate,
  parseCreative,
  statusParam,
} from './ad-object-validation';
import { effectiveStatusOf, liveAdsetsOf } from './ad-object-views';
import { missingPermission, objectNotFound } from './graph-error';
import { IdList } from './id-list';
import { hasAnyScope, type Principal } from './principal';
import { jsonResponse, type SimResponse } from './sim-response';
import type { GraphCall, SimulatorCore } from './simulator-core';
import { throttleHeaders } from './usage-headers';

const HOUR_MS = 3_600_000;
/** Meta lets an ad set's budget change at most this often per hour (613 / 1487632). */
export const BUDGET_CHANGES_PER_HOUR = 4;
const CREATE_EDGES = new Set(['campaigns', 'adsets', 'ads', 'adlabels']);

function success(): SimResponse {
  return jsonResponse(200, { success: true });
}

/** The caller must reach the ad account and hold `ads_management` to write in it. */
export function writableAccount(
  core: SimulatorCore,
  call: GraphCall,
  principal: Principal,
  adAccountId: string,
): AccountContext {
  const account = core.world.adAccounts.get(adAccountId);
  if (!account || !core.world.reachOf(principal.user?.id ?? '').adAccounts.has(adAccountId))
    throw objectNotFound(call.segments[0] ?? adAccountId, call.method);
  if (!hasAnyScope(principal, ['ads_management']))
    throw missingPermission('(#200) Requires ads_management permission to manage the object');
  return { currency: account.currency };
}

function liveCampaign(store: AdObjectStore, adAccountId: string, id: string | undefined): CampaignRecord {
  if (id === undefined || id === '') throw requiredParameter('campaign_id');
  const campaign = store.campaigns.get(id);
  if (!campaign || campaign.adAccountId !== adAccountId || effectiveStatusOf(store, id) === 'DELETED')
    throw invalidParent('campaign_id');
  return campaign;
}

function liveAdset(store: AdObjectStore, adAccountId: string, id: string | undefined): AdSetRecord {
  if (id === undefined || id === '') throw requiredParameter('adset_id');
  const adset = store.adsets.get(id);
  if (!adset || adset.adAccountId !== adAccountId || effectiveStatusOf(store, id) === 'DELETED')
    throw invalidParent('adset_id');
  return adset;
}

function create(
  core: SimulatorCore,
  call: GraphCall,
  principal: Principal,
  adAccountId: string,
  edge: string,
): SimResponse {
  const { world } = core;
  const store = world.adObjects;
  const account = writableAccount(core, call, principal, adAccountId);
  const params = call.params;
  const validateOnly = isValidateOnly(params);
  const now = core.nowMs();

  if (edge === 'adlabels') {
    const plan = planLabelCreate(store, adAccountId, params);
    if (validateOnly) return success();
    const [id] = applyLabels(world, adAccountId, plan, now);
    return jsonResponse(200, { id });
  }

  const base = () => ({
    id: world.nextId(),
    adAccountId,
    createdMs: now,
    updatedMs: now,
    labelIds: new IdList(),
  });
  let build: () => CampaignRecord | AdSetRecord | AdRecord;
  if (edge === 'campaigns') {
    const draft = parseCampaignCreate(params, account);
    build = () => ({ ...base(), ...draft });
  } else if (edge === 'adsets') {
    const campaign = liveCampaign(store, adAccountId, stringParam(params, 'campaign_id'));
    const draft = parseAdSetCreate(params, campaign, account);
    build = () => ({ ...base(), ...draft, campaignId: campaign.id, budgetChangesMs: [] });
  } else {
    const adset = liveAdset(store, adAccountId, stringParam(params, 'adset_id'));
    const draft = parseAdCreate(params);
    build = () => ({
      ...base(),
      ...draft,
      adsetId: adset.id,
      campaignId: adset.campaignId,
      review: { decidedAtMs: now + store.reviewMs },
    });
  }
  const labels = planLabels(store, adAccountId, params);
  if (validateOnly) return success();

  const record = build();
  for (const id of applyLabels(world, adAccountId, labels, now)) record.labelIds.add(id);
  const counts = store.account(adAccountId).createCalls;
  if ('review' in record) {
    store.addAd(record);
    counts.ad += 1;
  } else if ('campaignId' in record) {
    store.addAdset(record);
    counts.adset += 1;
  } else {
    store.addCampaign(record);
    counts.campaign += 1;
  }
  return jsonResponse(200, { id: record.id });
}

function updateCampaign(
  store: AdObjectStore,
  campaign: CampaignRecord,
  params: URLSearchParams,
  account: AccountContext,
): Partial<CampaignRecord> {
  const dailyBudget = integerParam(params, 'daily_budget') ?? campaign.dailyBudget;
  const lifetimeBudget = integerParam(params, 'lifetime_budget') ?? campaign.lifetimeBudget;
  const budgetSent = params.has('daily_budget') || params.has('lifetime_budget');
  if (budgetSent) {
    checkBudgets(
      params.has('daily_budget') ? dailyBudget : undefined,
      params.has('lifetime_budget') ? lifetimeBudget : undefined,
      'campaign',
      account,
    );
    if (
      liveAdsetsOf(store, campaign.id).some(
        (a) => a.dailyBudget !== undefined || a.lifetimeBudget !== undefined,
      )
    )
      throw budgetOnBothLevels();
  }
  return {
    name: stringParam(params, 'name') ?? campaign.name,
    status: statusParam(params) ?? campaign.status,
    dailyBudget,
    lifetimeBudget,
    bidStrategy: stringParam(params, 'bid_strategy') ?? campaign.bidStrategy,
    spendCap: integerParam(params, 'spend_cap') ?? campaign.spendCap,
    stopTime: stringParam(params, 'stop_time') ?? campaign.stopTime,
    startTime: stringParam(params, 'start_time') ?? campaign.startTime,
  };
}

/** Throws 613 / 1487632 when the ad set's budget already changed 4 times this hour. */
function checkBudgetChangeLimit(
  core: SimulatorCore,
  adset: AdSetRecord,
  now: number,
  validateOnly: boolean,
): void {
  const recent = adset.budgetChangesMs.filter((at) => now - at < HOUR_MS);
  const blocked = adset.budgetBlockedUntilMs !== undefined && now < adset.budgetBlockedUntilMs;
  if (!blocked && recent.length < BUDGET_CHANGES_PER_HOUR) return;
  if (!blocked && !validateOnly) adset.budgetBlockedUntilMs = now + HOUR_MS;
  throw budgetChangeLimit(throttleHeaders(613, `/${adset.id}`, core.app.appId, 60));
}

function updateAdSet(
  core: SimulatorCore,
  adset: AdSetRecord,
  params: URLSearchParams,
  account: AccountContext,
  validateOnly: boolean,
): Partial<AdSetRecord> {
  const store = core.world.adObjects;
  const campaign = store.campaigns.get(adset.campaignId);
  const next: Partial<AdSetRecord> = {
    name: stringParam(params, 'name') ?? adset.name,
    status: statusParam(params) ?? adset.status,
    dailyBudget: integerParam(params, 'daily_budget') ?? adset.dailyBudget,
    lifetimeBudget: integerParam(params, 'lifetime_budget') ?? adset.lifetimeBudget,
    bidStrategy: stringParam(params, 'bid_strategy') ?? adset.bidStrategy,
    bidAmount: integerParam(params, 'bid_amount') ?? adset.bidAmount,
    endTime: stringParam(params, 'end_time') ?? adset.endTime,
    startTime: stringParam(params, 'start_time') ?? adset.startTime,
    dsaBeneficiary: stringParam(params, 'dsa_beneficiary') ?? adset.dsaBeneficiary,
    dsaPayor: stringParam(params, 'dsa_payor') ?? adset.dsaPayor,
  };
  const targetingSent = jsonObjectParam(params, 'targeting');
  next.targeting = targetingSent ? checkTargeting(targetingSent) : adset.targeting;
  const budgetOrBidSent = ['daily_budget', 'lifetime_budget', 'bid_strategy', 'bid_amount'].some((n) =>
    params.has(n),
  );
  if (budgetOrBidSent && campaign) checkAdSetBudgetAndBid({ ...adset, ...next }, campaign, account);
  if (targetingSent || params.has('dsa_beneficiary') || params.has('dsa_payor'))
    checkDsa(next.targeting, next.dsaBeneficiary, next.dsaPayor);
  const budgetChanged =
    next.dailyBudget !== adset.dailyBudget || next.lifetimeBudget !== adset.lifetimeBudget;
  if (budgetChanged) {
    const now = core.nowMs();
    checkBudgetChangeLimit(core, adset, now, validateOnly);
    if (!validateOnly)
      adset.budgetChangesMs = [...adset.budgetChangesMs.filter((at) => now - at < HOUR_MS), now];
  }
  return next;
}

function updateAd(
  store: AdObjectStore,
  ad: AdRecord,
  params: URLSearchParams,
  now: number,
): Partial<AdRecord> {
  const next: Partial<AdRecord> = {
    name: stringParam(params, 'name') ?? ad.name,
    status: statusParam(params) ?? ad.status,
  };
  if (params.has('creative')) {
    // A new creative goes through review again.
    next.creativeId = parseCreative(params);
    next.review = { decidedAtMs: now + store.reviewMs };
  }
  return next;
}

/** `POST /{id}`: Meta's editable fields; `DELETE /{id}`: status DELETED (labels: removed). */
function updateOrDelete(core: SimulatorCore, call: GraphCall, principal: Principal, id: string): SimResponse {
  const store = core.world.adObjects;
  const adAccountId = store.adAccountOf(id);
  if (adAccountId === undefined) throw objectNotFound(id, call.method);
  // Someone who does not reach the account gets "does not exist", as at Meta.
  const account = writableAccount(core, call, principal, adAccountId);
  const now = core.nowMs();
  if (store.labels.has(id)) {
    if (call.method !== 'DELETE') throw objectNotFound(id, call.method);
    store.removeLabel(id);
    return success();
  }
  const record = store.objectOf(id);
  if (!record) throw objectNotFound(id, call.method);
  if (call.method === 'DELETE') {
    record.status = 'DELETED';
    record.updatedMs = now;
    return success();
  }
  if (effectiveStatusOf(store, id) === 'DELETED') throw deletedObject(id);
  const params = call.params;
  const validateOnly = isValidateOnly(params);
  const labels = planLabels(store, adAccountId, params);
  let next: Partial<CampaignRecord | AdSetRecord | AdRecord>;
  if (store.campaigns.has(id)) next = updateCampaign(store, record as CampaignRecord, params, account);
  else if (store.adsets.has(id))
    next = updateAdSet(core, record as AdSetRecord, params, account, validateOnly);
  else next = updateAd(store, record as AdRecord, params, now);
  if (validateOnly) return success();
  Object.assign(record, next, { updatedMs: now });
  for (const labelId of applyLabels(core.world, adAccountId, labels, now)) record.labelIds.add(labelId);
  return success();
}

/**
 * Meta's write surface for ad objects: `POST /act_{id}/campaigns|adsets|ads|adlabels` → `{id}`,
 * `POST /{id}` → `{success: true}`, `DELETE /{id}` → `{success: true}`; with
 * `execution_options=["validate_only"]` every check runs and nothing changes. Undefined when the
 * call is not one of these (reads go on to the read routes).
 */
export function handleAdObjectWrite(
  core: SimulatorCore,
  call: GraphCall,
  principal: Principal,
): SimResponse | undefined {
  if (call.method !== 'POST' && call.method !== 'DELETE') return undefined;
  const [nodeSegment, edgeName, ...rest] = call.segments;
  if (nodeSegment === undefined || rest.length > 0) return undefined;
  if (edgeName !== undefined) {
    if (call.method === 'POST' && nodeSegment.startsWith('act_') && CREATE_EDGES.has(edgeName))
      return create(core, call, principal, nodeSegment, edgeName);
    return undefined;
  }
  if (core.world.adObjects.kindOf(nodeSegment) === undefined) return undefined;
  return updateOrDelete(core, call, principal, nodeSegment);
}
