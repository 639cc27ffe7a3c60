// The Experiments tile: A/B split tests (Meta ad studies) of the picked ad account. The form
// makes one — a name, start and end (default tomorrow and 14 days later), 2–5 cells each with
// a name, a share in % and ad sets or campaigns picked from the mirror — and the list shows
// every experiment with its status, its cells and each cell's results (spend, conversions,
// cost per conversion), with Cancel while it has not ended.
import { $, api, el, newMutation, query, shortTime } from './console-api.js';
import { clearFeedback, runMutation, showError, showRequest } from './console-feedback.js';
import { formatDecimal } from './console-money.js';

// Copies of the bounds in shared/contracts/experiments.ts (the browser test checks they agree).
export const MIN_CELLS = 2;
export const MAX_CELLS = 5;
export const MIN_CELL_PERCENTAGE = 10;
/** Meta's ad study objective types (AD_STUDY_OBJECTIVES in shared/domain/experiment.ts). */
export const AD_STUDY_OBJECTIVES = [
  'SALES',
  'CONVERSIONS',
  'BRAND',
  'NONSALES',
  'MAE',
  'MAI',
  'TELCO',
  'FTL',
  'PARTNER',
];
/** The default span of a new experiment: Meta wants a start in the future. */
export const DEFAULT_DURATION_DAYS = 14;
const PAGE_SIZE = 10;
const MAX_PICKER_PAGES = 10;
const ENDED = new Set(['completed', 'cancelled']);
/** Each level's field in a cell and its mirror list. */
const LEVELS = {
  adset: { field: 'adSetIds', path: '/meta/adsets', label: 'ad sets' },
  campaign: { field: 'campaignIds', path: '/meta/campaigns', label: 'campaigns' },
};

let account;
/** The mirror's live objects of the account per level, as the cell pickers offer them. */
const choices = { adset: [], campaign: [] };

export async function setAccount(picked) {
  account = picked;
  $('experiments-tile').hidden = !account;
  if (!account) return;
  $('experiments-account').textContent = account.name ?? account.id;
  setDefaultTimes();
  await reloadExperiments();
}

export async function reloadExperiments() {
  if (!account) return;
  await Promise.all([loadChoices(), loadExperiments()]);
}

