import { createHmac } from 'node:crypto';
import { metaWebhookJson } from '../../../infra/local/webhook-sender';
import {
  PREVIOUS_KEY_WINDOW_MS,
  previousKeyAccepted,
  type SignatureCheck,
  verifyWebhookSignature,
  type WebhookSigningKeys,
  webhookSignatureHeader,
} from '../../../shared/domain/webhook-signature';

const CURRENT = 'current-signing-key';
const PREVIOUS = 'previous-signing-key';
const NOW = new Date('2026-03-10T12:00:00Z');
const DAY = 24 * 3600 * 1000;

const payload = {
  object: 'ad_account',
  entry: [
    {
      id: '1234567890',
      time: 1773144000,
      changes: [
        {
          field: 'with_issues_ad_objects',
          value: {
            id: '120200000001',
            level: 'AD',
            error_summary: 'Café / Brasserie: image refusée',
            error_code: '1487',
          },
        },
      ],
    },
  ],
};
/** As Meta sends it: `\u00e9` escapes and `\/`. */
const metaBody = Buffer.from(metaWebhookJson(payload));
const hmacHex = (body: Buffer | string, key: string) => createHmac('sha256', key).update(body).digest('hex');
const sig = (body: Buffer | string, key = CURRENT) => `sha256=${hmacHex(body, key)}`;

const reordered = JSON.stringify({ entry: payload.entry, object: payload.object });
const keysCurrentOnly: WebhookSigningKeys = { current: CURRENT };
const rotatedAt = (msBeforeNow: number) => new Date(NOW.getTime() - msBeforeNow).toISOString();
const withPrevious = (rotated?: string): WebhookSigningKeys => ({
  current: CURRENT,
  previous: PREVIOUS,
  ...(rotated === undefined ? {} : { rotatedAt: rotated }),
});

interface Case {
  name: string;
  header: string | undefined;
  body?: Buffer;
  keys?: WebhookSigningKeys;
  expected: SignatureCheck;
}

