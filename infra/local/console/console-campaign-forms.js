// The forms under the Campaigns tree: create a campaign, an ad set, an ad; edit a budget.
// Budgets are typed in major units and sent as whole minor units of the account's currency.
import { $, el, newMutation } from './console-api.js';
import {
  ADD_CHILD,
  currentAccount,
  EDIT_BUDGET,
  known,
  OBJECTS_CHANGED,
  objectChanged,
  PLURAL,
  reloadCampaigns,
} from './console-campaigns.js';
import { clearFeedback, runMutation, showError, showRequest } from './console-feedback.js';
import { majorToMinor, minorToMajor, readableAmount } from './console-money.js';

// Copies of OUTCOME_OBJECTIVES, SPECIAL_AD_CATEGORIES, BILLING_EVENTS and OPTIMIZATION_GOALS in
// shared/contracts/ad-object-schemas.ts (the browser test checks they agree).
const OBJECTIVES = [
  'OUTCOME_AWARENESS',
  'OUTCOME_TRAFFIC',
  'OUTCOME_ENGAGEMENT',
  'OUTCOME_LEADS',
  'OUTCOME_APP_PROMOTION',
  'OUTCOME_SALES',
];
// 'NONE' is left out: no box ticked sends [], which Meta reads the same.
const SPECIAL_AD_CATEGORIES = [
  'EMPLOYMENT',
  'HOUSING',
  'CREDIT',
  'FINANCIAL_PRODUCTS_SERVICES',
  'ISSUES_ELECTIONS_POLITICS',
  'ONLINE_GAMBLING_AND_GAMING',
];
const BILLING_EVENTS = [
  'IMPRESSIONS',
  'LINK_CLICKS',
  'THRUPLAY',
  'APP_INSTALLS',
  'PAGE_LIKES',
  'POST_ENGAGEMENT',
  'LISTING_INTERACTION',
];
const OPTIMIZATION_GOALS = [
  'NONE',
  'APP_INSTALLS',
  'AD_RECALL_LIFT',
  'ENGAGED_USERS',
  'EVENT_RESPONSES',
  'IMPRESSIONS',
  'LEAD_GENERATION',
  'QUALITY_LEAD',
  'LINK_CLICKS',
  'OFFSITE_CONVERSIONS',
  'PAGE_LIKES',
  'POST_ENGAGEMENT',
  'QUALITY_CALL',
  'REACH',
  'LANDING_PAGE_VIEWS',
  'VISIT_INSTAGRAM_PROFILE',
  'VALUE',
  'THRUPLAY',
  'CONVERSATIONS',
  'IN_APP_VALUE',
  'MESSAGING_PURCHASE_CONVERSION',
  'SUBSCRIBERS',
  'REMINDERS_SET',
  'MEANINGFUL_CALL_ATTEMPT',
  'PROFILE_VISIT',
  'APP_INSTALLS_AND_OFFSITE_CONVERSIONS',
];

function fillSelect(select, values, selected) {
  select.replaceChildren(
    ...values.map((value) => el('option', value, { value, selected: value === selected })),
  );
}

/** Builds the body (may throw AmountError), sends it, reports; `onCreated` after a real 2xx. */
async function submit(base, { method, path, dryRunBox, currency, buildBody, describe, onDone }) {
  clearFeedback(base);
  let body;
  try {
    body = buildBody();
  } catch (err) {
    showError(base, err, currency);
    return;
  }
  const dryRun = $(dryRunBox).checked;
  const mutation = newMutation(method, `${path}${dryRun ? '?dryRun=true' : ''}`, body);
  showRequest(base, mutation, dryRun);
  await runMutation(base, mutation, {
    currency,
    describe: (answer) =>
      answer.body?.dryRun
        ? `Dry run passed, nothing changed${answer.body.needsApproval ? ' (an agent would need approval)' : ''}. ` +
          `It would apply:\n${JSON.stringify(answer.body.wouldApply, null, 2)}`
        : describe(answer),
    onSuccess: (answer) => (answer.body?.dryRun ? undefined : onDone?.(answer)),
  });
}

const optionalAmount = (id, currency) => {
  const text = $(id).value.trim();
  return text === '' || $(id).disabled ? undefined : majorToMinor(text, currency);
};
const budgetOf = (object) =>
  readableAmount(object.amounts?.dailyBudget ?? object.dailyBudget, object.currency);

function setUpCampaignForm() {
  fillSelect($('new-campaign-objective'), OBJECTIVES, 'OUTCOME_TRAFFIC');
  $('new-campaign-categories').replaceChildren(
    ...SPECIAL_AD_CATEGORIES.map((category) =>
      el('label', [el('input', undefined, { type: 'checkbox', value: category }), ` ${category}`]),
    ),
  );
  $('create-campaign').onclick = () => {
    const currency = currentAccount()?.currency;
    return submit('create-campaign', {
      method: 'POST',
      path: '/meta/campaigns',
      dryRunBox: 'new-campaign-dry-run',
      currency,
      buildBody: () => ({
        name: $('new-campaign-name').value,
        objective: $('new-campaign-objective').value,
        specialAdCategories: [...$('new-campaign-categories').querySelectorAll('input:checked')].map(
          (box) => box.value,
        ),
        status: $('new-campaign-status').value,
        dailyBudget: optionalAmount('new-campaign-daily-budget', currency),
        adAccountId: currentAccount()?.id,
      }),
      describe: ({ body }) =>
        `Created campaign "${body.name}" (${body.id}), ${body.status}` +
        `${body.dailyBudget !== undefined ? `, ${budgetOf(body)} / day` : ', budget on its ad sets'}.`,
      onDone: () => reloadCampaigns(),
    });
  };
}

