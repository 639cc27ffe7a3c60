import {
  CreateSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { LOCAL_REGION, localCredentials } from '../../../infra/local/local-aws';
import type { LocalRuntime } from '../../../infra/local/runtime';
import { inProcessPayload, sendMetaWebhook } from '../../../infra/local/webhook-sender';
import { startTestRuntime } from '../support/runtime';

const SECRET_ID = 'meta/webhook-keys';

/** In AWS the keys live in Secrets Manager: a rotation there applies without a deploy. */
describe('webhook signing keys from Secrets Manager', () => {
  let rt: LocalRuntime;
  let secrets: SecretsManagerClient;
  const url = () => `${rt.url}/webhooks/meta`;
  const payload = (objectId: string) =>
    inProcessPayload({
      adAccountId: 'act_990001',
      objectId,
      level: 'AD',
      time: Math.floor(Date.now() / 1000),
      statusName: 'Active',
    });

  beforeAll(async () => {
    rt = await startTestRuntime({
      // Plain values left empty so the configuration takes the Secrets Manager branch.
      env: {
        META_WEBHOOK_VERIFY_TOKEN: '',
        META_WEBHOOK_SIGNING_KEY_CURRENT: '',
        META_WEBHOOK_KEYS_SECRET_ARN: SECRET_ID,
      },
    });
    secrets = new SecretsManagerClient({
      endpoint: rt.env.AWS_ENDPOINT_URL_SECRETS_MANAGER,
      region: LOCAL_REGION,
      credentials: localCredentials,
    });
    await secrets.send(
      new CreateSecretCommand({
        Name: SECRET_ID,
        SecretString: JSON.stringify({
          META_WEBHOOK_VERIFY_TOKEN: 'vt-secret',
          META_WEBHOOK_SIGNING_KEY_CURRENT: 'key-one',
        }),
      }),
    );
  });
  afterAll(async () => {
    await rt.idle();
    secrets.destroy();
    await rt.stop();
    for (const name of [
      'META_WEBHOOK_VERIFY_TOKEN',
      'META_WEBHOOK_SIGNING_KEY_CURRENT',
      'META_WEBHOOK_KEYS_SECRET_ARN',
    ])
      delete process.env[name];
  });

  it('verifies with the secret, then follows a rotation at once and keeps the previous key for the window', async () => {
    const handshake = await fetch(`${url()}?hub.mode=subscribe&hub.verify_token=vt-secret&hub.challenge=7`);
    expect(await handshake.text()).toBe('7');
    expect((await sendMetaWebhook(url(), payload('1'), { key: 'key-one' })).status).toBe(200);

    await secrets.send(
      new PutSecretValueCommand({
        SecretId: SECRET_ID,
        SecretString: JSON.stringify({
          META_WEBHOOK_VERIFY_TOKEN: 'vt-secret',
          META_WEBHOOK_SIGNING_KEY_CURRENT: 'key-two',
          META_WEBHOOK_SIGNING_KEY_PREVIOUS: 'key-one',
          META_WEBHOOK_SIGNING_KEY_ROTATED_AT: new Date(Date.now() - 60_000).toISOString(),
        }),
      }),
    );
    expect((await sendMetaWebhook(url(), payload('2'), { key: 'key-two' })).status).toBe(200);
    expect((await sendMetaWebhook(url(), payload('3'), { key: 'key-one' })).status).toBe(200);
    expect((await sendMetaWebhook(url(), payload('4'), { key: 'key-zero' })).status).toBe(401);
  });
});
