import { completionKey, newCompletionId, type PendingLogin } from '../../../../shared/domain/pending-login';
import { DynamoPendingLoginStore } from '../../../../shared/store/dynamodb/pending-login-store';
import { useLocalAppTable } from '../../support/local-app-table';

const login: PendingLogin = {
  workspaceId: 'ws-1',
  sub: 'alice',
  generation: 2,
  sealedToken: 'iv.tag.sealed',
  metaUserId: 'u1',
  scopes: ['ads_read', 'ads_management'],
  tokenExpiresAt: '2027-01-22T12:00:00.000Z',
  validUntil: 1_900_000_000,
};

describe('DynamoPendingLoginStore on DynamoDB Local', () => {
  beforeAll(async () => {
    await useLocalAppTable('pending-login-store');
  });
  const store = new DynamoPendingLoginStore();

  it('gives a pending login back once: of two concurrent confirms exactly one gets it', async () => {
    const completion = newCompletionId();
    await store.save(completion, login);
    const [first, second] = await Promise.all([store.consume(completion), store.consume(completion)]);
    expect([first, second].filter((found) => found !== undefined)).toEqual([login]);
    expect(await store.consume(completion)).toBeUndefined();
  });

  it('knows nothing of an unknown completion, and keys by its hash only', async () => {
    expect(await store.consume(newCompletionId())).toBeUndefined();
    expect(completionKey('abc')).toMatch(/^[0-9a-f]{64}$/);
    expect(completionKey('abc')).not.toContain('abc');
  });
});
