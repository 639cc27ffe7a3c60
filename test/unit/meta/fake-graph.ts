import { GraphClient, type GraphClientOptions } from '../../../shared/meta/graph-client';
import type { GraphLogger } from '../../../shared/meta/graph-transport';

/** One request the fake Graph received, with the form body merged into `params` for POSTs. */
export interface SeenRequest {
  method: string;
  url: URL;
  /** Path after the version, e.g. `/act_1/campaigns`. */
  path: string;
  params: URLSearchParams;
  headers: Headers;
  signal: AbortSignal | undefined;
}

export type FakeHandler = (req: SeenRequest, index: number) => Response | Promise<Response>;

export const BASE_URL = 'http://graph.test';
export const VERSION = 'v26.0';
export const APP_SECRET = 'app-secret-for-tests';
export const TOKEN = 'EAAB-test-access-token-0123456789';

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export function graphError(
  status: number,
  error: { code?: number; error_subcode?: number; is_transient?: boolean; message?: string; type?: string },
  headers: Record<string, string> = {},
): Response {
  return json(
    { error: { message: 'fake error', type: 'OAuthException', ...error, fbtrace_id: 'Atrace123' } },
    status,
    headers,
  );
}

/** A fetch that answers from `handler` and records every request. */
export function fakeFetch(handler: FakeHandler): { fetch: typeof fetch; seen: SeenRequest[] } {
  const seen: SeenRequest[] = [];
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const params = new URLSearchParams(url.search);
    if (init?.body instanceof URLSearchParams) for (const [k, v] of init.body) params.set(k, v);
    const req: SeenRequest = {
      method: init?.method ?? 'GET',
      url,
      path: url.pathname.replace(`/${VERSION}`, ''),
      params,
      headers: new Headers(init?.headers),
      signal: init?.signal ?? undefined,
    };
    seen.push(req);
    return handler(req, seen.length - 1);
  }) as typeof fetch;
  return { fetch: fetchFn, seen };
}

/** A clock that only moves when the client sleeps: tests run instantly and see every wait. */
export function fakeClock(start = 1_000_000): {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  sleeps: number[];
  advance: (ms: number) => void;
} {
  let time = start;
  const sleeps: number[] = [];
  return {
    now: () => time,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      time += ms;
    },
    sleeps,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

export interface CapturedLog {
  level: 'warn' | 'debug';
  message: string;
  extra: Record<string, unknown>;
}

export function captureLogger(): GraphLogger & { lines: CapturedLog[] } {
  const lines: CapturedLog[] = [];
  return {
    lines,
    warn: (message, extra) => lines.push({ level: 'warn', message, extra }),
    debug: (message, extra) => lines.push({ level: 'debug', message, extra }),
  };
}

/** A client on the fake fetch and clock, with fast deterministic backoff. */
export function testClient(
  handler: FakeHandler,
  options: Partial<GraphClientOptions> = {},
): {
  graph: GraphClient;
  seen: SeenRequest[];
  clock: ReturnType<typeof fakeClock>;
  logger: ReturnType<typeof captureLogger>;
} {
  const { fetch, seen } = fakeFetch(handler);
  const clock = fakeClock();
  const logger = captureLogger();
  const graph = new GraphClient({
    baseUrl: BASE_URL,
    version: VERSION,
    appSecret: APP_SECRET,
    fetch,
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    backoff: { baseMs: 100, capMs: 1000 },
    logger,
    ...options,
  });
  return { graph, seen, clock, logger };
}
