import type { LocalRuntime } from '../../../infra/local/runtime';
import { type ApiAnswer, api } from './runtime';

/**
 * Clicks through the simulator's login dialog without a browser: loads the page the
 * authorize URL shows, posts its form with the decision, and returns where Meta redirects.
 */
export async function decideLogin(authorizeUrl: string, decision: 'continue' | 'cancel'): Promise<URL> {
  const page = await fetch(authorizeUrl);
  const html = await page.text();
  if (page.status !== 200) throw new Error(`login dialog answered ${page.status}: ${html.slice(0, 200)}`);
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error('no form on the login dialog');
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.set(m[1] as string, decodeEntities(m[2] as string));
  }
  const user = /<option value="([^"]+)"/.exec(html)?.[1];
  if (user) form.set('user_id', user);
  form.set('decision', decision);
  const res = await fetch(new URL(action, authorizeUrl), { method: 'POST', body: form, redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`login decision answered ${res.status}`);
  return new URL(location);
}

function decodeEntities(text: string): string {
  return text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

/**
 * Starts Connect as the holder of `token`, consents on the simulator's dialog and follows
 * Meta's redirect to our callback: returns where the callback sends the browser (the
 * dashboard, `status=confirm&completion=…` or `status=error&reason=…`). Connects nothing.
 */
export async function loginThroughMeta(rt: LocalRuntime, token: string): Promise<URL> {
  const start = await api(rt, 'POST', '/integrations/meta/connect', { token });
  if (start.status !== 200) throw new Error(`connect answered ${start.status}`);
  const callback = await fetch(await decideLogin(start.body.authorizeUrl, 'continue'), {
    redirect: 'manual',
  });
  const location = callback.headers.get('location');
  if (callback.status !== 302 || !location) throw new Error(`callback answered ${callback.status}`);
  return new URL(location);
}

/** The dashboard's whole connect as one user: login at Meta, then the confirm on landing. */
export async function connectThroughMeta(rt: LocalRuntime, token: string): Promise<ApiAnswer> {
  const back = await loginThroughMeta(rt, token);
  const completion = back.searchParams.get('completion');
  if (back.searchParams.get('status') !== 'confirm' || !completion)
    throw new Error(`login did not finish: ${back.search}`);
  return api(rt, 'POST', '/integrations/meta/confirm', { token, body: { completion } });
}
