// What a form or list shows after a mutation: the result, or the error with its code and the
// fields it names, and a Retry that resends the same mutation under the same Idempotency-Key.
import { $, ApiError, el, isRetryable, sendMutation } from './console-api.js';
import { AmountError, readableAmount } from './console-money.js';

/** Fired on `document` after a mutation got a final answer (applied or refused: both are audited). */
export const MUTATION_ANSWERED = 'console:mutation-answered';

/**
 * The error as the marketer reads it: `code: message`, then one line per field
 * (`details[].path`), or cap/current/requested for `spend_cap_exceeded`.
 */
export function showError(base, err, currency) {
  const box = $(`${base}-error`);
  const code =
    err instanceof ApiError ? err.code : err instanceof AmountError ? 'invalid_amount' : 'no_answer';
  const lines = [];
  const details = err instanceof ApiError ? err.details : undefined;
  if (Array.isArray(details)) {
    for (const issue of details) {
      lines.push(
        el('li', [el('code', issue.path || '(body)'), el('span', ` ${issue.message ?? ''}`)], {
          dataset: { path: issue.path ?? '' },
        }),
      );
    }
  } else if (code === 'spend_cap_exceeded' && details) {
    const money = (value) => readableAmount(value, details.currency ?? currency);
    lines.push(
      el(
        'li',
        `cap ${money(details.cap)}, current ${money(details.current)}, requested ${money(details.requested)}`,
        { className: 'cap' },
      ),
    );
  } else if (typeof details?.field === 'string') {
    // A refusal naming one field of the request (e.g. upload_not_allowed: contentType).
    lines.push(el('li', [el('code', details.field)], { dataset: { path: details.field } }));
  } else if (details?.rule !== undefined) {
    lines.push(
      el('li', `rule: ${typeof details.rule === 'string' ? details.rule : JSON.stringify(details.rule)}`),
    );
  }
  box.replaceChildren(el('code', code, { className: 'error-code' }), el('span', ` ${err.message}`));
  if (lines.length) box.append(el('ul', lines, { className: 'error-fields' }));
  box.hidden = false;
  markFields(box, lines, err.message);
}

/**
 * Beside each input of the form that carries `data-path` equal to a named field, the
 * field's message (`span.field-error`), so the marketer sees which box to fix.
 */
const FIELD_WITH_PATH = (path) =>
  ['input', 'select', 'textarea', 'fieldset'].map((tag) => `${tag}[data-path="${path}"]`).join(', ');

function markFields(box, lines, fallback) {
  const scope = box.parentElement;
  for (const line of lines) {
    // `cards[1].link` and zod's `cards.1.link` name the same input.
    const path = line.dataset.path?.replace(/\[(\d+)\]/g, '.$1');
    const input = path ? scope?.querySelector(FIELD_WITH_PATH(CSS.escape(path))) : undefined;
    if (!input) continue;
    const message = line.querySelector('span')?.textContent?.trim() || fallback;
    input.after(el('span', message, { className: 'field-error', dataset: { for: path } }));
  }
}

export function clearFeedback(base) {
  const box = $(`${base}-error`);
  box.replaceChildren();
  box.hidden = true;
  for (const mark of box.parentElement?.querySelectorAll('.field-error') ?? []) mark.remove();
  const retry = $(`${base}-retry`);
  if (retry) retry.hidden = true;
}

/** Shows what goes on the wire in `#<base>-request`, and whether it is a dry run. */
export function showRequest(base, mutation, dryRun = false) {
  $(`${base}-request`).textContent =
    `${dryRun ? 'Dry run: ' : ''}${mutation.method} ${mutation.path}\n` +
    `Idempotency-Key: ${mutation.idempotencyKey}\n${mutation.body ? JSON.stringify(mutation.body, null, 2) : ''}`;
}

export function showResult(base, text) {
  const out = $(`${base}-result`);
  if (out) out.textContent = text;
}

/**
 * Sends the mutation and reports into `#<base>-error` / `#<base>-result`; `onSuccess(answer)`
 * runs on a 2xx. When no final answer came back, `#<base>-retry` appears; clicking it resends
 * this very mutation (same Idempotency-Key).
 */
export async function runMutation(base, mutation, options = {}) {
  const { currency, describe, onSuccess } = options;
  clearFeedback(base);
  showResult(base, `${mutation.method} ${mutation.path}…`);
  let answer;
  try {
    answer = await sendMutation(mutation);
  } catch (err) {
    showResult(base, '');
    showError(base, err, currency);
    const retry = $(`${base}-retry`);
    if (isRetryable(err)) {
      if (retry) {
        retry.hidden = false;
        retry.onclick = () => runMutation(base, mutation, options);
      }
    } else if (err instanceof ApiError) document.dispatchEvent(new CustomEvent(MUTATION_ANSWERED));
    return;
  }
  const replayed = answer.replayed ? ' (replayed)' : '';
  if (answer.status === 202 && answer.body?.status === 'pending_approval') {
    showResult(base, `Held for a user's approval (${answer.body.approvalId}).${replayed}`);
  } else {
    showResult(base, `${describe ? describe(answer) : `Done (${answer.status}).`}${replayed}`);
  }
  await onSuccess?.(answer);
  document.dispatchEvent(new CustomEvent(MUTATION_ANSWERED));
}
