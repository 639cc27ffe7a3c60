import { redactSecrets } from '../../../shared/meta/redact-secrets';

describe('redactSecrets', () => {
  it('blanks the values of token, proof and secret parameters', () => {
    const url =
      'https://graph.facebook.com/v26.0/me?fields=id&access_token=EAAB123&appsecret_proof=abc&client_secret=s&input_token=t&fb_exchange_token=x&code=c';
    expect(redactSecrets(url)).toBe(
      'https://graph.facebook.com/v26.0/me?fields=id&access_token=[redacted]&appsecret_proof=[redacted]&client_secret=[redacted]&input_token=[redacted]&fb_exchange_token=[redacted]&code=[redacted]',
    );
  });

  it('works on URLs inside longer text and in any case', () => {
    expect(redactSecrets('fetch failed for http://x/y?ACCESS_TOKEN=abc def')).toBe(
      'fetch failed for http://x/y?ACCESS_TOKEN=[redacted] def',
    );
  });

  it('leaves other parameters alone', () => {
    expect(redactSecrets('http://x/y?after=abc&limit=5')).toBe('http://x/y?after=abc&limit=5');
  });

  it('blanks known secrets wherever they appear', () => {
    expect(redactSecrets('token EAAB-long-token leaked', ['EAAB-long-token'])).toBe(
      'token [redacted] leaked',
    );
  });

  it('ignores known values too short to be secrets', () => {
    expect(redactSecrets('a b c', ['a'])).toBe('a b c');
  });
});
