import { adAccountBucketKey, graphBucketKey } from '../../../shared/meta/graph-bucket-key';

const token = { accessToken: 'EAAB-some-token' };

describe('graphBucketKey', () => {
  it.each([
    ['/act_123', 'act_123'],
    ['/act_123/campaigns', 'act_123'],
    ['act_123/adspixels', 'act_123'],
    ['/act_123/campaigns?fields=name', 'act_123'],
    ['/act_123/insights', 'act_123:insights'],
    ['/act_123/insights?level=ad', 'act_123:insights'],
  ])('%s → %s', (path, key) => {
    expect(graphBucketKey(path, token)).toBe(key);
  });

  it('puts other paths in the token bucket, by token id when given', () => {
    expect(graphBucketKey('/me/businesses', { ...token, tokenId: 'tok_1' })).toBe('token:tok_1');
  });

  it('fingerprints the token when no id is given, never showing it', () => {
    const key = graphBucketKey('/123/owned_ad_accounts', token);
    expect(key).toMatch(/^token:[0-9a-f]{16}$/);
    expect(key).not.toContain(token.accessToken);
    expect(graphBucketKey('/me', token)).toBe(key);
    expect(graphBucketKey('/me', { accessToken: 'other' })).not.toBe(key);
  });

  it('does not mistake an id that merely contains act_ for an ad account', () => {
    expect(graphBucketKey('/fact_123', { ...token, tokenId: 't' })).toBe('token:t');
  });
});

describe('adAccountBucketKey', () => {
  it('accepts ids with or without act_', () => {
    expect(adAccountBucketKey('act_9')).toBe('act_9');
    expect(adAccountBucketKey('9')).toBe('act_9');
    expect(adAccountBucketKey('9', true)).toBe('act_9:insights');
  });
});
