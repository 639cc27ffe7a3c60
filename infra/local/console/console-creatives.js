// The Creatives tile: the creative builder (image, video with an optional thumbnail,
// carousel of 2–10 cards) from this session's ready uploads or a brief, on one of the synced
// pages, and the list of the workspace's creatives. Uploads live in console-uploads.js,
// briefs in console-briefs.js.
import { $, api, el, newMutation, query, shortTime } from './console-api.js';
import { loadBriefs, setUpBriefs } from './console-briefs.js';
import { clearFeedback, runMutation, showError, showRequest } from './console-feedback.js';
import { readyUploads, setUpUploads, UPLOADS_CHANGED } from './console-uploads.js';

// A copy of CALL_TO_ACTION_TYPES and the carousel bounds in shared/contracts/creatives.ts
// (the browser test checks they agree).
export const CALL_TO_ACTION_TYPES = [
  'LEARN_MORE',
  'SHOP_NOW',
  'SIGN_UP',
  'SUBSCRIBE',
  'DOWNLOAD',
  'GET_OFFER',
  'BOOK_TRAVEL',
  'CONTACT_US',
  'APPLY_NOW',
  'ORDER_NOW',
  'WATCH_MORE',
  'NO_BUTTON',
];
export const MIN_CAROUSEL_CARDS = 2;
export const MAX_CAROUSEL_CARDS = 10;
const PAGE_SIZE = 25;

let account;

/** The picked ad account, or undefined: the tile works in it (uploads go to its Meta account). */
export async function setAccount(picked) {
  account = picked;
  $('creatives-tile').hidden = !account;
  if (account) await reloadCreatives();
}

export async function reloadCreatives() {
  if (!account) return;
  $('creatives-account').textContent = account.name ?? account.id;
  await Promise.all([loadPages(), loadCreatives(), loadBriefs()]);
}

/** Every "— choose —" option, then one option per item; the chosen value stays chosen. */
function fillOptions(select, items, label, empty) {
  const chosen = select.value;
  select.replaceChildren(
    ...(empty === undefined ? [] : [el('option', empty, { value: '' })]),
    ...items.map((item) => el('option', label(item), { value: item.id, selected: item.id === chosen })),
  );
}

function ctaOptions(select) {
  select.replaceChildren(
    el('option', '— none —', { value: '' }),
    ...CALL_TO_ACTION_TYPES.map((type) => el('option', type, { value: type })),
  );
}

async function loadPages() {
  const select = $('new-creative-page');
  try {
    const { items } = await api('GET', '/meta/assets/pages?limit=200');
    const live = items.filter((page) => page.status !== 'removed');
    fillOptions(select, live, (page) => `${page.name ?? page.id} (${page.id})`);
    $('new-creative-page-hint').hidden = live.length > 0;
  } catch (err) {
    select.replaceChildren();
    $('new-creative-page-hint').hidden = false;
    if (err.status !== 404) showError('create-creative', err);
  }
}

const uploadLabel = (upload) =>
  `${upload.fileName}${upload.width ? ` ${upload.width}×${upload.height}` : ''} (${upload.id})`;

/** The upload selects offer what is ready now, of the kind the format needs. */
function refreshUploadSelects() {
  const format = $('new-creative-format').value;
  fillOptions(
    $('new-creative-upload'),
    readyUploads(format === 'video' ? 'video' : 'image'),
    uploadLabel,
    '— from the brief —',
  );
  fillOptions($('new-creative-thumbnail'), readyUploads('image'), uploadLabel, "Meta's generated thumbnail");
  for (const select of $('new-creative-cards').querySelectorAll('select.card-upload'))
    fillOptions(select, [...readyUploads('image'), ...readyUploads('video')], uploadLabel, '— choose —');
}

/** Card inputs carry `data-path="cards.<i>.<field>"` so an error naming a card's field lands beside it. */
function renumberCards() {
  const cards = [...$('new-creative-cards').children];
  cards.forEach((card, index) => {
    card.querySelector('.card-upload').dataset.path = `cards.${index}.uploadId`;
    card.querySelector('.card-link').dataset.path = `cards.${index}.link`;
    card.querySelector('.card-headline').dataset.path = `cards.${index}.headline`;
  });
  $('add-card').disabled = cards.length >= MAX_CAROUSEL_CARDS;
}