/** `YYYY-MM-DDTHH:MM` in the browser's time, what a datetime-local input holds. */
function localInputValue(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/** Start tomorrow at the next full hour, end 14 days after the start. */
function setDefaultTimes() {
  const start = new Date();
  start.setDate(start.getDate() + 1);
  start.setMinutes(0, 0, 0);
  start.setHours(start.getHours() + 1);
  const end = new Date(start);
  end.setDate(end.getDate() + DEFAULT_DURATION_DAYS);
  $('new-experiment-start').value = localInputValue(start);
  $('new-experiment-end').value = localInputValue(end);
}

async function loadChoices() {
  try {
    for (const level of Object.keys(LEVELS)) {
      const items = [];
      let cursor;
      for (let page = 0; page < MAX_PICKER_PAGES; page += 1) {
        const answer = await api(
          'GET',
          `${LEVELS[level].path}${query({ adAccountId: account.id, limit: 100, cursor })}`,
        );
        items.push(...answer.items);
        cursor = answer.nextCursor;
        if (!cursor) break;
      }
      choices[level] = items.filter((item) => item.status !== 'DELETED' && item.status !== 'ARCHIVED');
    }
  } catch (err) {
    showError('create-experiment', err, account.currency);
  }
  refreshCellPickers();
}

const level = () => $('new-experiment-level').value;

/** Every cell's picker offers the chosen level's objects; what was chosen stays chosen. */
function refreshCellPickers() {
  const { field, label } = LEVELS[level()];
  for (const [index, cell] of [...$('new-experiment-cells').children].entries()) {
    const select = cell.querySelector('.cell-objects');
    const chosen = new Set([...select.selectedOptions].map((option) => option.value));
    select.replaceChildren(
      ...choices[level()].map((object) =>
        el('option', `${object.name} (${object.id})`, { value: object.id, selected: chosen.has(object.id) }),
      ),
    );
    select.dataset.path = `cells.${index}.${field}`;
    cell.querySelector('.cell-objects-label').firstChild.textContent =
      `${label[0].toUpperCase()}${label.slice(1)} `;
  }
  $('new-experiment-no-objects').hidden = choices[level()].length > 0;
  $('new-experiment-no-objects').textContent =
    `No ${LEVELS[level()].label} in this ad account yet: make some under Campaigns, then Reload.`;
}

/** 100 split as evenly as whole percentages allow (34/33/33), the larger shares first. */
export function evenShares(count) {
  const base = Math.floor(100 / count);
  return Array.from({ length: count }, (_, index) => base + (index < 100 - base * count ? 1 : 0));
}

/** Inputs carry `data-path="cells.<i>.<field>"`, so a refusal naming a cell's field lands beside it. */
function renumberCells() {
  const cells = [...$('new-experiment-cells').children];
  const shares = evenShares(cells.length);
  cells.forEach((cell, index) => {
    cell.querySelector('.cell-name').dataset.path = `cells.${index}.name`;
    const percentage = cell.querySelector('.cell-percentage');
    percentage.dataset.path = `cells.${index}.treatmentPercentage`;
    // Shares the marketer has not typed follow the cell count; typed ones stay.
    if (!percentage.dataset.typed) percentage.value = String(shares[index]);
    if (!cell.querySelector('.cell-name').value)
      cell.querySelector('.cell-name').value = `Cell ${String.fromCharCode(65 + index)}`;
  });
  $('add-cell').disabled = cells.length >= MAX_CELLS;
  for (const button of $('new-experiment-cells').querySelectorAll('.remove-cell'))
    button.disabled = cells.length <= MIN_CELLS;
  refreshCellPickers();
}

function addCell() {
  const percentage = el('input', undefined, {
    className: 'cell-percentage',
    inputMode: 'numeric',
    autocomplete: 'off',
    oninput: () => {
      percentage.dataset.typed = 'true';
    },
  });
  const cell = el(
    'li',
    [
      el('label', ['Name ', el('input', undefined, { className: 'cell-name', autocomplete: 'off' })]),
      el('label', ['Share ', percentage, ' %']),
      el(
        'label',
        ['Ad sets ', el('select', undefined, { className: 'cell-objects', multiple: true, size: 4 })],
        {
          className: 'cell-objects-label',
        },
      ),
    ],
    { className: 'cell' },
  );
  cell.append(
    el('button', 'Remove cell', {
      type: 'button',
      className: 'remove-cell',
      onclick: () => {
        cell.remove();
        renumberCells();
      },
    }),
  );
  $('new-experiment-cells').append(cell);
  renumberCells();
}

/** The datetime-local value as ISO-8601 with its offset resolved (UTC), or what was typed. */
function isoTime(value) {
  const date = new Date(value);
  return value && !Number.isNaN(date.getTime()) ? date.toISOString() : value;
}

function experimentFromForm() {
  const { field } = LEVELS[level()];
  const objective = $('new-experiment-objective').value;
  return {
    name: $('new-experiment-name').value.trim(),
    ...(objective ? { objective } : {}),
    startTime: isoTime($('new-experiment-start').value),
    endTime: isoTime($('new-experiment-end').value),
    adAccountId: account.id,
    cells: [...$('new-experiment-cells').children].map((cell) => {
      const share = cell.querySelector('.cell-percentage').value.trim();
      return {
        name: cell.querySelector('.cell-name').value.trim(),
        // A number when it is one, else the text as typed: the API names the field either way.
        treatmentPercentage: /^\d+$/.test(share) ? Number(share) : share,
        [field]: [...cell.querySelector('.cell-objects').selectedOptions].map((option) => option.value),
      };
    }),
  };
}

function createExperiment() {
  clearFeedback('create-experiment');
  const mutation = newMutation('POST', '/meta/experiments', experimentFromForm());
  showRequest('create-experiment', mutation);
  return runMutation('create-experiment', mutation, {
    currency: account.currency,
    describe: ({ body }) =>
      `Created experiment "${body.name}": ${body.id} (Meta study ${body.metaStudyId}), ${body.status},` +
      ` ${body.cells.length} cells.`,
    onSuccess: () => loadExperiments(),
  });
}

const objectsOf = (cell) => cell.adSetIds ?? cell.campaignIds ?? [];

/** One row per cell: its share, objects and, when Insights has them, its results. */
function cellRows(experiment) {
  const results = new Map((experiment.results ?? []).map((result) => [result.cell, result]));
  return experiment.cells.map((cell) => {
    const result = results.get(cell.name);
    const currency = result?.currency ?? account?.currency;
    return el(
      'tr',
      [
        el('td', cell.name, { className: 'cell-name' }),
        el('td', `${cell.treatmentPercentage} %`, { className: 'cell-percentage' }),
        el('td', objectsOf(cell).join(', '), { className: 'cell-objects' }),
        el('td', result ? formatDecimal(result.spend, currency) : '—', {
          className: 'cell-spend',
          dataset: { value: result?.spend ?? '' },
        }),
        el('td', result ? String(result.conversions) : '—', { className: 'cell-conversions' }),
        el('td', result?.costPerConversion ? formatDecimal(result.costPerConversion, currency) : '—', {
          className: 'cell-cost-per-conversion',
        }),
      ],
      { className: 'cell', dataset: { cell: cell.name } },
    );
  });
}

function experimentItem(experiment) {
  const item = el('li', undefined, { id: `experiment-${experiment.id}`, className: 'experiment' });
  fillExperiment(item, experiment);
  return item;
}

function fillExperiment(item, experiment) {
  const cancel = el('button', 'Cancel', {
    type: 'button',
    className: 'cancel-experiment danger',
    hidden: ENDED.has(experiment.status),
    onclick: () => cancelExperiment(item, experiment),
  });
  item.replaceChildren(
    el(
      'div',
      [
        el('strong', experiment.name, { className: 'experiment-name' }),
        el('span', experiment.status, { className: `experiment-status badge ${experiment.status}` }),
        el('span', `${shortTime(experiment.startTime)} → ${shortTime(experiment.endTime)}`, {
          className: 'experiment-times',
        }),
        el('small', `${experiment.id} · Meta study ${experiment.metaStudyId} · ${experiment.level ?? ''}`, {
          className: 'experiment-ids',
        }),
        ...(experiment.cancelledAt
          ? [
              el('small', `cancelled ${shortTime(experiment.cancelledAt)}`, {
                className: 'experiment-cancelled',
              }),
            ]
          : []),
        cancel,
      ],
      { className: 'experiment-head' },
    ),
    el(
      'table',
      [
        el('thead', [
          el(
            'tr',
            ['Cell', 'Share', 'Objects', 'Spend', 'Conversions', 'Cost / conversion'].map((title) =>
              el('th', title),
            ),
          ),
        ]),
        el('tbody', cellRows(experiment)),
      ],
      { className: 'experiment-cells' },
    ),
  );
  item.dataset.status = experiment.status;
}

function cancelExperiment(item, experiment) {
  const mutation = newMutation('POST', `/meta/experiments/${experiment.id}/cancel`);
  return runMutation('experiments', mutation, {
    currency: account?.currency,
    describe: ({ body }) => `Experiment "${body.name}" is ${body.status}.`,
    onSuccess: ({ body }) => fillExperiment(item, body),
  });
}

/**
 * The list, newest first; an item the list gives without `results` is read on its own
 * (`GET /meta/experiments/{id}`: status from Meta, results from Insights).
 */
async function loadExperiments(cursor) {
  const list = $('experiments');
  clearFeedback('experiments');
  try {
    const page = await api(
      'GET',
      `/meta/experiments${query({ adAccountId: account.id, limit: PAGE_SIZE, cursor })}`,
    );
    const experiments = await Promise.all(
      page.items.map((experiment) =>
        experiment.results === undefined ? api('GET', `/meta/experiments/${experiment.id}`) : experiment,
      ),
    );
    const items = experiments.map(experimentItem);
    if (cursor) list.append(...items);
    else list.replaceChildren(...items);
    $('experiments-empty').hidden = list.children.length > 0;
    $('experiments-more').hidden = !page.nextCursor;
    $('experiments-more').onclick = () => loadExperiments(page.nextCursor);
  } catch (err) {
    if (!cursor) list.replaceChildren();
    showError('experiments', err, account.currency);
  }
}

export function setUpExperiments() {
  $('new-experiment-objective').replaceChildren(
    el('option', "— Meta's default —", { value: '' }),
    ...AD_STUDY_OBJECTIVES.map((objective) => el('option', objective, { value: objective })),
  );
  $('add-cell').onclick = addCell;
  $('new-experiment-level').onchange = () => renumberCells();
  $('create-experiment').onclick = createExperiment;
  $('experiments-reload').onclick = () => reloadExperiments();
  while ($('new-experiment-cells').children.length < MIN_CELLS) addCell();
}
