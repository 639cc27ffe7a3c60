import { cachedTokenReads } from '../../../shared/store/cached-token-reads';

describe('cachedTokenReads', () => {
  it('reads a secret once within the ttl, again after it, and forgets a failed read', async () => {
    let nowMs = 0;
    let reads = 0;
    let fail = false;
    const vault = {
      get: async (id: string) => {
        reads++;
        if (fail) throw new Error('Secrets Manager is down');
        return `token-of-${id}`;
      },
    };
    const cached = cachedTokenReads(vault, 1000, () => nowMs);
    expect(await cached.get('a')).toBe('token-of-a');
    expect(await cached.get('a')).toBe('token-of-a');
    expect(reads).toBe(1);
    nowMs = 1001;
    fail = true;
    await expect(cached.get('a')).rejects.toThrow('down');
    fail = false;
    expect(await cached.get('a')).toBe('token-of-a');
    expect(reads).toBe(3);
  });
});