function setUpAdSetForm() {
  fillSelect($('new-adset-billing-event'), BILLING_EVENTS, 'IMPRESSIONS');
  fillSelect($('new-adset-optimization-goal'), OPTIMIZATION_GOALS, 'LINK_CLICKS');
  const campaignSelect = $('new-adset-campaign');
  // Meta takes a budget on the campaign or on its ad sets, never both.
  campaignSelect.onchange = () => {
    const campaign = known.get(campaignSelect.value);
    const campaignBudget =
      campaign && (campaign.dailyBudget !== undefined || campaign.lifetimeBudget !== undefined);
    $('new-adset-daily-budget').disabled = Boolean(campaignBudget);
    $('new-adset-budget-hint').textContent = campaignBudget
      ? `The campaign's budget (${budgetOf(campaign)} / day) is shared by its ad sets.`
      : `In ${campaign?.currency ?? currentAccount()?.currency ?? ''}.`;
  };
  $('create-adset').onclick = () => {
    const campaign = known.get(campaignSelect.value);
    const currency = campaign?.currency ?? currentAccount()?.currency;
    return submit('create-adset', {
      method: 'POST',
      path: '/meta/adsets',
      dryRunBox: 'new-adset-dry-run',
      currency,
      buildBody: () => ({
        campaignId: campaignSelect.value,
        name: $('new-adset-name').value,
        billingEvent: $('new-adset-billing-event').value,
        optimizationGoal: $('new-adset-optimization-goal').value,
        targeting: {
          geoLocations: {
            countries: $('new-adset-countries')
              .value.split(/[\s,]+/)
              .filter(Boolean)
              .map((code) => code.toUpperCase()),
          },
        },
        dailyBudget: optionalAmount('new-adset-daily-budget', currency),
      }),
      describe: ({ body }) => `Created ad set "${body.name}" (${body.id}) under campaign ${body.campaignId}.`,
      onDone: () => reloadCampaigns(),
    });
  };
}

function setUpAdForm() {
  $('create-ad').onclick = () =>
    submit('create-ad', {
      method: 'POST',
      path: '/meta/ads',
      dryRunBox: 'new-ad-dry-run',
      currency: currentAccount()?.currency,
      buildBody: () => ({
        adSetId: $('new-ad-adset').value,
        name: $('new-ad-name').value,
        creativeId: $('new-ad-creative').value.trim(),
      }),
      describe: ({ body }) =>
        `Created ad "${body.name}" (${body.id}), ${body.effectiveStatus ?? body.status}.`,
      onDone: () => reloadCampaigns(),
    });
}

let budgetTarget;
function setUpBudgetForm() {
  $('save-budget').onclick = () => {
    if (!budgetTarget) return;
    const target = budgetTarget;
    const field = $('edit-budget-field').value;
    return submit('save-budget', {
      method: 'PATCH',
      path: `/meta/${PLURAL[target.level]}/${target.id}`,
      dryRunBox: 'edit-budget-dry-run',
      currency: target.currency,
      buildBody: () => ({ [field]: majorToMinor($('edit-budget-amount').value, target.currency) }),
      describe: ({ body }) =>
        `The ${field === 'dailyBudget' ? 'daily' : 'lifetime'} budget of "${body.name}" is now ` +
        `${readableAmount(body.amounts?.[field] ?? body[field], body.currency)}.`,
      onDone: ({ body }) => {
        if (body?.id) objectChanged(body);
      },
    });
  };
  document.addEventListener(EDIT_BUDGET, ({ detail: object }) => {
    budgetTarget = object;
    const field =
      object.lifetimeBudget !== undefined && object.dailyBudget === undefined
        ? 'lifetimeBudget'
        : 'dailyBudget';
    $('edit-budget-target').textContent =
      `${object.level} "${object.name}" (${object.id}, ${object.currency})`;
    $('edit-budget-field').value = field;
    $('edit-budget-amount').value =
      object[field] !== undefined ? minorToMajor(object[field], object.currency) : '';
    $('save-budget').disabled = false;
    $('budget-form').scrollIntoView({ block: 'nearest' });
    $('edit-budget-amount').focus();
  });
}

/** The parent selects offer every live campaign / ad set the tree has shown. */
function refreshParentSelects() {
  const live = (level) =>
    [...known.values()].filter((o) => o.level === level && o.status !== 'DELETED' && o.status !== 'ARCHIVED');
  for (const [select, level] of [
    [$('new-adset-campaign'), 'campaign'],
    [$('new-ad-adset'), 'adset'],
  ]) {
    const chosen = select.value;
    select.replaceChildren(
      ...live(level).map((o) =>
        el('option', `${o.name} (${o.id})`, { value: o.id, selected: o.id === chosen }),
      ),
    );
  }
  $('new-adset-campaign').onchange();
}

export function setUpCampaignForms() {
  setUpCampaignForm();
  setUpAdSetForm();
  setUpAdForm();
  setUpBudgetForm();
  document.addEventListener(OBJECTS_CHANGED, refreshParentSelects);
  document.addEventListener(ADD_CHILD, ({ detail: { level, parent } }) => {
    const [select, name] =
      level === 'adset' ? ['new-adset-campaign', 'new-adset-name'] : ['new-ad-adset', 'new-ad-name'];
    $(select).value = parent.id;
    $(select).onchange?.();
    $(name).scrollIntoView({ block: 'nearest' });
    $(name).focus();
  });
}