const hex = hmacHex(metaBody, CURRENT);
const cases: Case[] = [
  { name: 'valid lower-case hex', header: `sha256=${hex}`, expected: { ok: true, key: 'current' } },
  {
    name: 'upper-case hex is accepted',
    header: `sha256=${hex.toUpperCase()}`,
    expected: { ok: true, key: 'current' },
  },
  { name: 'missing header', header: undefined, expected: { ok: false, reason: 'missing' } },
  { name: 'empty header', header: '', expected: { ok: false, reason: 'missing' } },
  { name: 'no prefix', header: hex, expected: { ok: false, reason: 'malformed' } },
  { name: 'wrong prefix sha1=', header: `sha1=${hex}`, expected: { ok: false, reason: 'malformed' } },
  { name: 'upper-case prefix', header: `SHA256=${hex}`, expected: { ok: false, reason: 'malformed' } },
  { name: 'prefix only', header: 'sha256=', expected: { ok: false, reason: 'malformed' } },
  {
    name: 'truncated digest',
    header: `sha256=${hex.slice(0, 63)}`,
    expected: { ok: false, reason: 'malformed' },
  },
  {
    name: 'half a digest',
    header: `sha256=${hex.slice(0, 32)}`,
    expected: { ok: false, reason: 'malformed' },
  },
  { name: 'digest too long', header: `sha256=${hex}0`, expected: { ok: false, reason: 'malformed' } },
  {
    name: 'non-hex characters',
    header: `sha256=${'z'.repeat(64)}`,
    expected: { ok: false, reason: 'malformed' },
  },
  { name: 'surrounding spaces', header: ` sha256=${hex} `, expected: { ok: false, reason: 'malformed' } },
  {
    name: 'two signatures joined',
    header: `sha256=${hex},sha256=${hex}`,
    expected: { ok: false, reason: 'malformed' },
  },
  {
    name: 'signed with another key',
    header: sig(metaBody, 'someone-else'),
    expected: { ok: false, reason: 'mismatch' },
  },
  {
    name: 'signature of re-serialized JSON: UTF-8 instead of \\u escapes',
    header: sig(JSON.stringify(payload)),
    expected: { ok: false, reason: 'mismatch' },
  },
  {
    name: 'signature of re-serialized JSON: different spacing',
    header: sig(JSON.stringify(JSON.parse(metaBody.toString('utf8')), null, 2)),
    expected: { ok: false, reason: 'mismatch' },
  },
  {
    name: 'signature of re-serialized JSON: reordered keys',
    header: sig(reordered),
    expected: { ok: false, reason: 'mismatch' },
  },
  {
    name: 'previous key inside the 7-day window',
    header: sig(metaBody, PREVIOUS),
    keys: withPrevious(rotatedAt(6 * DAY)),
    expected: { ok: true, key: 'previous' },
  },
  {
    name: 'previous key at the very end of the window',
    header: sig(metaBody, PREVIOUS),
    keys: withPrevious(rotatedAt(PREVIOUS_KEY_WINDOW_MS)),
    expected: { ok: false, reason: 'mismatch' },
  },
  {
    name: 'previous key outside the window',
    header: sig(metaBody, PREVIOUS),
    keys: withPrevious(rotatedAt(8 * DAY)),
    expected: { ok: false, reason: 'mismatch' },
  },
  {
    name: 'previous key before the rotation time',
    header: sig(metaBody, PREVIOUS),
    keys: withPrevious(rotatedAt(-DAY)),
    expected: { ok: false, reason: 'mismatch' },
  },
  {
    name: 'previous key without ROTATED_AT is refused',
    header: sig(metaBody, PREVIOUS),
    keys: withPrevious(),
    expected: { ok: false, reason: 'mismatch' },
  },
  {
    name: 'previous key with an unparseable ROTATED_AT is refused',
    header: sig(metaBody, PREVIOUS),
    keys: withPrevious('not a time'),
    expected: { ok: false, reason: 'mismatch' },
  },
  {
    name: 'current key still accepted during the window',
    header: sig(metaBody),
    keys: withPrevious(rotatedAt(DAY)),
    expected: { ok: true, key: 'current' },
  },
  {
    name: 'empty body, signature of the empty body',
    header: sig(''),
    body: Buffer.alloc(0),
    expected: { ok: true, key: 'current' },
  },
  {
    name: 'empty body, signature of another body',
    header: `sha256=${hex}`,
    body: Buffer.alloc(0),
    expected: { ok: false, reason: 'mismatch' },
  },
  {
    name: 'huge body with a wrong signature',
    header: `sha256=${hex}`,
    body: Buffer.alloc(2 * 1024 * 1024, 'a'),
    expected: { ok: false, reason: 'mismatch' },
  },
];

describe('verifyWebhookSignature', () => {
  it.each(cases)('$name', ({ header, body, keys, expected }) => {
    expect(verifyWebhookSignature(body ?? metaBody, header, keys ?? keysCurrentOnly, NOW)).toEqual(expected);
  });

  it('verifies the bytes as sent: one changed byte fails', () => {
    const tampered = Buffer.from(metaBody);
    tampered[tampered.length - 3] = 0x20;
    expect(verifyWebhookSignature(tampered, sig(metaBody), keysCurrentOnly, NOW)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('never throws on hostile headers', () => {
    for (const header of ['sha256=\u0000', `sha256=${'é'.repeat(64)}`, 'sha256='.repeat(1000), '\uffff'])
      expect(() => verifyWebhookSignature(metaBody, header, keysCurrentOnly, NOW)).not.toThrow();
  });
});

describe('webhookSignatureHeader', () => {
  it('is what Meta sends: sha256= and lower-case hex', () => {
    expect(webhookSignatureHeader(metaBody, CURRENT)).toBe(`sha256=${hex}`);
  });
});

describe('previousKeyAccepted', () => {
  it('needs both PREVIOUS and ROTATED_AT', () => {
    expect(previousKeyAccepted({ current: CURRENT, rotatedAt: rotatedAt(0) }, NOW)).toBe(false);
    expect(previousKeyAccepted(withPrevious(), NOW)).toBe(false);
    expect(previousKeyAccepted(withPrevious(rotatedAt(0)), NOW)).toBe(true);
  });
});
