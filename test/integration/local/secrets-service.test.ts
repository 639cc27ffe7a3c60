import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getSecret, SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  InvalidParameterException,
  InvalidRequestException,
  ListSecretsCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  RestoreSecretCommand,
  SecretsManagerClient,
  UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { LOCAL_REGION, localCredentials } from '../../../infra/local/local-aws';
import { type LocalSecretsService, startSecretsService } from '../../../infra/local/secrets-service';

const logLines: Record<string, unknown>[] = [];
let service: LocalSecretsService;
let client: SecretsManagerClient;
let dataDir: string;

function clientFor(endpoint: string): SecretsManagerClient {
  return new SecretsManagerClient({ endpoint, region: LOCAL_REGION, credentials: localCredentials });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'secrets-service-'));
  service = await startSecretsService({ log: (line) => logLines.push(line) });
  client = clientFor(service.endpoint);
});

afterAll(async () => {
  client.destroy();
  await service.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err: unknown) {
    return err;
  }
  throw new Error('expected the call to fail');
}

describe('local Secrets Manager with the real SDK', () => {
  test('create, get, put: versions move between AWSCURRENT and AWSPREVIOUS', async () => {
    const created = await client.send(new CreateSecretCommand({ Name: 'meta/app', SecretString: '{"v":1}' }));
    expect(created.ARN).toMatch(
      new RegExp(`^arn:aws:secretsmanager:${LOCAL_REGION}:000000000000:secret:meta/app-[A-Za-z0-9]{6}$`),
    );
    expect(created.Name).toBe('meta/app');

    const put = await client.send(
      new PutSecretValueCommand({ SecretId: 'meta/app', SecretString: '{"v":2}' }),
    );
    expect(put.VersionStages).toEqual(['AWSCURRENT']);

    const current = await client.send(new GetSecretValueCommand({ SecretId: 'meta/app' }));
    expect(current).toMatchObject({ SecretString: '{"v":2}', VersionId: put.VersionId, ARN: created.ARN });
    expect(current.CreatedDate).toBeInstanceOf(Date);
    const previous = await client.send(
      new GetSecretValueCommand({ SecretId: 'meta/app', VersionStage: 'AWSPREVIOUS' }),
    );
    expect(previous).toMatchObject({ SecretString: '{"v":1}', VersionId: created.VersionId });
    const byVersion = await client.send(
      new GetSecretValueCommand({ SecretId: 'meta/app', VersionId: created.VersionId }),
    );
    expect(byVersion.SecretString).toBe('{"v":1}');

    await client.send(new PutSecretValueCommand({ SecretId: 'meta/app', SecretString: '{"v":3}' }));
    const described = await client.send(new DescribeSecretCommand({ SecretId: 'meta/app' }));
    expect(Object.values(described.VersionIdsToStages ?? {}).sort()).toEqual([
      ['AWSCURRENT'],
      ['AWSPREVIOUS'],
    ]);
    expect(described.VersionIdsToStages?.[put.VersionId ?? '']).toEqual(['AWSPREVIOUS']);
  });

  test('a secret is found by name, full ARN and ARN without its suffix', async () => {
    const { ARN = '' } = await client.send(new CreateSecretCommand({ Name: 'by-arn', SecretString: 's' }));

    for (const id of ['by-arn', ARN, ARN.slice(0, -7)]) {
      const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: id }));
      expect(SecretString).toBe('s');
    }
  });

  test('binary secrets round-trip', async () => {
    await client.send(
      new CreateSecretCommand({ Name: 'binary', SecretBinary: new Uint8Array([0, 1, 254, 255]) }),
    );

    const { SecretBinary, SecretString } = await client.send(
      new GetSecretValueCommand({ SecretId: 'binary' }),
    );
    expect(SecretString).toBeUndefined();
    expect([...(SecretBinary ?? [])]).toEqual([0, 1, 254, 255]);
  });

  test('UpdateSecret changes the description and makes a new current version', async () => {
    await client.send(
      new CreateSecretCommand({ Name: 'updated', SecretString: 'old', Description: 'before' }),
    );

    const updated = await client.send(
      new UpdateSecretCommand({ SecretId: 'updated', SecretString: 'new', Description: 'after' }),
    );

    expect(updated.VersionId).toEqual(expect.any(String));
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: 'updated' }));
    expect(SecretString).toBe('new');
    const { Description } = await client.send(new DescribeSecretCommand({ SecretId: 'updated' }));
    expect(Description).toBe('after');
  });

  test('errors arrive as the SDK exception classes', async () => {
    expect(await rejection(client.send(new GetSecretValueCommand({ SecretId: 'missing' })))).toBeInstanceOf(
      ResourceNotFoundException,
    );
    await client.send(new CreateSecretCommand({ Name: 'twice', SecretString: 'a' }));
    expect(
      await rejection(client.send(new CreateSecretCommand({ Name: 'twice', SecretString: 'b' }))),
    ).toBeInstanceOf(ResourceExistsException);
    expect(
      await rejection(
        client.send(
          new CreateSecretCommand({ Name: 'both', SecretString: 'a', SecretBinary: new Uint8Array([1]) }),
        ),
      ),
    ).toBeInstanceOf(InvalidParameterException);
    await client.send(new CreateSecretCommand({ Name: 'no-value' }));
    const noValue = await rejection(client.send(new GetSecretValueCommand({ SecretId: 'no-value' })));
    expect(noValue).toBeInstanceOf(ResourceNotFoundException);
    expect((noValue as Error).message).toContain('AWSCURRENT');
  });

  test('delete with a recovery window, restore, and delete for good', async () => {
    await client.send(new CreateSecretCommand({ Name: 'doomed', SecretString: 'x' }));

    const scheduled = await client.send(
      new DeleteSecretCommand({ SecretId: 'doomed', RecoveryWindowInDays: 7 }),
    );
    expect((scheduled.DeletionDate?.getTime() ?? 0) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    expect(await rejection(client.send(new GetSecretValueCommand({ SecretId: 'doomed' })))).toBeInstanceOf(
      InvalidRequestException,
    );
    expect(
      await rejection(client.send(new CreateSecretCommand({ Name: 'doomed', SecretString: 'y' }))),
    ).toBeInstanceOf(InvalidRequestException);
    const described = await client.send(new DescribeSecretCommand({ SecretId: 'doomed' }));
    expect(described.DeletedDate).toBeInstanceOf(Date);

    await client.send(new RestoreSecretCommand({ SecretId: 'doomed' }));
    expect((await client.send(new GetSecretValueCommand({ SecretId: 'doomed' }))).SecretString).toBe('x');

    await client.send(new DeleteSecretCommand({ SecretId: 'doomed', ForceDeleteWithoutRecovery: true }));
    expect(await rejection(client.send(new DescribeSecretCommand({ SecretId: 'doomed' })))).toBeInstanceOf(
      ResourceNotFoundException,
    );
    await client.send(new CreateSecretCommand({ Name: 'doomed', SecretString: 'again' }));
    expect(
      await rejection(
        client.send(
          new DeleteSecretCommand({
            SecretId: 'doomed',
            ForceDeleteWithoutRecovery: true,
            RecoveryWindowInDays: 7,
          }),
        ),
      ),
    ).toBeInstanceOf(InvalidParameterException);
  });

  test('ListSecrets filters by name prefix, pages, and hides planned deletions', async () => {
    for (const name of ['meta/token/ws1/a', 'meta/token/ws1/b', 'meta/token/ws1/c', 'meta/token/ws2/a'])
      await client.send(new CreateSecretCommand({ Name: name, SecretString: 't' }));
    await client.send(new DeleteSecretCommand({ SecretId: 'meta/token/ws1/c' }));
    const filters = [{ Key: 'name' as const, Values: ['meta/token/ws1/'] }];

    const page1 = await client.send(new ListSecretsCommand({ Filters: filters, MaxResults: 1 }));
    const page2 = await client.send(
      new ListSecretsCommand({ Filters: filters, MaxResults: 1, NextToken: page1.NextToken }),
    );
    expect(page1.SecretList?.map((s) => s.Name)).toEqual(['meta/token/ws1/a']);
    expect(page2.SecretList?.map((s) => s.Name)).toEqual(['meta/token/ws1/b']);
    expect(page2.NextToken).toBeUndefined();

    const all = await client.send(new ListSecretsCommand({ Filters: filters, IncludePlannedDeletion: true }));
    expect(all.SecretList?.map((s) => s.Name)).toEqual([
      'meta/token/ws1/a',
      'meta/token/ws1/b',
      'meta/token/ws1/c',
    ]);
  });

  test('Powertools Parameters reads secrets through a custom endpoint and through the env variable', async () => {
    await client.send(
      new CreateSecretCommand({ Name: 'powertools', SecretString: '{"appSecret":"s3cr3t"}' }),
    );

    const provider = new SecretsProvider({
      clientConfig: { endpoint: service.endpoint, region: LOCAL_REGION, credentials: localCredentials },
    });
    expect(await provider.get('powertools', { transform: 'json' })).toEqual({ appSecret: 's3cr3t' });

    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: service.endpoint,
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    });
    try {
      expect(await getSecret('powertools')).toBe('{"appSecret":"s3cr3t"}');
    } finally {
      process.env = saved;
    }
  });

  test('the log names operations and outcomes, never secret values', async () => {
    await client.send(new CreateSecretCommand({ Name: 'logged', SecretString: 'never-in-logs' }));
    await client.send(new PutSecretValueCommand({ SecretId: 'logged', SecretString: 'nor-this' }));
    await client.send(new GetSecretValueCommand({ SecretId: 'logged' }));
    await rejection(client.send(new GetSecretValueCommand({ SecretId: 'not-there' })));

    expect(logLines).toContainEqual(expect.objectContaining({ operation: 'GetSecretValue', status: 200 }));
    expect(logLines).toContainEqual(
      expect.objectContaining({
        operation: 'GetSecretValue',
        status: 400,
        error: 'ResourceNotFoundException',
      }),
    );
    const logged = JSON.stringify(logLines);
    for (const value of ['never-in-logs', 'nor-this']) expect(logged).not.toContain(value);
  });

  test('secrets persist across a restart when a data file is given', async () => {
    const dataFile = join(dataDir, 'nested', 'secrets.json');
    const first = await startSecretsService({ dataFile });
    const firstClient = clientFor(first.endpoint);
    const { ARN } = await firstClient.send(new CreateSecretCommand({ Name: 'kept', SecretString: 'v1' }));
    await firstClient.send(new PutSecretValueCommand({ SecretId: 'kept', SecretString: 'v2' }));
    firstClient.destroy();
    await first.stop();

    expect(statSync(dataFile).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dataDir, 'nested'))).toEqual(['secrets.json']);
    expect(JSON.parse(readFileSync(dataFile, 'utf8'))).toMatchObject({ format: 1 });

    const second = await startSecretsService({ dataFile });
    const secondClient = clientFor(second.endpoint);
    try {
      const current = await secondClient.send(new GetSecretValueCommand({ SecretId: ARN }));
      expect(current.SecretString).toBe('v2');
      const previous = await secondClient.send(
        new GetSecretValueCommand({ SecretId: 'kept', VersionStage: 'AWSPREVIOUS' }),
      );
      expect(previous.SecretString).toBe('v1');
    } finally {
      secondClient.destroy();
      await second.stop();
    }
  });
});
