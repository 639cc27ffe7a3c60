import { SecretStore } from '../../../infra/local/secret-store';
import { SecretsError } from '../../../infra/local/secrets-error';

const DAY_MS = 86_400_000;
const token = (n: number) => `token-${String(n).padStart(32, '0')}`;

function storeAt(clock: { now: number }): SecretStore {
  return new SecretStore({ region: 'eu-west-1', now: () => clock.now });
}

function errorType(run: () => unknown): string | undefined {
  try {
    run();
  } catch (err: unknown) {
    if (err instanceof SecretsError) return err.type;
    throw err;
  }
  return undefined;
}

describe('SecretStore', () => {
  test('a secret scheduled for deletion is gone for good once its recovery window ends', () => {
    const clock = { now: Date.UTC(2026, 0, 1) };
    const store = storeAt(clock);
    store.createSecret({ Name: 'a', SecretString: 'x' });
    store.deleteSecret({ SecretId: 'a', RecoveryWindowInDays: 7 });

    clock.now += 7 * DAY_MS - 1;
    expect(store.describeSecret({ SecretId: 'a' }).DeletedDate).toBe(Date.UTC(2026, 0, 1) / 1000);
    clock.now += 1;
    expect(errorType(() => store.describeSecret({ SecretId: 'a' }))).toBe('ResourceNotFoundException');
    expect(store.createSecret({ Name: 'a', SecretString: 'y' }).Name).toBe('a');
  });

  test('a retried request with the same ClientRequestToken is answered once, a changed one is refused', () => {
    const store = storeAt({ now: 0 });
    store.createSecret({ Name: 'a', SecretString: 'x', ClientRequestToken: token(1) });

    const first = store.putSecretValue({ SecretId: 'a', SecretString: 'y', ClientRequestToken: token(2) });
    const retried = store.putSecretValue({ SecretId: 'a', SecretString: 'y', ClientRequestToken: token(2) });

    expect(retried.VersionId).toBe(first.VersionId);
    expect(store.getSecretValue({ SecretId: 'a', VersionStage: 'AWSPREVIOUS' }).VersionId).toBe(token(1));
    expect(
      errorType(() =>
        store.putSecretValue({ SecretId: 'a', SecretString: 'z', ClientRequestToken: token(2) }),
      ),
    ).toBe('ResourceExistsException');
  });

  test('a version staged without AWSCURRENT leaves the current value alone', () => {
    const store = storeAt({ now: 0 });
    store.createSecret({ Name: 'a', SecretString: 'current' });

    store.putSecretValue({ SecretId: 'a', SecretString: 'pending', VersionStages: ['AWSPENDING'] });

    expect(store.getSecretValue({ SecretId: 'a' }).SecretString).toBe('current');
    expect(store.getSecretValue({ SecretId: 'a', VersionStage: 'AWSPENDING' }).SecretString).toBe('pending');
  });

  test('ARNs carry the region, the local account and a 6-character suffix', () => {
    const { ARN } = storeAt({ now: 0 }).createSecret({ Name: 'meta/app' });

    expect(ARN).toMatch(/^arn:aws:secretsmanager:eu-west-1:000000000000:secret:meta\/app-[A-Za-z0-9]{6}$/);
  });

  test('a snapshot restores the same secrets', () => {
    const store = storeAt({ now: 5 });
    store.createSecret({ Name: 'a', SecretString: 'x', Tags: [{ Key: 'k', Value: 'v' }] });

    const restored = new SecretStore({ region: 'eu-west-1', data: store.snapshot() });

    expect(restored.getSecretValue({ SecretId: 'a' }).SecretString).toBe('x');
    expect(restored.describeSecret({ SecretId: 'a' }).Tags).toEqual([{ Key: 'k', Value: 'v' }]);
  });
});
