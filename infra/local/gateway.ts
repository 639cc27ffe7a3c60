import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { errorFields } from '../../shared/platform/error-fields';
import { type FunctionSpec, httpRoutes, type Manifest } from '../manifest';
import { type HttpMethod, type RouteAuth, routeNeedsJwt } from '../resources';
import { type RawRequest, toApiGatewayV2Event } from './http-events';
import { verifyHs256 } from './jwt';
import { RouteTable } from './route-table';

/** API Gateway's own payload limit; handlers enforce their smaller ones. */
export const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Extra local-only handlers (dev console, control API); return true when handled. */
export type LocalRoute = (req: RawRequest, res: ServerResponse) => Promise<boolean>;

export interface GatewayOptions {
  manifest: Manifest;
  invoke: (fn: FunctionSpec, event: unknown) => Promise<unknown>;
  jwtSecret: string;
  localRoutes?: LocalRoute[];
  log?: (line: Record<string, unknown>) => void;
}

type Target = { fn: FunctionSpec; auth: RouteAuth };

/** Why the gateway refuses a JWT route: no bearer token at all, or one that fails the check. */
type TokenRefusal = { ok: false; reason: string; tokenGiven: boolean };

/**
 * The local stand-in for the HTTP API and the Function URLs: turns requests into v2.0
 * events, verifies dashboard JWTs as the HTTP API authorizer would, invokes the handler and
 * writes its structured result back.
 */
export class Gateway {
  private readonly routes = new RouteTable<Target>();
  private readonly functionUrls = new Map<string, FunctionSpec>();
  private server: Server | undefined;

  constructor(private readonly options: GatewayOptions) {
    for (const { fn, trigger } of httpRoutes(options.manifest)) {
      this.routes.add(trigger.method, trigger.path, { fn, auth: trigger.auth });
    }
    for (const fn of options.manifest.functions) {
      for (const t of fn.triggers) if (t.kind === 'functionUrl') this.functionUrls.set(t.localPath, fn);
    }
  }

  async listen(port: number, host = '127.0.0.1'): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        this.log({ level: 'ERROR', message: 'gateway failure', error: errorFields(err) });
        if (!res.headersSent)
          sendJson(res, 500, { error: { code: 'internal_error', message: 'Gateway failure.' } });
        else res.end();
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const address = server.address() as AddressInfo;
    return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const body = await readBody(req, GATEWAY_MAX_BODY_BYTES);
    if (body === 'too_large') {
      sendJson(res, 413, { error: { code: 'payload_too_large', message: 'The request body is too large.' } });
      req.resume();
      return;
    }
    const raw: RawRequest = {
      method: req.method ?? 'GET',
      url: new URL(req.url ?? '/', 'http://localhost'),
      headers: req.headers,
      body,
      sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
    };
    for (const route of this.options.localRoutes ?? []) if (await route(raw, res)) return;

    const functionUrl = this.functionUrls.get(raw.url.pathname);
    if (functionUrl) {
      await this.run(functionUrl, toApiGatewayV2Event(raw, { routeKey: '$default' }), res);
    } else {
      const match = this.routes.match(raw.method, raw.url.pathname);
      if (!match) {
        sendJson(res, 404, {
          error: { code: 'route_not_found', message: `No route for ${raw.method} ${raw.url.pathname}.` },
        });
      } else if (routeNeedsJwt(match.value.auth)) {
        const check = this.authorize(raw);
        if (!check.ok) {
          sendJson(
            res,
            401,
            { error: { code: 'unauthorized', message: check.reason } },
            { 'www-authenticate': bearerChallenge(raw, check) },
          );
        } else {
          const event = toApiGatewayV2Event(raw, match, {
            jwt: { claims: stringClaims(check.claims), scopes: null },
          });
          await this.run(match.value.fn, event, res);
        }
      } else {
        await this.run(match.value.fn, toApiGatewayV2Event(raw, match), res);
      }
    }
    this.log({
      message: 'request',
      method: raw.method,
      path: raw.url.pathname,
      status: res.statusCode,
      ms: Date.now() - started,
    });
  }

  private authorize(req: RawRequest): { ok: true; claims: Record<string, unknown> } | TokenRefusal {
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match?.[1]) return { ok: false, reason: 'Missing bearer token.', tokenGiven: false };
    const check = verifyHs256(match[1], this.options.jwtSecret);
    return check.ok ? check : { ok: false, reason: `Invalid token: ${check.reason}.`, tokenGiven: true };
  }

  private async run(fn: FunctionSpec, event: unknown, res: ServerResponse): Promise<void> {
    let result: unknown;
    try {
      result = await this.options.invoke(fn, event);
    } catch (err: unknown) {
      // Lambda answers an unhandled exception with a bare 500; the stack stays in the logs.
      this.log({ level: 'ERROR', message: 'function failed', function: fn.name, error: errorFields(err) });
      sendJson(res, 500, { error: { code: 'internal_error', message: 'Internal Server Error' } });
      return;
    }
    writeResult(res, result as APIGatewayProxyResultV2);
  }

  private log(line: Record<string, unknown>): void {
    this.options.log?.(line);
  }
}

/** HTTP API's payload v2 rules: a string or object without statusCode is a 200 JSON body. */
function writeResult(res: ServerResponse, result: APIGatewayProxyResultV2): void {
  if (
    typeof result === 'string' ||
    typeof result !== 'object' ||
    result === null ||
    !('statusCode' in result)
  ) {
    sendJson(res, 200, result);
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  res.writeHead(result.statusCode ?? 200, headers);
  const body = result.body ?? '';
  res.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

/**
 * RFC 6750's challenge with RFC 9728's `resource_metadata`, so an MCP client finds where the
 * token comes from. (The HTTP API's JWT authorizer answers without `resource_metadata`; a
 * client then reads the same document at the origin's well-known path.)
 */
function bearerChallenge(req: RawRequest, refusal: TokenRefusal): string {
  const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
  const metadata = `resource_metadata="${origin}/.well-known/oauth-protected-resource"`;
  // No token at all: no error code (RFC 6750 §3.1), just where to get one.
  if (!refusal.tokenGiven) return `Bearer ${metadata}`;
  return `Bearer error="invalid_token", error_description="${refusal.reason.replace(/["\\]/g, '')}", ${metadata}`;
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too_large'> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.resolve('too_large');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too_large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The HTTP API authorizer hands claims to the function as strings. */
function stringClaims(claims: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(claims)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}

export type { HttpMethod };
