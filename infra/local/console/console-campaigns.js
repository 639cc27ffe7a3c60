// The Campaigns tree: campaigns → ad sets → ads of the picked ad account, read from the list
// routes (the mirror), with Pause / Resume / Delete on every row and budgets in the account's
// currency. Forms live in console-campaign-forms.js; they hear about rows through DOM events.
import { $, api, el, newMutation, query } from './console-api.js';
import { runMutation, showError } from './console-feedback.js';
import { readableAmount } from './console-money.js';

export const PLURAL = { campaign: 'campaigns', adset: 'adsets', ad: 'ads' };
const CHILD = { campaign: 'adset', adset: 'ad' };
const LEVEL_NAME = { campaign: 'campaign', adset: 'ad set', ad: 'ad' };
const PAGE_SIZE = 25;

/** Fired on `document` when rows were (re)loaded: `detail` is the known objects by id. */
export const OBJECTS_CHANGED = 'console:objects-changed';
/** Fired on `document` by a row's "Budget…" (`detail`: the object) and "+ Ad set"/"+ Ad" (`detail`: {level, parent}). */
export const EDIT_BUDGET = 'console:edit-budget';
export const ADD_CHILD = 'console:add-child';

let account;
/** Every object the tree has shown, by id: what the forms offer as parents. */
export const known = new Map();

/** The picked ad account (`{id, currency, name}`), or undefined: shows its campaigns. */
export async function setAccount(picked) {
  account = picked;
  $('campaigns-tile').hidden = !account;
  if (account) await reloadCampaigns();
}

export function currentAccount() {
  return account;
}

export async function reloadCampaigns() {
  if (!account) return;
  known.clear();
  $('campaigns-account').textContent = `${account.name ?? account.id} · ${account.currency}`;
  const list = $('campaign-list');
  list.replaceChildren();
  await loadPage('campaign', { adAccountId: account.id }, list, $('campaigns-more'));
}

/** One page of a level under a filter, appended to `list`; `more` fetches the next page. */
async function loadPage(level, filter, list, more, cursor) {
  const includeDeleted = $('show-deleted').checked ? 'true' : undefined;
  try {
    const page = await api(
      'GET',
      `/meta/${PLURAL[level]}${query({ ...filter, includeDeleted, limit: PAGE_SIZE, cursor })}`,
    );
    for (const object of page.items) list.append(objectItem(object));
    more.hidden = !page.nextCursor;
    more.onclick = () => loadPage(level, filter, list, more, page.nextCursor);
    document.dispatchEvent(new CustomEvent(OBJECTS_CHANGED, { detail: known }));
  } catch (err) {
    showError('campaigns', err, account?.currency);
  }
}

function budgetText(object) {
  const amounts = object.amounts ?? {};
  if (object.dailyBudget !== undefined || amounts.dailyBudget)
    return `${readableAmount(amounts.dailyBudget ?? object.dailyBudget, object.currency)} / day`;
  if (object.lifetimeBudget !== undefined || amounts.lifetimeBudget)
    return `${readableAmount(amounts.lifetimeBudget ?? object.lifetimeBudget, object.currency)} lifetime`;
  return object.level === 'campaign'
    ? 'budget on ad sets'
    : object.level === 'adset'
      ? 'campaign budget'
      : '';
}

/** `<li id="<level>-<id>">` with the row and, for campaigns and ad sets, a folded child list. */
function objectItem(object) {
  const item = el('li', undefined, {
    id: `${object.level}-${object.id}`,
    className: `object ${object.level}`,
  });
  fillItem(item, object);
  return item;
}

