// Creative briefs (/creative-briefs): a small form to write one from this session's ready
// uploads, and the list with "Use this brief" (fills the builder's brief id) and Delete.
import { $, api, el, newMutation, query } from './console-api.js';
import { clearFeedback, runMutation, showError } from './console-feedback.js';
import { readyUploads, UPLOADS_CHANGED } from './console-uploads.js';

const PAGE_SIZE = 25;

const optional = (id) => {
  const value = $(id).value.trim();
  return value === '' ? undefined : value;
};

/** One checkbox per ready upload; ticked ones stay ticked. */
function refreshUploadBoxes() {
  const box = $('new-brief-uploads');
  const ticked = new Set([...box.querySelectorAll('input:checked')].map((input) => input.value));
  box.replaceChildren(
    el('legend', 'Uploads (ready ones of this session)'),
    ...readyUploads().map((upload) =>
      el('label', [
        el('input', undefined, { type: 'checkbox', value: upload.id, checked: ticked.has(upload.id) }),
        ` ${upload.fileName} (${upload.kind}, ${upload.id})`,
      ]),
    ),
  );
}

function briefFromForm() {
  return {
    title: $('new-brief-title').value.trim(),
    message: optional('new-brief-message'),
    headline: optional('new-brief-headline'),
    link: optional('new-brief-link'),
    callToAction: optional('new-brief-cta'),
    uploadIds: [...$('new-brief-uploads').querySelectorAll('input:checked')].map((input) => input.value),
  };
}

function createBrief() {
  return runMutation('create-brief', newMutation('POST', '/creative-briefs', briefFromForm()), {
    describe: ({ body }) =>
      `Created brief "${body.title}" (${body.id}) with ${body.uploadIds.length} upload(s).`,
    onSuccess: () => loadBriefs(),
  });
}

function useBrief(brief) {
  $('new-creative-brief').value = brief.id;
  if (!$('new-creative-name').value.trim()) $('new-creative-name').value = brief.title;
  $('briefs-result').textContent = `The builder uses brief "${brief.title}" (${brief.id}).`;
  $('new-creative-brief').scrollIntoView({ block: 'nearest' });
}

/** Delete asks twice, as on the campaign rows. */
function deleteButton(brief) {
  const button = el('button', 'Delete', { type: 'button', className: 'delete-brief danger' });
  button.onclick = () => {
    if (button.dataset.armed !== 'true') {
      button.dataset.armed = 'true';
      button.textContent = 'Really delete?';
      return;
    }
    return runMutation('briefs', newMutation('DELETE', `/creative-briefs/${brief.id}`), {
      describe: () => `Deleted brief "${brief.title}" (creatives made from it stay).`,
      onSuccess: () => loadBriefs(),
    });
  };
  return button;
}

export async function loadBriefs(cursor) {
  const tbody = $('briefs').querySelector('tbody');
  try {
    const page = await api('GET', `/creative-briefs${query({ limit: PAGE_SIZE, cursor })}`);
    const rows = page.items.map((brief) =>
      el(
        'tr',
        [
          el('td', brief.title, { className: 'title' }),
          el('td', brief.id, { className: 'brief-id' }),
          el('td', brief.uploadIds.join(', ') || '—', { className: 'brief-uploads' }),
          el('td', brief.link ?? '', { className: 'link' }),
          el('td', [
            el('button', 'Use this brief', {
              type: 'button',
              className: 'use-brief',
              onclick: () => useBrief(brief),
            }),
            deleteButton(brief),
          ]),
        ],
        { id: `brief-${brief.id}`, className: 'brief' },
      ),
    );
    if (cursor) tbody.append(...rows);
    else tbody.replaceChildren(...rows);
    $('briefs-more').hidden = !page.nextCursor;
    $('briefs-more').onclick = () => loadBriefs(page.nextCursor);
  } catch (err) {
    if (!cursor) tbody.replaceChildren();
    showError('briefs', err);
  }
}

export function setUpBriefs() {
  $('create-brief').onclick = () => {
    clearFeedback('create-brief');
    return createBrief();
  };
  document.addEventListener(UPLOADS_CHANGED, refreshUploadBoxes);
  refreshUploadBoxes();
}
