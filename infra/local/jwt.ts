import { createHmac, timingSafeEqual } from 'node:crypto';

/** HS256 JWTs for the local gateway (in AWS, the HTTP API's JWT authorizer does this). */

const b64url = (input: Buffer | string) => Buffer.from(input).toString('base64url');

export function signHs256(claims: Record<string, unknown>, secret: string): string {
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(JSON.stringify(claims));
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

export type JwtCheck = { ok: true; claims: Record<string, unknown> } | { ok: false; reason: string };

/** Checks the signature and, when present, `exp` and `nbf`; no issuer or audience (§5). */
export function verifyHs256(
  token: string,
  secret: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): JwtCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed token' };
  const [header, payload, signature] = parts as [string, string, string];
  let alg: unknown;
  let claims: unknown;
  try {
    alg = (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown }).alg;
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed token' };
  }
  if (alg !== 'HS256') return { ok: false, reason: 'unsupported algorithm' };
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad signature' };
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims))
    return { ok: false, reason: 'malformed claims' };
  const record = claims as Record<string, unknown>;
  if (typeof record.exp === 'number' && record.exp <= nowSeconds)
    return { ok: false, reason: 'token expired' };
  if (typeof record.nbf === 'number' && record.nbf > nowSeconds)
    return { ok: false, reason: 'token not yet valid' };
  return { ok: true, claims: record };
}

/** A dashboard token for local use: `actor` user unless said otherwise. */
export function devToken(
  secret: string,
  claims: { sub?: string; workspace_id?: string; actor?: 'user' | 'agent'; ttlSeconds?: number } = {},
): string {
  const now = Math.floor(Date.now() / 1000);
  return signHs256(
    {
      sub: claims.sub ?? 'dev-user',
      workspace_id: claims.workspace_id ?? 'dev-workspace',
      actor: claims.actor ?? 'user',
      iat: now,
      exp: now + (claims.ttlSeconds ?? 30 * 24 * 3600),
    },
    secret,
  );
}
