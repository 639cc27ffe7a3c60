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
