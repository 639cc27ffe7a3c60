import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  accountStatusPayload,
  inProcessPayload,
  metaWebhookJson,
  metaWebhookSignature,
  sendMetaWebhook,
  withIssuesPayload,
} from '../../../infra/local/webhook-sender';

describe('metaWebhookJson', () => {
  it('escapes non-ASCII as lower-case \\u and slashes as \\/ like Meta', () => {
    expect(metaWebhookJson({ name: 'Café / Bar', emoji: '😀', ascii: 'a"b\\c' })).toBe(
      '{"name":"Caf\\u00e9 \\/ Bar","emoji":"\\ud83d\\ude00","ascii":"a\\"b\\\\c"}',
    );
  });

  it('parses back to the same value', () => {
    const value = { text: 'Über / straße ✓', n: 1, list: ['é', '/'] };
    expect(JSON.parse(metaWebhookJson(value))).toEqual(value);
  });
});

describe('metaWebhookSignature', () => {
  it('is sha256= and 64 lower-case hex digits', () => {
    expect(metaWebhookSignature('{}', 'k')).toMatch(/^sha256=[0-9a-f]{64}$/);
  });
});

describe('payload builders', () => {
  it('build Meta-shaped deliveries', () => {
    expect(
      withIssuesPayload({ adAccountId: 'act_1', objectId: '2', level: 'AD', time: 3, errorCode: '567' }),
    ).toEqual({
      object: 'ad_account',
      entry: [
        {
          id: '1',
          time: 3,
          changes: [{ field: 'with_issues_ad_objects', value: { id: '2', level: 'AD', error_code: '567' } }],
        },
      ],
    });
    expect(
      inProcessPayload({ adAccountId: '1', objectId: '2', level: 'CAMPAIGN', time: 3, statusName: 'Active' }),
    ).toMatchObject({
      entry: [{ changes: [{ field: 'in_process_ad_objects', value: { status_name: 'Active' } }] }],
    });
    expect(
      accountStatusPayload({ appId: '9', adAccountId: 'act_1', time: 3, accountStatus: 2, disableReason: 1 }),
    ).toEqual({
      object: 'application',
      entry: [
        {
          id: '9',
          time: 3,
          changes: [{ field: 'ad_account', value: { id: '1', account_status: 2, disable_reason: 1 } }],
        },
      ],
    });
  });
});

describe('sendMetaWebhook', () => {
  it('POSTs the exact signed bytes over HTTP', async () => {
    const received: { headers: IncomingMessage['headers']; body: string }[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":1}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/meta`;
      const sent = await sendMetaWebhook(url, { name: 'é/' }, { key: 'k' });
      expect(sent).toMatchObject({ status: 200, body: '{"accepted":1}' });
      expect(received[0]?.body).toBe('{"name":"\\u00e9\\/"}');
      expect(received[0]?.headers['x-hub-signature-256']).toBe(
        metaWebhookSignature('{"name":"\\u00e9\\/"}', 'k'),
      );
      expect(received[0]?.headers['content-type']).toBe('application/json');

      await sendMetaWebhook(url, {}, { key: 'k', signature: null, body: 'raw', contentType: 'text/plain' });
      expect(received[1]).toMatchObject({ body: 'raw', headers: { 'content-type': 'text/plain' } });
      expect(received[1]?.headers['x-hub-signature-256']).toBeUndefined();
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
