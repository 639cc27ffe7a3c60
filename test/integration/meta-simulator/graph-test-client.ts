import { createHmac } from 'node:crypto';
import { businessAssets, type MetaSimulator } from '@infra/local/meta-simulator';

export interface GraphAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export interface GraphErrorFields {
  message: string;
  type: string;
  code: number;
  error_subcode?: number;
  is_transient?: boolean;
  fbtrace_id?: string;
}

export interface GraphPage {
  data: Record<string, unknown>[];
  paging?: { cursors?: { before?: string; after?: string }; next?: string; previous?: string };
}

async function answerOf(response: Response): Promise<GraphAnswer> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
}

/** `appsecret_proof` of a token for the simulator's app (the simulator requires it by default). */
export function proofOf(sim: MetaSimulator, accessToken: string): string {
  return createHmac('sha256', sim.appSecret).update(accessToken).digest('hex');
}

/**
 * `GET {sim}/v26.0{path}` with the token as `access_token` (unless omitted) and its
 * `appsecret_proof` (unless `params` sets one, or `withProof` is false).
 */
export async function graphGet(
  sim: MetaSimulator,
  path: string,
  accessToken?: string,
  params: Record<string, string> = {},
  withProof = true,
): Promise<GraphAnswer> {
  const url = new URL(`${sim.url}/v26.0${path}`);
  if (accessToken !== undefined && withProof)
    url.searchParams.set('appsecret_proof', proofOf(sim, accessToken));
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  if (accessToken !== undefined) url.searchParams.set('access_token', accessToken);
  return answerOf(await fetch(url));
}

export async function getUrl(url: string, init?: RequestInit): Promise<GraphAnswer> {
  return answerOf(await fetch(url, init));
}

export function graphErrorOf(answer: GraphAnswer): GraphErrorFields {
  const error = answer.body.error;
  if (!error || typeof error !== 'object')
    throw new Error(`expected a Graph error, got ${JSON.stringify(answer.body)}`);
  return error as GraphErrorFields;
}

export function pageOf(answer: GraphAnswer): GraphPage {
  if (!Array.isArray(answer.body.data))
    throw new Error(`expected a page, got ${JSON.stringify(answer.body)}`);
  return answer.body as unknown as GraphPage;
}

/** Follows `paging.next` to the end; returns every row and the number of pages read. */
export async function readAllPages(
  firstUrl: string,
): Promise<{ rows: Record<string, unknown>[]; pages: number }> {
  const rows: Record<string, unknown>[] = [];
  let pages = 0;
  let next: string | undefined = firstUrl;
  while (next) {
    const answer = await getUrl(next);
    if (answer.status !== 200) throw new Error(`page ${pages + 1} failed: ${JSON.stringify(answer.body)}`);
    const page = pageOf(answer);
    rows.push(...page.data);
    pages += 1;
    next = page.paging?.next;
  }
  return { rows, pages };
}

/** A small tenant spec; tests override what they need. */
export const SMALL_COUNTS = businessAssets({
  ownedAdAccounts: 3,
  clientAdAccounts: 2,
  ownedPages: 2,
  clientPages: 1,
  ownedPixels: 2,
  clientPixels: 1,
  ownedCatalogs: 1,
  clientCatalogs: 1,
});

export const ZERO_COUNTS = businessAssets({});
