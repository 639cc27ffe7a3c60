// The local dev console: plain DOM + fetch against the same API the dashboard uses.
// A module per area: console-api.js (requests, Idempotency-Key), console-feedback.js (errors,
// Retry), console-money.js (major ↔ minor units), console-campaigns.js (the tree),
// console-campaign-forms.js, console-controls.js, console-activity.js (approvals, audit),
// console-creatives.js (builder, list) with console-uploads.js and console-briefs.js,
// console-insights.js (the chart: console-insights-chart.js, Chart.js from node_modules) and
// console-experiments.js (A/B split tests).
//
// Element ids the browser tests rely on (keep them stable):
//   Meta Ads tile   #status #banner #details #connect #disconnect #picker #ad-account #pick
//   Assets          #sync-tile #sync #sync-status #asset-tabs #assets   Notifications #notifications
//   Campaigns       #campaigns-tile #campaigns (the tree) #campaign-list #campaigns-more #show-deleted
//                   #campaigns-account #campaigns-reload #campaigns-error #campaigns-retry #campaigns-result
//     a row         li#campaign-<id> / li#adset-<id> / li#ad-<id>, its .row holds .toggle .name
//                   .status .effective-status .budget and buttons .pause .resume .edit-budget
//                   .add-child .delete (click twice); children in ul.children, then button.more
//   New campaign    #new-campaign-name #new-campaign-objective #new-campaign-categories (checkboxes)
//                   #new-campaign-status #new-campaign-daily-budget #new-campaign-currency
//                   #new-campaign-dry-run #create-campaign
//   New ad set      #new-adset-campaign #new-adset-name #new-adset-billing-event
//                   #new-adset-optimization-goal #new-adset-countries #new-adset-daily-budget
//                   #new-adset-budget-hint #new-adset-dry-run #create-adset
//   New ad          #new-ad-adset #new-ad-name #new-ad-creative #new-ad-dry-run #create-ad
//   Edit budget     #budget-form #edit-budget-target #edit-budget-field #edit-budget-amount
//                   #edit-budget-dry-run #save-budget
//   every form <f>  #<f>-error (.error-code, ul.error-fields li[data-path], li.cap) #<f>-retry
//                   #<f>-result #<f>-request (what was sent), f = create-campaign | create-adset |
//                   create-ad | save-budget
//   Controls        #controls-tile #controls-currency #controls-ad-account-daily
//                   #controls-campaign-daily #controls-campaign-lifetime #controls-matrix
//                   (select #matrix-<level>-<action>, input #matrix-<level>-<action>-pct for
//                   create/budget) #controls-auto-pause #controls-save #controls-updated
//                   #controls-error #controls-retry #controls-result
//   Approvals       #approvals (tbody tr#approval-<id>: .who .approval-status button.approve
//                   button.reject) #approvals-filter #approvals-refresh #approvals-more
//                   #approvals-empty #approvals-error #approvals-result
//   Audit           #audit (tbody tr.audit-entry: .at .actor .action .level .object .outcome
//                   .approval-id) #audit-refresh #audit-more #audit-status
//   Creatives       #creatives-tile #creatives-account #creatives-reload
//     uploads       #upload-file #upload-start #upload-error (next to the input) #uploads-empty
//                   #uploads > li.upload#upload-<id> (data-upload-id, data-kind): .file-name
//                   progress.to-storage .to-storage-text progress.to-meta .to-meta-text
//                   .upload-status (announcing, refused, sending, not sent, pending, validating,
//                   uploading, ready, rejected) .upload-detail (hash, video id, W×H or reason)
//     builder       #new-creative-name #new-creative-format #new-creative-upload
//                   #new-creative-thumbnail #new-creative-cards (li.card: select.card-upload
//                   input.card-link input.card-headline button.remove-card) #add-card
//                   #new-creative-page #new-creative-message #new-creative-link
//                   #new-creative-headline #new-creative-cta #new-creative-brief #create-creative;
//                   f = create-creative; a field an error names gets span.field-error[data-for]
//     creatives     #creatives (tbody tr.creative#creative-<id>: .name .creative-id .format .page
//                   .uploads button.use-in-ad) #creatives-more #creatives-error
//     briefs        #new-brief-title #new-brief-message #new-brief-headline #new-brief-link
//                   #new-brief-cta #new-brief-uploads (checkboxes) #create-brief, f = create-brief;
//                   #briefs (tbody tr.brief#brief-<id>: .title .brief-id .brief-uploads
//                   button.use-brief button.delete-brief) #briefs-more #briefs-error #briefs-result
//   Insights        #insights-tile #insights-account #insights-campaign #insights-from #insights-to
//                   #insights-show #insights-refresh #insights-error (f = insights) #insights-result
//                   #insights-job (#insights-job-status .badge, progress#insights-progress,
//                   #insights-job-text, #insights-job-errors; data-job-id) canvas#insights-chart
//                   (Chart.getChart: labels = days, datasets[0] spend strings, [1] conversions)
//                   #insights-summary (data-spend, data-conversions) #insights-empty
//   Experiments     #experiments-tile #experiments-reload #new-experiment-name #new-experiment-start
//                   #new-experiment-end #new-experiment-level #new-experiment-cells (li.cell:
//                   input.cell-name input.cell-percentage select.cell-objects button.remove-cell)
//                   #add-cell #create-experiment, f = create-experiment; #experiments >
//                   li.experiment#experiment-<id> (data-status): .experiment-name .experiment-status
//                   .experiment-times button.cancel-experiment, tr.cell[data-cell]: .cell-name
//                   .cell-percentage .cell-objects .cell-spend .cell-conversions
//                   .cell-cost-per-conversion; #experiments-more #experiments-empty, f = experiments
import { loadApprovals, loadAudit, setUpActivity } from './console-activity.js';
import { $, api } from './console-api.js';
import { setUpCampaignForms } from './console-campaign-forms.js';
import * as campaigns from './console-campaigns.js';
import * as controls from './console-controls.js';
import * as creatives from './console-creatives.js';
import * as experiments from './console-experiments.js';
import { MUTATION_ANSWERED } from './console-feedback.js';
import * as insights from './console-insights.js';

