import { devToken, signHs256, verifyHs256 } from '../../../infra/local/jwt';

const SECRET = 'a-secret-of-at-least-16-chars';

describe('local HS256 tokens', () => {
  it('verifies a token it signed and returns the claims', () => {
    const token = signHs256({ sub: 'u1', workspace_id: 'w1', actor: 'agent' }, SECRET);
    expect(verifyHs256(token, SECRET)).toEqual({
      ok: true,
      claims: { sub: 'u1', workspace_id: 'w1', actor: 'agent' },
    });
  });

  it('rejects a token signed with another secret', () => {
    const token = signHs256({ sub: 'u1' }, 'another-secret-entirely');
    expect(verifyHs256(token, SECRET)).toEqual({ ok: false, reason: 'bad signature' });
  });

  it('rejects a tampered payload', () => {
    const [h, , s] = signHs256({ sub: 'u1', workspace_id: 'w1' }, SECRET).split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'u1', workspace_id: 'w2' })).toString('base64url');
    expect(verifyHs256(`${h}.${forged}.${s}`, SECRET)).toEqual({ ok: false, reason: 'bad signature' });
  });

  it('rejects an expired token and accepts one without exp', () => {
    expect(verifyHs256(signHs256({ exp: 100 }, SECRET), SECRET, 100)).toEqual({
      ok: false,
      reason: 'token expired',
    });
    expect(verifyHs256(signHs256({ exp: 101 }, SECRET), SECRET, 100).ok).toBe(true);
    expect(verifyHs256(signHs256({ sub: 'x' }, SECRET), SECRET, 100).ok).toBe(true);
  });

  it('rejects a token not yet valid', () => {
    expect(verifyHs256(signHs256({ nbf: 200 }, SECRET), SECRET, 100)).toEqual({
      ok: false,
      reason: 'token not yet valid',
    });
  });

  it('rejects alg none and malformed tokens', () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'x' })).toString('base64url');
    expect(verifyHs256(`${header}.${payload}.`, SECRET)).toEqual({
      ok: false,
      reason: 'unsupported algorithm',
    });
    expect(verifyHs256('abc', SECRET)).toEqual({ ok: false, reason: 'malformed token' });
    expect(verifyHs256('a.b.c', SECRET)).toEqual({ ok: false, reason: 'malformed token' });
  });

  it('mints dev tokens with the §5 claims and an expiry', () => {
    const check = verifyHs256(devToken(SECRET, { actor: 'agent', workspace_id: 'w9' }), SECRET);
    expect(check.ok && check.claims).toMatchObject({ sub: 'dev-user', workspace_id: 'w9', actor: 'agent' });
    expect(check.ok && typeof check.claims.exp).toBe('number');
  });
});
