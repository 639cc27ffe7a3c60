import { createHmac } from 'node:crypto';
import { appSecretProof } from '../../../shared/meta/appsecret-proof';

describe('appSecretProof', () => {
  it('is the lowercase hex HMAC-SHA256 of the token keyed with the app secret', () => {
    const expected = createHmac('sha256', 'secret').update('token').digest('hex');
    expect(appSecretProof('secret', 'token')).toBe(expected);
    expect(appSecretProof('secret', 'token')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('matches a known vector', () => {
    // The widely published HMAC-SHA256 example: key "key", message "The quick brown fox…".
    expect(appSecretProof('key', 'The quick brown fox jumps over the lazy dog')).toBe(
      'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
  });

  it('differs per token and per secret', () => {
    expect(appSecretProof('a', 't')).not.toBe(appSecretProof('b', 't'));
    expect(appSecretProof('a', 't')).not.toBe(appSecretProof('a', 'u'));
  });
});