let assetType = 'ad-accounts';
/** The picked ad account as `{id, name, currency, timezoneName}`: what the campaign area works in. */
let pickedAccount;

function banner(text, isError = false) {
  $('banner').textContent = text;
  $('banner').className = isError ? 'error' : '';
}

function text(tag, value) {
  const el = document.createElement(tag);
  el.textContent = value;
  return el;
}

async function loadConnection() {
  const c = await api('GET', '/integrations/meta');
  $('status').textContent = c.status.replace('_', ' ');
  $('status').className = `badge ${c.status}`;
  const details = $('details');
  details.replaceChildren();
  const rows = [
    ['Ad account', c.adAccountId ?? '— not picked —'],
    ['Scopes', (c.scopes ?? []).join(', ') || '—'],
    [
      'Tokens',
      (c.tokens ?? [])
        .map(
          (t) =>
            `${t.label ?? t.kind} (${t.kind}${t.expiresAt ? `, expires ${t.expiresAt.slice(0, 10)}` : ''})`,
        )
        .join('; ') || '—',
    ],
    ['Last sync', c.lastSync ? `${c.lastSync.status} ${c.lastSync.finishedAt ?? ''}` : '—'],
    ...(c.nextSync
      ? [['Next sync', `after ${c.nextSync.after} ends (a token was added; it reads the new token)`]]
      : []),
  ];
  if (c.status === 'disconnected') rows.length = 0;
  for (const [k, v] of rows) details.append(text('dt', k), text('dd', v));
  $('connect').textContent = c.status === 'connected' ? 'Reconnect' : 'Connect';
  $('disconnect').disabled = c.status === 'disconnected';
  $('picker').hidden = c.status === 'disconnected';
  $('sync-tile').hidden = c.status === 'disconnected';
  const accounts = c.status !== 'disconnected' ? await loadAdAccounts(c.adAccountId) : [];
  if (c.status !== 'disconnected') await loadAssets();
  const pickedId = c.status === 'disconnected' ? undefined : c.adAccountId;
  const picked = pickedId
    ? (accounts.find((a) => a.id === pickedId) ?? (await syncedAdAccount(pickedId)) ?? { id: pickedId })
    : undefined;
  await useAccount(picked);
  return c;
}

