import { encodeCursor, pagedBody, readPageRequest, slicePage } from '@infra/local/meta-simulator/edge-paging';
import { GraphError } from '@infra/local/meta-simulator/graph-error';
import { IdList } from '@infra/local/meta-simulator/id-list';

function listOf(count: number): IdList {
  const list = new IdList();
  for (let i = 1; i <= count; i += 1) list.add(`id${i}`);
  return list;
}

describe('edge paging', () => {
  const link = {
    url: 'http://sim/v26.0/1/owned_pages',
    params: new URLSearchParams({ access_token: 't', fields: 'name' }),
  };

  it('defaults to 25 rows and caps limit at 500', () => {
    expect(readPageRequest(new URLSearchParams()).limit).toBe(25);
    expect(readPageRequest(new URLSearchParams({ limit: '9000' })).limit).toBe(500);
    expect(() => readPageRequest(new URLSearchParams({ limit: '-1' }))).toThrow(GraphError);
  });

  it('pages forward with after and back with before', () => {
    const list = listOf(12);
    const first = slicePage(list, { limit: 5 });
    expect(first).toEqual({ ids: ['id1', 'id2', 'id3', 'id4', 'id5'], hasNext: true, hasPrevious: false });
    const second = slicePage(list, { limit: 5, after: encodeCursor('id5') });
    expect(second.ids).toEqual(['id6', 'id7', 'id8', 'id9', 'id10']);
    const last = slicePage(list, { limit: 5, after: encodeCursor('id10') });
    expect(last).toEqual({ ids: ['id11', 'id12'], hasNext: false, hasPrevious: true });
    expect(slicePage(list, { limit: 5, before: encodeCursor('id6') }).ids).toEqual(first.ids);
  });

  it('builds cursors and next/previous links that keep the query', () => {
    const request = { limit: 5, after: encodeCursor('id5') };
    const slice = slicePage(listOf(12), request);
    const body = pagedBody(slice.ids, slice, request, link);
    expect(body.paging?.cursors).toEqual({ before: encodeCursor('id6'), after: encodeCursor('id10') });
    const next = new URL(body.paging?.next ?? '');
    expect(Object.fromEntries(next.searchParams)).toEqual({
      access_token: 't',
      fields: 'name',
      limit: '5',
      after: encodeCursor('id10'),
    });
    expect(new URL(body.paging?.previous ?? '').searchParams.get('before')).toBe(encodeCursor('id6'));
    expect(pagedBody([], { ids: [], hasNext: false, hasPrevious: false }, request, link)).toEqual({
      data: [],
    });
  });

  it('rejects a cursor naming no row of the edge with error 2642', () => {
    expect(() => slicePage(listOf(3), { limit: 5, after: encodeCursor('gone') })).toThrow(
      '(#2642) Invalid cursors values',
    );
    expect(() => slicePage(listOf(3), { limit: 5, after: '%%%' })).toThrow(GraphError);
  });
});
