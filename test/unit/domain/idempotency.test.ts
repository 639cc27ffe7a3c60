import {
  canonicalJson,
  IDEMPOTENCY_TTL_SECONDS,
  isReplayable,
  requestFingerprint,
  validIdempotencyKey,
} from '../../../shared/domain/idempotency';
import { thrown } from './ad-object-fixtures';

describe('requestFingerprint', () => {
  it('is the sha256 hex of method, path and the canonical body', () => {
    const fingerprint = requestFingerprint('POST', '/meta/campaigns', { name: 'A' });
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(requestFingerprint('post', '/meta/campaigns', { name: 'A' })).toBe(fingerprint);
  });

  it('does not depend on key order at any depth', () => {
    const a = {
      name: 'A',
      targeting: { geoLocations: { countries: ['DE'] }, ageMin: 18 },
      dailyBudget: 2500,
    };
    const b = {
      dailyBudget: 2500,
      targeting: { ageMin: 18, geoLocations: { countries: ['DE'] } },
      name: 'A',
    };
    expect(requestFingerprint('POST', '/meta/adsets', a)).toBe(requestFingerprint('POST', '/meta/adsets', b));
  });

  it.each([
    ['method', ['PATCH', '/meta/campaigns/1', { name: 'A', list: [1, 2] }]],
    ['path', ['POST', '/meta/campaigns/2', { name: 'A', list: [1, 2] }]],
    ['body', ['POST', '/meta/campaigns/1', { name: 'B', list: [1, 2] }]],
    ['array order', ['POST', '/meta/campaigns/1', { name: 'A', list: [2, 1] }]],
  ] as const)('changes with the %s', (_, [method, path, body]) => {
    const base = requestFingerprint('POST', '/meta/campaigns/1', { name: 'A', list: [1, 2] });
    expect(requestFingerprint(method, path, body)).not.toBe(base);
  });

  it('reads an absent body, an undefined member and a missing one alike', () => {
    expect(requestFingerprint('POST', '/p', { a: 1, b: undefined })).toBe(
      requestFingerprint('POST', '/p', { a: 1 }),
    );
    expect(requestFingerprint('POST', '/p/1/pause', undefined)).not.toBe(
      requestFingerprint('POST', '/p/1/pause', {}),
    );
  });

  it('writes canonical JSON with sorted keys', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"e":2,"f":1}]},"b":1}',
    );
  });
});

describe('isReplayable', () => {
  it.each([200, 201, 202, 204, 400, 403, 404, 413, 422])('stores a final %i', (status) => {
    expect(isReplayable(status)).toBe(true);
  });
  it.each([409, 429, 500, 502, 503, 504, 302])('does not store %i', (status) => {
    expect(isReplayable(status)).toBe(false);
  });
});

describe('validIdempotencyKey', () => {
  it('keeps a day', () => {
    expect(IDEMPOTENCY_TTL_SECONDS).toBe(86_400);
  });

  it('passes a key through and an absent one as undefined', () => {
    expect(validIdempotencyKey('7f3c-2a9b_key.1')).toBe('7f3c-2a9b_key.1');
    expect(validIdempotencyKey('a'.repeat(255))).toHaveLength(255);
    expect(validIdempotencyKey(undefined)).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['too long', 'a'.repeat(256)],
    ['a control character', 'key\u0007'],
    ['a newline', 'key\nmore'],
    ['non-ASCII', 'clé'],
    ['blank', '   '],
    ['a leading blank', ' key'],
  ])('refuses a key that is %s with a 400 naming the header', (_, key) => {
    const err = thrown(() => validIdempotencyKey(key));
    expect(err.status).toBe(400);
    expect(err.details).toEqual([{ in: 'header', path: 'Idempotency-Key', message: expect.any(String) }]);
  });
});