/**
 * An ad account picked through the API from a Business Manager's (not among the login's own
 * that the picker lists): its currency and time zone from the synced assets.
 */
async function syncedAdAccount(id) {
  try {
    const { items } = await api('GET', '/meta/assets/ad-accounts?limit=200');
    const asset = items.find((a) => a.id === id);
    return asset && { id, name: asset.name, currency: asset.currency, timezoneName: asset.timezone };
  } catch {
    return undefined;
  }
}

/** The campaign area follows the picked ad account (hidden while none is picked). */
async function useAccount(account) {
  if (account?.id === pickedAccount?.id && account?.currency === pickedAccount?.currency) return;
  pickedAccount = account && {
    id: account.id,
    name: account.name,
    currency: account.currency,
    timezoneName: account.timezoneName,
  };
  $('activity-tile').hidden = !pickedAccount;
  if (pickedAccount && !pickedAccount.currency)
    banner(`Meta gave no currency for ${pickedAccount.id}: budgets cannot be converted.`, true);
  $('new-campaign-currency').textContent = pickedAccount?.currency ?? '';
  await Promise.all([
    campaigns.setAccount(pickedAccount),
    controls.setAccount(pickedAccount),
    creatives.setAccount(pickedAccount),
    insights.setAccount(pickedAccount),
    experiments.setAccount(pickedAccount),
  ]);
  if (pickedAccount) await Promise.all([loadApprovals(), loadAudit()]);
}

async function loadAdAccounts(picked) {
  const select = $('ad-account');
  try {
    const { items } = await api('GET', '/integrations/meta/ad-accounts');
    select.replaceChildren(
      ...items.map((a) => {
        const o = text('option', `${a.name} (${a.id}, ${a.currency ?? ''})`);
        o.value = a.id;
        o.selected = a.id === picked;
        return o;
      }),
    );
    return items;
  } catch (err) {
    banner(`Could not list ad accounts: ${err.message}`, true);
    return [];
  }
}

async function loadAssets() {
  const tbody = $('assets').querySelector('tbody');
  try {
    const { items } = await api('GET', `/meta/assets/${assetType}?limit=200`);
    tbody.replaceChildren(
      ...items.map((a) => {
        const tr = document.createElement('tr');
        tr.append(
          text('td', a.name ?? ''),
          text('td', a.id),
          text('td', a.ownership),
          text('td', a.businessId ?? ''),
          text('td', (a.tokenIds ?? []).join(', ')),
          text('td', a.status),
        );
        return tr;
      }),
    );
  } catch (err) {
    tbody.replaceChildren();
    if (err.status !== 404) $('sync-status').textContent = `Could not list assets: ${err.message}`;
  }
}

async function loadNotifications() {
  try {
    const { items } = await api('GET', '/notifications?limit=20');
    $('notifications').replaceChildren(
      ...items.map((n) => {
        const li = document.createElement('li');
        li.append(
          text('time', n.at.replace('T', ' ').slice(0, 19)),
          text('strong', `${n.title} `),
          text('span', n.message),
        );
        return li;
      }),
    );
  } catch {
    // The list stays as it was; the next refresh tries again.
  }
}