/** Draws the row; `kept` carries the child list (and its More button) of a redrawn row. */
function fillItem(item, object, kept = {}) {
  known.set(object.id, object);
  const child = CHILD[object.level];
  const children = child
    ? (kept.children ?? el('ul', undefined, { className: 'children', hidden: true }))
    : undefined;
  const more = child
    ? (kept.more ??
      el('button', `More ${LEVEL_NAME[child]}s`, { type: 'button', className: 'more', hidden: true }))
    : undefined;
  const gone = object.status === 'DELETED' || object.status === 'ARCHIVED';
  const button = (label, className, onClick, disabled = false) =>
    el('button', label, { type: 'button', className, disabled: gone || disabled, onclick: onClick });

  const toggle = child
    ? el('button', children.hidden ? '▸' : '▾', {
        type: 'button',
        className: 'toggle',
        title: `Show ${LEVEL_NAME[child]}s`,
        onclick: async () => {
          const open = children.hidden;
          children.hidden = !open;
          toggle.textContent = open ? '▾' : '▸';
          if (open && !children.dataset.loaded) {
            children.dataset.loaded = 'true';
            const filter = object.level === 'campaign' ? { campaignId: object.id } : { adSetId: object.id };
            await loadPage(child, filter, children, more);
          }
        },
      })
    : el('span', '', { className: 'toggle' });

  const row = el(
    'div',
    [
      toggle,
      el('span', object.name, { className: 'name', title: `${LEVEL_NAME[object.level]} ${object.id}` }),
      el('span', object.status, { className: `status badge ${object.status}` }),
      el('span', object.effectiveStatus ?? '', { className: 'effective-status' }),
      el('span', budgetText(object), { className: 'budget' }),
      el(
        'span',
        [
          button('Pause', 'pause', () => changeStatus(item, object, 'pause'), object.status === 'PAUSED'),
          button('Resume', 'resume', () => changeStatus(item, object, 'resume'), object.status === 'ACTIVE'),
          object.level === 'ad'
            ? undefined
            : button('Budget…', 'edit-budget', () =>
                document.dispatchEvent(new CustomEvent(EDIT_BUDGET, { detail: object })),
              ),
          child
            ? button(`+ ${LEVEL_NAME[child]}`, 'add-child', () =>
                document.dispatchEvent(
                  new CustomEvent(ADD_CHILD, { detail: { level: child, parent: object } }),
                ),
              )
            : undefined,
          deleteButton(item, object, gone),
        ],
        { className: 'row-actions' },
      ),
    ],
    { className: 'row' },
  );
  item.replaceChildren(row, ...(children ? [children, more] : []));
}

/** Delete asks twice (the console has no modal dialogs): "Delete", then "Really delete?". */
function deleteButton(item, object, gone) {
  const button = el('button', 'Delete', { type: 'button', className: 'delete danger', disabled: gone });
  button.onclick = () => {
    if (button.dataset.armed !== 'true') {
      button.dataset.armed = 'true';
      button.textContent = 'Really delete?';
      return;
    }
    const mutation = newMutation('DELETE', `/meta/${PLURAL[object.level]}/${object.id}`);
    return runMutation('campaigns', mutation, {
      currency: object.currency,
      describe: () => `Deleted ${LEVEL_NAME[object.level]} "${object.name}".`,
      onSuccess: (answer) => {
        if (answer.status === 204) fillItem(item, { ...object, status: 'DELETED' });
      },
    });
  };
  return button;
}

function changeStatus(item, object, action) {
  const mutation = newMutation('POST', `/meta/${PLURAL[object.level]}/${object.id}/${action}`);
  return runMutation('campaigns', mutation, {
    currency: object.currency,
    describe: (answer) => `${action === 'pause' ? 'Paused' : 'Resumed'} "${object.name}" (${answer.status}).`,
    onSuccess: (answer) => {
      if (answer.body?.id === object.id) replaceRow(item, answer.body);
    },
  });
}

/** A fresh answer for the row's object: redraw the row, keep its opened children. */
export function replaceRow(item, object) {
  const children = item.querySelector(':scope > .children') ?? undefined;
  const more = item.querySelector(':scope > .more') ?? undefined;
  fillItem(item, object, { children, more });
}

/** Redraws the row of an object the forms changed (a budget edit), if it is shown. */
export function objectChanged(object) {
  const item = $(`${object.level}-${object.id}`);
  if (item) replaceRow(item, object);
  else known.set(object.id, object);
}
