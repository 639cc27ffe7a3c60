// The upload area: each chosen file is announced to the API (which checks kind, type,
// extension and size before it signs anything), sent from the browser straight to the staging
// bucket with the presigned POST (XMLHttpRequest, for its upload progress), then followed
// while the backend checks the bytes and sends them on to Meta. Ready uploads are offered to
// the creative builder and the brief form (the API has no upload list: this session's only).
import { $, ApiError, api, el, isRetryable, NetworkError, newMutation, sendMutation } from './console-api.js';
import { clearFeedback, showError } from './console-feedback.js';

const POLL_MS = 700;
const CONTENT_TYPES = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
};
const FINAL = new Set(['ready', 'rejected']);

/** Fired on `document` when an upload changed status: `detail` is every upload by id. */
export const UPLOADS_CHANGED = 'console:uploads-changed';

/** This session's uploads by id, as last read (`GET /meta/creatives/uploads/{id}`). */
export const uploads = new Map();

export function readyUploads(kind) {
  return [...uploads.values()].filter((u) => u.status === 'ready' && (!kind || u.kind === kind));
}

/** The browser's type for the file, else the one its extension names (some systems give none). */
function contentTypeOf(file) {
  if (file.type) return file.type;
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}

/** A video by its type; anything else is announced as an image and the API says if it is not one. */
const kindOf = (contentType) => (contentType.startsWith('video/') ? 'video' : 'image');

export function readableBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

let rowCount = 0;

/** `li.upload` with its two bars: to storage (the browser's POST) and to Meta (the ingest). */
function uploadRow(file, kind) {
  const bar = (className) => el('progress', undefined, { className, max: Math.max(file.size, 1), value: 0 });
  const parts = {
    toStorage: bar('to-storage'),
    toStorageText: el('span', '', { className: 'to-storage-text' }),
    toMeta: bar('to-meta'),
    toMetaText: el('span', '', { className: 'to-meta-text' }),
    status: el('span', 'announcing', { className: 'upload-status badge' }),
    detail: el('span', '', { className: 'upload-detail' }),
    retry: el('button', 'Retry', { type: 'button', className: 'retry', hidden: true }),
  };
  rowCount += 1;
  const row = el(
    'li',
    [
      el('span', [
        el('strong', file.name, { className: 'file-name' }),
        el('small', ` ${kind}, ${readableBytes(file.size)}`),
      ]),
      el('span', [parts.toStorage, parts.toStorageText]),
      el('span', [parts.toMeta, parts.toMetaText]),
      parts.status,
      el('span', [parts.detail, parts.retry]),
    ],
    { id: `upload-new-${rowCount}`, className: 'upload', dataset: { kind, fileName: file.name } },
  );
  return { row, ...parts };
}

function setStatus(view, status, detail = '') {
  view.status.textContent = status;
  view.status.className = `upload-status badge ${status}`;
  view.detail.textContent = detail;
}

function offerRetry(view, again) {
  view.retry.hidden = false;
  view.retry.onclick = () => {
    view.retry.hidden = true;
    void again();
  };
}

/** Announce → send → follow, for one file. */
async function startUpload(file) {
  const contentType = contentTypeOf(file);
  const kind = kindOf(contentType);
  const view = uploadRow(file, kind);
  $('uploads').append(view.row);
  $('uploads-empty').hidden = true;
  const mutation = newMutation('POST', '/meta/creatives/uploads', {
    kind,
    fileName: file.name,
    contentType,
    size: file.size,
  });
  await announce(file, view, mutation);
}

async function announce(file, view, mutation) {
  setStatus(view, 'announcing');
  let created;
  try {
    created = (await sendMutation(mutation)).body;
  } catch (err) {
    // The refusal goes next to the file input, naming the field; the row keeps it too.
    showError('upload', err);
    $('upload-error').prepend(el('strong', `${file.name}: `));
    setStatus(view, 'refused', err.message);
    view.toStorage.value = 0;
    if (isRetryable(err)) offerRetry(view, () => announce(file, view, mutation));
    return;
  }
  view.row.id = `upload-${created.id}`;
  view.row.dataset.uploadId = created.id;
  await send(file, view, created);
}