async function pollSync(syncRunId) {
  for (;;) {
    const run = await api('GET', `/meta/sync/${syncRunId}`);
    const c = run.counts ?? {};
    $('sync-status').textContent =
      `Sync ${run.status}: tasks ${run.tasks.succeeded + run.tasks.failed}/${run.tasks.total}` +
      ` · found ${c.found ?? 0}, added ${c.added ?? 0}, updated ${c.updated ?? 0}, removed ${c.removed ?? 0}` +
      (run.status === 'running' ? '' : ` · cleanup ${run.cleanup}`);
    if (run.status !== 'running') break;
    await new Promise((r) => setTimeout(r, 500));
  }
  // A sync may have found pages: the creative builder offers them.
  await Promise.all([loadAssets(), loadNotifications(), loadConnection(), creatives.reloadCreatives()]);
}

$('connect').addEventListener('click', async () => {
  try {
    const { authorizeUrl } = await api('POST', '/integrations/meta/connect');
    window.location.assign(authorizeUrl);
  } catch (err) {
    banner(`Could not start the connection: ${err.message}`, true);
  }
});

$('disconnect').addEventListener('click', async () => {
  try {
    await api('DELETE', '/integrations/meta');
    banner('Disconnected. Campaigns on Meta keep running; synced history stays.');
    await Promise.all([loadConnection(), loadNotifications()]);
  } catch (err) {
    banner(`Could not disconnect: ${err.message}`, true);
  }
});

$('pick').addEventListener('click', async () => {
  try {
    await api('PUT', '/integrations/meta/ad-account', { adAccountId: $('ad-account').value });
    banner(`Using ad account ${$('ad-account').value}.`);
    await loadConnection();
  } catch (err) {
    banner(`Could not pick the ad account: ${err.message}`, true);
  }
});

$('sync').addEventListener('click', async () => {
  try {
    const { syncRunId } = await api('POST', '/meta/sync', {});
    $('sync-status').textContent = 'Sync started…';
    await pollSync(syncRunId);
  } catch (err) {
    $('sync-status').textContent = `Could not sync: ${err.message}`;
  }
});

for (const b of document.querySelectorAll('#asset-tabs button')) {
  b.addEventListener('click', () => {
    assetType = b.dataset.type;
    for (const x of document.querySelectorAll('#asset-tabs button')) x.classList.toggle('active', x === b);
    void loadAssets();
  });
}

// Back from Meta's login: the callback held the login; confirm it as this signed-in user
// (only the user who started it can), then drop the one-time completion from the address bar.
async function confirmLogin(completion) {
  try {
    await api('POST', '/integrations/meta/confirm', { completion });
    window.history.replaceState(null, '', `${window.location.pathname}?status=connected`);
    banner('Connected to Meta. Pick the ad account to use below.');
  } catch (err) {
    window.history.replaceState(null, '', window.location.pathname);
    banner(`The connection failed: ${err.body?.error?.code ?? err.message}.`, true);
  }
}

const params = new URLSearchParams(window.location.search);
if (params.get('status') === 'connected') banner('Connected to Meta. Pick the ad account to use below.');
if (params.get('status') === 'error')
  banner(`The connection failed: ${params.get('reason') ?? 'unknown reason'}.`, true);
$('whoami').textContent = 'dev-user of dev-workspace';
setUpCampaignForms();
controls.setUpControls();
creatives.setUpCreatives();
insights.setUpInsights();
experiments.setUpExperiments();
setUpActivity();
$('campaigns-reload').onclick = () => campaigns.reloadCampaigns();
$('show-deleted').onchange = () => campaigns.reloadCampaigns();
document.addEventListener(MUTATION_ANSWERED, () => void loadAudit());
const landing =
  params.get('status') === 'confirm' ? confirmLogin(params.get('completion') ?? '') : Promise.resolve();
landing
  .then(() => loadConnection())
  .catch((err) => banner(`Could not load the connection: ${err.message}`, true));
void loadNotifications();
