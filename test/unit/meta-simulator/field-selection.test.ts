import { parseFields } from '@infra/local/meta-simulator/field-selection';
import { GraphError } from '@infra/local/meta-simulator/graph-error';
import { formatFields } from '@infra/local/meta-simulator/node-rendering';

describe('parseFields (Graph field expansion)', () => {
  it('reads plain, nested and limited fields in order', () => {
    const selection = parseFields('name, business{id,name},owned_ad_accounts.limit(5){name,currency}');
    expect([...selection.keys()]).toEqual(['name', 'business', 'owned_ad_accounts']);
    expect([...(selection.get('business')?.children?.keys() ?? [])]).toEqual(['id', 'name']);
    expect(selection.get('owned_ad_accounts')?.limit).toBe(5);
    expect(formatFields(selection)).toBe('name,business{id,name},owned_ad_accounts.limit(5){name,currency}');
  });

  it('ignores modifiers other than limit', () => {
    expect(parseFields('client_pages.summary(true){name}').get('client_pages')).toEqual({
      children: new Map([['name', {}]]),
    });
  });

  it.each(['name{', 'name,,id', 'a{b}}', 'x.limit(0)', ''])('rejects %p with error 2500', (text) => {
    expect(parseErrorCode(text)).toBe(2500);
  });
});

function parseErrorCode(text: string): number | undefined {
  try {
    parseFields(text);
    return undefined;
  } catch (err: unknown) {
    return err instanceof GraphError ? err.fields.code : undefined;
  }
}
