import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { LocalRuntime } from '../../../infra/local/runtime';
import {
  accountStatusPayload,
  inProcessPayload,
  metaWebhookJson,
  metaWebhookSignature,
  sendMetaWebhook,
  withIssuesPayload,
} from '../../../infra/local/webhook-sender';
import { disconnectedConnection } from '../../../shared/domain/connection';
import { DynamoAdObjectMirror } from '../../../shared/store/dynamodb/ad-object-mirror';
import { DynamoConnectionStore } from '../../../shared/store/dynamodb/connection-store';
import { api, startTestRuntime } from '../support/runtime';

const KEY = 'flow-test-signing-key';
const VERIFY_TOKEN = 'flow-test-verify-token';
const ACT = 'act_880001';
const OTHER_ACT = 'act_880002';
const UNUSED_ACT = 'act_880009';
/** An hour ago, in Meta's epoch seconds: recent, like real deliveries (notifications expire 90 days after). */
const T0 = Math.floor(Date.now() / 1000) - 3600;

/** Meta tells us about ads through signed webhooks; marketers see it in notifications. */
describe('Meta webhooks through the local runtime', () => {
  let rt: LocalRuntime;
  let url = '';
  const send = (payload: unknown, options: Partial<Parameters<typeof sendMetaWebhook>[2]> = {}) =>
    sendMetaWebhook(url, payload, { key: KEY, ...options });
  const notifications = async (workspaceId: string) =>
    (
      await api(rt, 'GET', '/notifications?limit=100', {
        token: rt.token({ workspace_id: workspaceId, sub: `u-${workspaceId}` }),
      })
    ).body.items as {
      kind: string;
      title: string;
      message: string;
      at: string;
      data: Record<string, unknown>;
    }[];

  beforeAll(async () => {
    rt = await startTestRuntime({
      env: { META_WEBHOOK_VERIFY_TOKEN: VERIFY_TOKEN, META_WEBHOOK_SIGNING_KEY_CURRENT: KEY },
    });
    url = `${rt.url}/webhooks/meta`;
    const connections = new DynamoConnectionStore();
    const now = new Date().toISOString();
    for (const [workspaceId, adAccountId] of [
      ['ws-hook-a', ACT],
      ['ws-hook-b', ACT],
      ['ws-hook-c', OTHER_ACT],
    ] as const) {
      const ok = await connections.put({
        ...disconnectedConnection(workspaceId, now),
        status: 'connected',
        adAccountId,
        metaUserId: `mu-${workspaceId}`,
        scopes: ['ads_management'],
      });
      if (!ok) throw new Error(`could not seed ${workspaceId}`);
    }
  });
  afterAll(async () => {
    await rt.stop();
    delete process.env.META_WEBHOOK_VERIFY_TOKEN;
    delete process.env.META_WEBHOOK_SIGNING_KEY_CURRENT;
  });

  it('answers the subscription handshake', async () => {
    const ok = await fetch(
      `${url}?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const bad = await fetch(`${url}?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1`);
    expect(bad.status).toBe(403);
  });

  it('a disapproval reaches the mirror and every workspace that picked the ad account, naming the object and reason', async () => {
    const sent = await send(
      withIssuesPayload({
        adAccountId: ACT,
        objectId: '120210000001',
        level: 'AD',
        time: T0,
        errorCode: '1487',
        errorSummary: 'Publicité refusée / Ad rejected',
        reviewFeedback: { global: { LANDING_PAGE_FAIL: 'The landing page does not load.' } },
      }),
    );
    expect(sent.status).toBe(200);
    await rt.idle();

    expect(await new DynamoAdObjectMirror().getObject(ACT, '120210000001')).toMatchObject({
      level: 'ad',
      effectiveStatus: 'WITH_ISSUES',
      issue: { code: '1487', summary: 'Publicité refusée / Ad rejected' },
      reviewFeedback: { LANDING_PAGE_FAIL: 'The landing page does not load.' },
    });
    for (const ws of ['ws-hook-a', 'ws-hook-b']) {
      const [n] = await notifications(ws);
      expect(n).toMatchObject({
        kind: 'ad_disapproved',
        title: 'Ad 120210000001 was disapproved',
        message: expect.stringContaining('LANDING_PAGE_FAIL: The landing page does not load.'),
      });
      expect(n?.message).toContain('Publicité refusée / Ad rejected.');
    }
    expect(await notifications('ws-hook-c')).toEqual([]);
  });

  it('applies a replayed delivery once, even re-batched with other changes', async () => {
    const payload = inProcessPayload({
      adAccountId: ACT,
      objectId: '120210000002',
      level: 'AD_SET',
      time: T0,
      statusName: 'Active',
    });
    for (let i = 0; i < 3; i++) expect((await send(payload)).status).toBe(200);
    const other = inProcessPayload({
      adAccountId: ACT,
      objectId: '120210000003',
      level: 'CAMPAIGN',
      time: T0,
      statusName: 'Paused',
    });
    const rebatched = {
      object: 'ad_account',
      entry: [
        {
          id: '880001',
          time: T0,
          changes: [
            {
              field: 'in_process_ad_objects',
              value: { status_name: 'Active', level: 'AD_SET', id: '120210000002' },
            },
            ...((other as { entry: { changes: unknown[] }[] }).entry[0]?.changes ?? []),
          ],
        },
      ],
    };
    expect((await send(rebatched)).status).toBe(200);
    await Promise.all([send(payload), send(payload), send(rebatched)]);
    await rt.idle();

    const titles = (await notifications('ws-hook-a')).map((n) => n.title);
    expect(titles.filter((t) => t === 'Ad set 120210000002 finished processing')).toHaveLength(1);
    expect(titles.filter((t) => t === 'Campaign 120210000003 finished processing')).toHaveLength(1);
    expect(await new DynamoAdObjectMirror().getObject(ACT, '120210000003')).toMatchObject({
      effectiveStatus: 'PAUSED',
    });
  });

  it('keeps the newer state when events arrive out of order', async () => {
    const objectId = '120210000004';
    await send(
      inProcessPayload({ adAccountId: ACT, objectId, level: 'AD', time: T0 + 120, statusName: 'Active' }),
    );
    await rt.idle();
    await send(
      withIssuesPayload({
        adAccountId: ACT,
        objectId,
        level: 'AD',
        time: T0 + 60,
        errorSummary: 'Older issue',
      }),
    );
    await rt.idle();
    const object = await new DynamoAdObjectMirror().getObject(ACT, objectId);
    expect(object).toMatchObject({
      effectiveStatus: 'ACTIVE',
      statusName: 'Active',
      eventTime: new Date((T0 + 120) * 1000).toISOString(),
    });
    expect(object?.issue).toBeUndefined();
    // Both events are told, each at its own time.
    const mine = (await notifications('ws-hook-a')).filter((n) => n.data.objectId === objectId);
    expect(mine.map((n) => n.title)).toEqual([
      'Ad 120210000004 finished processing',
      'Ad 120210000004 has issues',
    ]);
  });

  it('tells the account status change from the application topic', async () => {
    const sent = await send(
      accountStatusPayload({ appId: '1234', adAccountId: OTHER_ACT, time: T0, accountStatus: 3 }),
    );
    expect(sent.status).toBe(200);
    await rt.idle();
    expect(await new DynamoAdObjectMirror().getAccountStatus(OTHER_ACT)).toMatchObject({
      accountStatus: 3,
      accountStatusName: 'UNSETTLED',
    });
    expect((await notifications('ws-hook-c'))[0]).toMatchObject({
      kind: 'account_status_changed',
      title: `Ad account ${OTHER_ACT} is unsettled (a payment is overdue)`,
    });
  });

  it('records and drops changes for an ad account no connected workspace uses, without retrying them', async () => {
    expect(
      (await send(withIssuesPayload({ adAccountId: UNUSED_ACT, objectId: '1', level: 'AD', time: T0 })))
        .status,
    ).toBe(200);
    await rt.idle();
    expect(await new DynamoAdObjectMirror().listObjects(UNUSED_ACT)).toEqual([]);
    const dlq = await rt.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: rt.queueUrls.webhookEvents?.dlqUrl,
        AttributeNames: ['ApproximateNumberOfMessages'],
      }),
    );
    expect(dlq.Attributes?.ApproximateNumberOfMessages).toBe('0');
  });

  it('refuses every bad input and stores nothing', async () => {
    const payload = withIssuesPayload({
      adAccountId: ACT,
      objectId: '120210000099',
      level: 'AD',
      time: T0,
      errorSummary: 'Café',
    });
    const body = metaWebhookJson(payload);
    const attempts = await Promise.all([
      send(payload, { signature: null }),
      send(payload, { signature: metaWebhookSignature(body, KEY).replace('sha256=', 'md5=') }),
      send(payload, { signature: metaWebhookSignature(body, KEY).slice(0, 40) }),
      send(payload, { signature: metaWebhookSignature(JSON.stringify(payload), KEY) }),
      send(payload, { signature: metaWebhookSignature(body, 'not-the-key') }),
      send(payload, { body: '', signature: 'sha256=' }),
    ]);
    expect(attempts.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 401]);
    const typed = await send(payload, { contentType: 'text/plain' });
    expect(typed.status).toBe(400);
    const huge = `{"object":"ad_account","entry":[],"pad":"${'x'.repeat(1024 * 1024)}"}`;
    expect((await send({}, { body: huge })).status).toBe(413);
    await rt.idle();
    expect(await new DynamoAdObjectMirror().getObject(ACT, '120210000099')).toBeUndefined();
  });

  it('accepts upper-case hex', async () => {
    const payload = inProcessPayload({
      adAccountId: ACT,
      objectId: '120210000005',
      level: 'AD',
      time: T0,
      statusName: 'Active',
    });
    const signature = metaWebhookSignature(metaWebhookJson(payload), KEY).replace(/[0-9a-f]{64}$/, (h) =>
      h.toUpperCase(),
    );
    expect((await send(payload, { signature })).status).toBe(200);
    await rt.idle();
    expect(await new DynamoAdObjectMirror().getObject(ACT, '120210000005')).toMatchObject({
      effectiveStatus: 'ACTIVE',
    });
  });
});
