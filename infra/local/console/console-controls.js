// The controls editor (GET/PUT /controls): spend caps in major units of the picked account's
// currency (minor units on the wire) and the agent-control matrix, level × action → effect.
import { $, api, el, newMutation, shortTime } from './console-api.js';
import { clearFeedback, runMutation, showError } from './console-feedback.js';
import { majorToMinor, minorToMajor } from './console-money.js';

// managedLevels and mutationActions of shared/domain/managed-object.ts.
const LEVELS = ['campaign', 'adset', 'ad'];
const ACTIONS = ['create', 'update', 'pause', 'resume', 'delete', 'budget'];
/** Where maxBudgetChangePct means something: a budget change, and a create's budget. */
const PCT_ACTIONS = new Set(['create', 'budget']);
/** The matrix default for an unlisted (level, action): agents may pause, nothing else (DESIGN §5). */
const defaultEffect = (action) => (action === 'pause' ? 'allow' : 'deny');

let account;
/** The controls as last read: caps of other ad accounts are kept as they are on Save. */
let loaded;

const cellId = (level, action) => `matrix-${level}-${action}`;

function buildMatrixTable() {
  const head = el('tr', [el('th', 'level \\ action'), ...ACTIONS.map((action) => el('th', action))]);
  const rows = LEVELS.map((level) =>
    el('tr', [
      el('th', level),
      ...ACTIONS.map((action) => {
        const select = el(
          'select',
          [
            el('option', `default (${defaultEffect(action)})`, { value: '' }),
            ...['allow', 'deny', 'approve'].map((effect) => el('option', effect, { value: effect })),
          ],
          { id: cellId(level, action) },
        );
        const pct = PCT_ACTIONS.has(action)
          ? el('input', undefined, {
              id: `${cellId(level, action)}-pct`,
              type: 'number',
              min: '0',
              max: '10000',
              step: '1',
              placeholder: 'max Δ %',
              title: 'Largest budget change against the budget before, in percent (empty: no limit)',
              disabled: true,
            })
          : undefined;
        select.onchange = () => {
          if (pct) pct.disabled = select.value === '';
        };
        return el('td', [select, pct]);
      }),
    ]),
  );
  $('controls-matrix').replaceChildren(el('thead', [head]), el('tbody', rows));
}

const capText = (minor) => (minor === undefined ? '' : minorToMajor(minor, account.currency));

function fill(controls) {
  loaded = controls;
  const caps = controls.spendCaps ?? {};
  $('controls-ad-account-daily').value = capText(caps.adAccountDaily?.[account.id]);
  $('controls-campaign-daily').value = capText(caps.campaignDaily);
  $('controls-campaign-lifetime').value = capText(caps.campaignLifetime);
  for (const level of LEVELS) {
    for (const action of ACTIONS) {
      const rule = controls.agentMatrix.find((r) => r.level === level && r.action === action);
      $(cellId(level, action)).value = rule?.effect ?? '';
      const pct = $(`${cellId(level, action)}-pct`);
      if (pct) {
        pct.value = rule?.maxBudgetChangePct ?? '';
        pct.disabled = !rule;
      }
    }
  }
  $('controls-auto-pause').checked = controls.autoPause === true;
  $('controls-updated').textContent = controls.updatedAt
    ? `Last saved ${shortTime(controls.updatedAt)} by ${controls.updatedBy?.actor ?? ''} ${controls.updatedBy?.sub ?? ''}`
    : 'Never saved: no caps, the default matrix.';
}

function optionalCap(id) {
  const text = $(id).value.trim();
  return text === '' ? undefined : majorToMinor(text, account.currency);
}

/** The PUT body from the form (throws AmountError for a cap that is not an amount). */
function controlsFromForm() {
  const adAccountDaily = { ...(loaded?.spendCaps?.adAccountDaily ?? {}) };
  const accountCap = optionalCap('controls-ad-account-daily');
  if (accountCap === undefined) delete adAccountDaily[account.id];
  else adAccountDaily[account.id] = accountCap;
  const spendCaps = {
    ...(Object.keys(adAccountDaily).length ? { adAccountDaily } : {}),
    campaignDaily: optionalCap('controls-campaign-daily'),
    campaignLifetime: optionalCap('controls-campaign-lifetime'),
  };
  const agentMatrix = [];
  for (const level of LEVELS) {
    for (const action of ACTIONS) {
      const effect = $(cellId(level, action)).value;
      if (!effect) continue;
      const pct = $(`${cellId(level, action)}-pct`)?.value.trim();
      agentMatrix.push({ level, action, effect, ...(pct ? { maxBudgetChangePct: Number(pct) } : {}) });
    }
  }
  return { spendCaps, agentMatrix, autoPause: $('controls-auto-pause').checked };
}

/** The picked ad account (`{id, currency}`): its caps are the ones the form edits. */
export async function setAccount(picked) {
  account = picked;
  $('controls-tile').hidden = !account;
  if (!account) return;
  $('controls-currency').textContent = `${account.id}, ${account.currency}`;
  clearFeedback('controls');
  try {
    fill(await api('GET', '/controls'));
  } catch (err) {
    showError('controls', err, account.currency);
  }
}

export function setUpControls() {
  buildMatrixTable();
  $('controls-save').onclick = () => {
    clearFeedback('controls');
    let body;
    try {
      body = controlsFromForm();
    } catch (err) {
      showError('controls', err, account.currency);
      return;
    }
    return runMutation('controls', newMutation('PUT', '/controls', body), {
      currency: account.currency,
      describe: () => 'Controls saved.',
      onSuccess: ({ body: saved }) => fill(saved),
    });
  };
}
