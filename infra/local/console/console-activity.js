// Pending approvals (agent mutations held by an `approve` rule) and the audit trail.
import { $, ApiError, api, el, newMutation, query, shortTime } from './console-api.js';
import { reloadCampaigns } from './console-campaigns.js';
import { clearFeedback, runMutation, showError } from './console-feedback.js';

const PAGE_SIZE = 25;
const SUMMARY_LENGTH = 120;

/** A request body in one short line: what the agent asked for, at a glance. */
function summary(body) {
  if (body === undefined) return '';
  const text = JSON.stringify(body);
  return text.length > SUMMARY_LENGTH ? `${text.slice(0, SUMMARY_LENGTH - 1)}…` : text;
}

function approvalStatusText(approval) {
  if (approval.status !== 'approved' || !approval.result) return approval.status;
  const code = approval.result.body?.error?.code;
  return `approved → ${approval.result.status}${code ? ` ${code}` : ''}`;
}

function approvalRow(approval) {
  const statusCell = el('td', approvalStatusText(approval), { className: 'approval-status' });
  const buttons = el('td', undefined, { className: 'row-actions' });
  const decide = (decision) => {
    const mutation = newMutation('POST', `/meta/approvals/${approval.id}/${decision}`);
    return runMutation('approvals', mutation, {
      describe: ({ body }) =>
        body.status === 'approved'
          ? `Approved ${approval.id}: the ${approval.level} ${approval.action} ran and answered ${body.result.status}.`
          : `Rejected ${approval.id}: it will never run.`,
      onSuccess: async ({ body }) => {
        statusCell.textContent = approvalStatusText({ ...approval, ...body });
        buttons.replaceChildren();
        await Promise.all([reloadCampaigns(), loadAudit()]);
      },
    });
  };
  if (approval.status === 'pending_approval') {
    buttons.append(
      el('button', 'Approve', { type: 'button', className: 'approve', onclick: () => decide('approve') }),
      el('button', 'Reject', { type: 'button', className: 'reject danger', onclick: () => decide('reject') }),
    );
  }
  const who = approval.requestedBy;
  return el(
    'tr',
    [
      el('td', shortTime(approval.requestedAt)),
      el('td', `${who.actor} ${who.sub}`, { className: 'who' }),
      el('td', `${approval.level} ${approval.action}`),
      el('td', [
        el('code', `${approval.request.method} ${approval.request.path}`),
        el('div', summary(approval.request.body), { className: 'body-summary' }),
      ]),
      el('td', `${approval.rule.level}/${approval.rule.action} → ${approval.rule.effect}`),
      statusCell,
      buttons,
    ],
    { id: `approval-${approval.id}`, className: 'approval' },
  );
}

export async function loadApprovals(cursor) {
  const tbody = $('approvals').querySelector('tbody');
  if (!cursor) {
    tbody.replaceChildren();
    clearFeedback('approvals');
  }
  try {
    const page = await api(
      'GET',
      `/meta/approvals${query({ status: $('approvals-filter').value, limit: PAGE_SIZE, cursor })}`,
    );
    tbody.append(...page.items.map(approvalRow));
    $('approvals-empty').hidden = tbody.children.length > 0;
    $('approvals-more').hidden = !page.nextCursor;
    $('approvals-more').onclick = () => loadApprovals(page.nextCursor);
  } catch (err) {
    showError('approvals', err);
  }
}

function auditRow(entry) {
  const outcome = `${entry.outcome.status}${entry.outcome.code ? ` ${entry.outcome.code}` : ''}`;
  const meta = entry.outcome.meta?.title ?? entry.outcome.meta?.message;
  return el(
    'tr',
    [
      el('td', shortTime(entry.at), { className: 'at' }),
      el('td', `${entry.actor.kind} ${entry.actor.sub}`, { className: 'actor' }),
      el('td', `${entry.action}${entry.request.dryRun ? ' (dry run)' : ''}`, { className: 'action' }),
      el('td', entry.level, { className: 'level' }),
      el('td', entry.objectId ?? '—', { className: 'object' }),
      el('td', meta ? `${outcome} · Meta: ${meta}` : outcome, { className: 'outcome' }),
      el('td', entry.approvalId ?? '', { className: 'approval-id' }),
    ],
    { className: 'audit-entry', dataset: { id: entry.id } },
  );
}

/** The trail, newest first (the API's order). */
/** Each first-page read counts up: an older read answering late does not overwrite a newer one. */
let auditReads = 0;

export async function loadAudit(cursor) {
  const tbody = $('audit').querySelector('tbody');
  const read = cursor ? auditReads : ++auditReads;
  try {
    const page = await api('GET', `/meta/audit${query({ limit: PAGE_SIZE, cursor })}`);
    if (read !== auditReads) return;
    if (!cursor) tbody.replaceChildren();
    tbody.append(...page.items.map(auditRow));
    $('audit-more').hidden = !page.nextCursor;
    $('audit-more').onclick = () => loadAudit(page.nextCursor);
    $('audit-status').textContent = tbody.children.length ? '' : 'No mutations yet.';
  } catch (err) {
    $('audit-status').textContent =
      `Could not read the audit trail: ${err instanceof ApiError ? err.code : ''} ${err.message}`;
  }
}

export function setUpActivity() {
  $('approvals-refresh').onclick = () => loadApprovals();
  $('approvals-filter').onchange = () => loadApprovals();
  $('audit-refresh').onclick = () => loadAudit();
}
