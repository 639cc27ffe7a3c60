import { canonicalJson, webhookChangeKey } from '../../../shared/domain/webhook-dedupe-key';

const base = {
  object: 'ad_account',
  entryId: '1',
  entryTime: 1782862117,
  field: 'in_process_ad_objects',
  value: { id: '9', level: 'AD', status_name: 'Active' },
};

describe('webhookChangeKey', () => {
  it('is 64 lower-case hex characters and stable', () => {
    expect(webhookChangeKey(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(webhookChangeKey({ ...base })).toBe(webhookChangeKey(base));
  });

  it('is the same when only the order of the value keys differs (a re-batched retry)', () => {
    expect(webhookChangeKey({ ...base, value: { status_name: 'Active', level: 'AD', id: '9' } })).toBe(
      webhookChangeKey(base),
    );
  });

  it.each([
    ['object', { object: 'application' }],
    ['entry id', { entryId: '2' }],
    ['entry time', { entryTime: base.entryTime + 1 }],
    ['field', { field: 'with_issues_ad_objects' }],
    ['value', { value: { ...base.value, status_name: 'Paused' } }],
  ])('changes with the %s', (_name, override) => {
    expect(webhookChangeKey({ ...base, ...override })).not.toBe(webhookChangeKey(base));
  });

  it('keeps field boundaries apart', () => {
    expect(webhookChangeKey({ ...base, object: 'a\nb', entryId: 'c' })).not.toBe(
      webhookChangeKey({ ...base, object: 'a', entryId: 'b\nc' }),
    );
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: [2, 1, { d: 1, c: 2 }], a: 'é' })).toBe('{"a":"é","b":[2,1,{"c":2,"d":1}]}');
  });

  it('handles scalars and drops undefined members', () => {
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(canonicalJson('x')).toBe('"x"');
  });
});
