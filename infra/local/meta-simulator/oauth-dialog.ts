import { randomBytes } from 'node:crypto';
import { htmlResponse, redirectResponse, type SimResponse } from './sim-response';
import type { GraphCall, SimulatorCore } from './simulator-core';
import { USER_SCOPES } from './world';

const CODE_LIFETIME_MS = 10 * 60_000;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function errorPage(title: string, detail: string): SimResponse {
  return htmlResponse(
    400,
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
      `<body><h1 id="error-title">${escapeHtml(title)}</h1><p id="error-detail">${escapeHtml(detail)}</p></body></html>`,
  );
}

/** Requested scopes (comma- or space-separated); without any, what the app's login config grants. */
function requestedScopes(scope: string | null): string[] {
  const scopes = (scope ?? '').split(/[\s,]+/).filter(Boolean);
  const granted = scopes.length > 0 ? scopes : USER_SCOPES;
  return [...new Set(['public_profile', ...granted])];
}

function validRedirect(redirectUri: string | null): URL | undefined {
  if (!redirectUri) return undefined;
  try {
    const url = new URL(redirectUri);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The dialog's own checks, shared by the page and the decision. */
function checkDialogRequest(core: SimulatorCore, params: URLSearchParams): SimResponse | URL {
  if (params.get('client_id') !== core.app.appId) {
    return errorPage('Invalid App ID', 'The provided app ID does not look like a valid app ID.');
  }
  const redirect = validRedirect(params.get('redirect_uri'));
  if (!redirect) {
    return errorPage(
      'URL blocked',
      "This redirect failed because the redirect URI is not whitelisted in the app's Client OAuth Settings.",
    );
  }
  const responseType = params.get('response_type') ?? 'code';
  if (responseType !== 'code')
    return errorPage('Unsupported response_type', 'Only response_type=code is simulated.');
  return redirect;
}

/**
 * `GET /{v}/dialog/oauth`: the login dialog, as a small page a browser test can click
 * (`#continue`, `#cancel`, and `#user` to pick who logs in).
 */
export function renderLoginDialog(core: SimulatorCore, call: GraphCall): SimResponse {
  const checked = checkDialogRequest(core, call.params);
  if (!(checked instanceof URL)) return checked;
  const people = core.world.people.values().flatMap((id) => core.world.users.get(id) ?? []);
  if (people.length === 0) return errorPage('No user', 'The simulator has no user to log in.');
  const hidden = ['client_id', 'redirect_uri', 'state', 'scope', 'response_type', 'config_id']
    .flatMap((name) => {
      const value = call.params.get(name);
      return value === null ? [] : [`<input type="hidden" name="${name}" value="${escapeHtml(value)}">`];
    })
    .join('');
  const options = people
    .map((user) => `<option value="${escapeHtml(user.id)}">${escapeHtml(user.name)}</option>`)
    .join('');
  const scopes = requestedScopes(call.params.get('scope')).map(escapeHtml).join(', ');
  return htmlResponse(
    200,
    `<!doctype html><html><head><meta charset="utf-8"><title>Log in with Facebook (simulated)</title></head><body>
<h1>${escapeHtml(core.app.name)} is requesting access</h1>
<p id="scopes">Permissions: ${scopes}</p>
<form method="post" action="/${call.version}/dialog/oauth/decision">${hidden}
<label for="user">Continue as</label> <select id="user" name="user_id">${options}</select>
<button id="continue" type="submit" name="decision" value="continue">Continue</button>
<button id="cancel" type="submit" name="decision" value="cancel">Cancel</button>
</form></body></html>`,
  );
}

/**
 * The dialog's answer: back to `redirect_uri` with `code` and `state`, or with
 * `error=access_denied&error_reason=user_denied` when the person cancels. Meta appends
 * `#_=_` to the redirect; so does this.
 */
export function decideLogin(core: SimulatorCore, call: GraphCall): SimResponse {
  const checked = checkDialogRequest(core, call.params);
  if (!(checked instanceof URL)) return checked;
  const redirect = checked;
  const state = call.params.get('state');
  if (call.params.get('decision') === 'cancel') {
    redirect.searchParams.set('error', 'access_denied');
    redirect.searchParams.set('error_code', '200');
    redirect.searchParams.set('error_description', 'Permissions error');
    redirect.searchParams.set('error_reason', 'user_denied');
  } else {
    const userId = call.params.get('user_id') ?? core.world.people.values()[0];
    const user = userId === undefined ? undefined : core.world.users.get(userId);
    if (user?.kind !== 'user') return errorPage('Unknown user', 'Pick a user to continue.');
    const code = `AQ${randomBytes(32).toString('base64url')}`;
    core.codes.set(code, {
      clientId: core.app.appId,
      redirectUri: call.params.get('redirect_uri') ?? '',
      userId: user.id,
      scopes: requestedScopes(call.params.get('scope')),
      expiresAtMs: core.nowMs() + CODE_LIFETIME_MS,
      used: false,
    });
    redirect.searchParams.set('code', code);
  }
  if (state !== null) redirect.searchParams.set('state', state);
  redirect.hash = '_=_';
  return redirectResponse(redirect.toString());
}