function addCard() {
  const card = el(
    'li',
    [
      el('label', ['Upload ', el('select', undefined, { className: 'card-upload' })]),
      el('label', [
        'Link ',
        el('input', undefined, {
          className: 'card-link',
          placeholder: 'empty: the link below',
          autocomplete: 'off',
        }),
      ]),
      el('label', ['Headline ', el('input', undefined, { className: 'card-headline', autocomplete: 'off' })]),
    ],
    { className: 'card' },
  );
  card.append(
    el('button', 'Remove card', {
      type: 'button',
      className: 'remove-card',
      onclick: () => {
        card.remove();
        renumberCards();
      },
    }),
  );
  $('new-creative-cards').append(card);
  renumberCards();
  refreshUploadSelects();
}

function showFormat() {
  const format = $('new-creative-format').value;
  $('new-creative-upload-label').hidden = format === 'carousel';
  $('new-creative-thumbnail-label').hidden = format !== 'video';
  $('new-creative-cards-box').hidden = format !== 'carousel';
  if (format === 'carousel') while ($('new-creative-cards').children.length < MIN_CAROUSEL_CARDS) addCard();
  refreshUploadSelects();
}

const optional = (id) => {
  const value = $(id).value.trim();
  return value === '' ? undefined : value;
};

function creativeFromForm() {
  const format = $('new-creative-format').value;
  const link = optional('new-creative-link');
  const body = {
    name: $('new-creative-name').value.trim(),
    format,
    pageId: $('new-creative-page').value,
    message: optional('new-creative-message'),
    link,
    headline: optional('new-creative-headline'),
    callToAction: optional('new-creative-cta'),
    briefId: optional('new-creative-brief'),
  };
  if (format === 'carousel') {
    const cards = [...$('new-creative-cards').children].map((card) => {
      const headline = card.querySelector('.card-headline').value.trim();
      return {
        uploadId: card.querySelector('.card-upload').value,
        link: card.querySelector('.card-link').value.trim() || link || '',
        ...(headline ? { headline } : {}),
      };
    });
    // No cards and a brief: the brief's uploads become the cards.
    if (cards.length || !body.briefId) body.cards = cards;
  } else {
    body.uploadId = optional('new-creative-upload');
    if (format === 'video') body.thumbnailUploadId = optional('new-creative-thumbnail');
  }
  return body;
}

function createCreative() {
  clearFeedback('create-creative');
  const mutation = newMutation('POST', '/meta/creatives', creativeFromForm());
  showRequest('create-creative', mutation);
  return runMutation('create-creative', mutation, {
    describe: ({ body }) =>
      `Created ${body.format} creative "${body.name}": id ${body.id} on page ${body.pageId}` +
      ` (${body.uploadIds.length} upload${body.uploadIds.length === 1 ? '' : 's'}).`,
    onSuccess: () => loadCreatives(),
  });
}

async function loadCreatives(cursor) {
  const tbody = $('creatives').querySelector('tbody');
  clearFeedback('creatives');
  try {
    const page = await api('GET', `/meta/creatives${query({ limit: PAGE_SIZE, cursor })}`);
    const rows = page.items.map((creative) =>
      el(
        'tr',
        [
          el('td', creative.name, { className: 'name' }),
          el('td', creative.id, { className: 'creative-id' }),
          el('td', creative.format, { className: 'format' }),
          el('td', creative.pageId, { className: 'page' }),
          el('td', creative.uploadIds.join(', '), { className: 'uploads' }),
          el('td', shortTime(creative.createdAt), { className: 'created' }),
          el('td', [
            el('button', 'Use in an ad', {
              type: 'button',
              className: 'use-in-ad',
              title: 'Fill the creative id of the New ad form',
              onclick: () => {
                $('new-ad-creative').value = creative.id;
                $('new-ad-creative').scrollIntoView({ block: 'nearest' });
              },
            }),
          ]),
        ],
        { id: `creative-${creative.id}`, className: 'creative' },
      ),
    );
    if (cursor) tbody.append(...rows);
    else tbody.replaceChildren(...rows);
    $('creatives-more').hidden = !page.nextCursor;
    $('creatives-more').onclick = () => loadCreatives(page.nextCursor);
  } catch (err) {
    if (!cursor) tbody.replaceChildren();
    showError('creatives', err);
  }
}

export function setUpCreatives() {
  setUpUploads();
  setUpBriefs();
  ctaOptions($('new-creative-cta'));
  ctaOptions($('new-brief-cta'));
  $('new-creative-format').onchange = showFormat;
  $('add-card').onclick = addCard;
  $('create-creative').onclick = createCreative;
  $('creatives-reload').onclick = () => reloadCreatives();
  document.addEventListener(UPLOADS_CHANGED, refreshUploadSelects);
  showFormat();
}
