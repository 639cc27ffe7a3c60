import type { LocalRuntime } from '../../../infra/local/runtime';
import { withIssuesPayload } from '../../../infra/local/webhook-sender';
import { DynamoAdObjectMirror } from '../../../shared/store/dynamodb/ad-object-mirror';
import { connectThroughMeta } from '../support/meta-login';
import { api, startTestRuntime } from '../support/runtime';

/** The README demo: Meta (the simulator) tells us an ad was disapproved; the marketer sees it. */
describe('webhooks sent by the simulator to a connected workspace', () => {
  let rt: LocalRuntime;
  const token = () => rt.token({ workspace_id: 'ws-hooks', sub: 'marketer' });

  beforeAll(async () => {
    rt = await startTestRuntime();
    expect((await connectThroughMeta(rt, token())).status).toBe(200);
  });
  afterAll(() => rt.stop());

  it('delivers a disapproval for the picked ad account through to a notification and the mirror', async () => {
    const accounts = await api(rt, 'GET', '/integrations/meta/ad-accounts', { token: token() });
    const adAccountId: string = accounts.body.items[0].id;
    expect(
      (await api(rt, 'PUT', '/integrations/meta/ad-account', { token: token(), body: { adAccountId } }))
        .status,
    ).toBe(200);

    const payload = withIssuesPayload({
      adAccountId,
      objectId: '120330000000001',
      level: 'AD',
      time: Math.floor(Date.now() / 1000),
      errorCode: '1487',
      errorSummary: 'Ad rejected',
      errorMessage: "The ad doesn't follow the advertising policies.",
    });
    const sent = await fetch(`${rt.simulator?.url}/__sim/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    expect(sent.status).toBe(200);
    expect(await sent.json()).toMatchObject({ delivered: true, status: 200 });
    await rt.idle();

    const notes = await api(rt, 'GET', '/notifications', { token: token() });
    expect(JSON.stringify(notes.body.items)).toContain('120330000000001');
    const mirrored = await new DynamoAdObjectMirror().getObject(adAccountId, '120330000000001');
    expect(mirrored).toBeDefined();
  });

  it('sends nothing for an ad account the app is not subscribed to, as Meta', async () => {
    const result = await rt.simulator?.sendWebhook(
      withIssuesPayload({ adAccountId: 'act_555', objectId: '1', level: 'AD', time: 1 }) as never,
    );
    expect(result).toEqual({ delivered: false, reason: 'not_subscribed', adAccountIds: ['act_555'] });
  });
});