async function send(file, view, created) {
  setStatus(view, 'sending', `until ${created.expiresAt.replace('T', ' ').slice(0, 16)}`);
  try {
    await postToStorage(created.upload, file, (loaded, total) => {
      view.toStorage.max = Math.max(total, 1);
      view.toStorage.value = loaded;
      view.toStorageText.textContent = `${Math.floor((100 * loaded) / Math.max(total, 1))}%`;
    });
  } catch (err) {
    // The presigned POST stays valid until expiresAt: sending again is safe.
    setStatus(view, 'not sent', err.message);
    offerRetry(view, () => send(file, view, created));
    return;
  }
  view.toStorage.value = view.toStorage.max;
  view.toStorageText.textContent = '100%';
  await follow(created.id, view);
}

/**
 * The presigned POST: every field first, the file last as `file` (S3 ignores what follows
 * the file). Resolves on a 2xx; the bucket answers 204 with no body.
 */
function postToStorage(upload, file, onProgress) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
    form.append('file', file);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', upload.url);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.min(event.loaded, file.size), file.size);
    };
    xhr.onload = () =>
      xhr.status >= 200 && xhr.status < 300
        ? resolve()
        : reject(new Error(`storage answered ${xhr.status}${storageCode(xhr.responseText)}`));
    xhr.onerror = () => reject(new Error('the connection to storage dropped'));
    xhr.ontimeout = () => reject(new Error('storage did not answer in time'));
    xhr.send(form);
  });
}

/** S3's XML error code, e.g. " (EntityTooLarge)". */
function storageCode(text) {
  const code = /<Code>([^<]+)<\/Code>/.exec(text ?? '')?.[1];
  return code ? ` (${code})` : '';
}

/** Polls the upload until it is ready or rejected; a lost answer or a 5xx is polled again. */
async function follow(id, view) {
  let last;
  for (;;) {
    let upload;
    try {
      upload = await api('GET', `/meta/creatives/uploads/${id}`);
    } catch (err) {
      if (err instanceof NetworkError || (err instanceof ApiError && isRetryable(err))) {
        view.detail.textContent = `checking again (${err.message})`;
        await sleep(POLL_MS * 2);
        continue;
      }
      setStatus(view, 'unknown', err.message);
      offerRetry(view, () => follow(id, view));
      return;
    }
    showUpload(view, upload);
    uploads.set(id, upload);
    if (upload.status !== last) {
      last = upload.status;
      document.dispatchEvent(new CustomEvent(UPLOADS_CHANGED, { detail: uploads }));
    }
    if (FINAL.has(upload.status)) return;
    await sleep(POLL_MS);
  }
}

function showUpload(view, upload) {
  const bar = view.toMeta;
  bar.max = Math.max(upload.bytes, 1);
  if (upload.status === 'ready') {
    bar.value = bar.max;
    view.toMetaText.textContent = '100%';
  } else if (upload.status === 'uploading' && upload.sentBytes !== undefined) {
    bar.value = upload.sentBytes;
    view.toMetaText.textContent = `${readableBytes(upload.sentBytes)} / ${readableBytes(upload.bytes)}`;
  } else if (upload.status === 'uploading') {
    bar.removeAttribute('value'); // an image goes in one request: no partial count
    view.toMetaText.textContent = '';
  } else {
    bar.value = 0;
  }
  const detail =
    upload.status === 'ready'
      ? [
          upload.imageHash ? `hash ${upload.imageHash}` : undefined,
          upload.videoId ? `video ${upload.videoId}` : undefined,
          upload.width && upload.height ? `${upload.width}×${upload.height}` : undefined,
        ]
          .filter(Boolean)
          .join(' · ')
      : upload.status === 'rejected'
        ? (upload.reason ?? 'rejected')
        : '';
  setStatus(view, upload.status, detail);
  view.detail.title = upload.id;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function setUpUploads() {
  const input = $('upload-file');
  $('upload-start').disabled = true;
  input.onchange = () => {
    $('upload-start').disabled = !input.files?.length;
  };
  $('upload-start').onclick = () => {
    const files = [...(input.files ?? [])];
    clearFeedback('upload');
    input.value = '';
    $('upload-start').disabled = true;
    return Promise.all(files.map((file) => startUpload(file)));
  };
}
