import { mergeShardPages } from '../../../shared/domain/shard-merge';

const sk = (item: { sk: string }) => item.sk;
const items = (...keys: string[]) => keys.map((key) => ({ sk: key }));

describe('mergeShardPages', () => {
  it('merges shard pages into sort-key order, cut at the limit', () => {
    const merged = mergeShardPages(
      [
        { items: items('a1', 'a4', 'a7'), more: false },
        { items: items('a2', 'a3'), more: false },
        { items: items('a5', 'a6'), more: false },
      ],
      5,
      sk,
    );
    expect(merged.items.map(sk)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    expect(merged.more).toBe(true);
  });

  it('says there is more when a shard has more, even when the merge fits the page', () => {
    const merged = mergeShardPages(
      [
        { items: items('b1'), more: true },
        { items: [], more: false },
      ],
      3,
      sk,
    );
    expect(merged).toEqual({ items: items('b1'), more: true });
  });

  it('ends the list when every shard is read to the end and the page holds the rest', () => {
    const merged = mergeShardPages(
      [
        { items: items('c2'), more: false },
        { items: items('c1', 'c3'), more: false },
      ],
      3,
      sk,
    );
    expect(merged).toEqual({ items: items('c1', 'c2', 'c3'), more: false });
  });

  it('gives an empty last page for empty shards', () => {
    expect(
      mergeShardPages(
        [
          { items: [], more: false },
          { items: [], more: false },
        ],
        10,
        sk,
      ),
    ).toEqual({ items: [], more: false });
    expect(mergeShardPages([], 10, sk)).toEqual({ items: [], more: false });
  });

  it('pages through shards as one partition: each page resumes every shard after its last key', () => {
    const shards = [
      ['k01', 'k04', 'k05', 'k09', 'k12'],
      ['k02', 'k03', 'k10'],
      [],
      ['k06', 'k07', 'k08', 'k11'],
    ];
    const limit = 3;
    const seen: string[] = [];
    let after: string | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const pages = shards.map((keys) => {
        const rest = keys.filter((key) => after === undefined || key > after);
        return { items: items(...rest.slice(0, limit)), more: rest.length > limit };
      });
      const page = mergeShardPages(pages, limit, sk);
      seen.push(...page.items.map(sk));
      if (!page.more) break;
      after = page.items.at(-1)?.sk;
    }
    expect(seen).toEqual(shards.flat().sort());
  });

  it('counts an item found under two keys once, the earlier page winning', () => {
    const moved = { sk: 'd1', where: 'shard' };
    const old = { sk: 'd1', where: 'old key' };
    const merged = mergeShardPages(
      [
        { items: [moved], more: false },
        { items: [old, { sk: 'd2', where: 'old key' }], more: false },
      ],
      5,
      sk,
    );
    expect(merged.items).toEqual([moved, { sk: 'd2', where: 'old key' }]);
  });

  it('lists newest first when the shards were read backwards', () => {
    const merged = mergeShardPages(
      [
        { items: items('e3', 'e1'), more: false },
        { items: items('e2'), more: false },
      ],
      2,
      sk,
      false,
    );
    expect(merged.items.map(sk)).toEqual(['e3', 'e2']);
    expect(merged.more).toBe(true);
  });

  it('takes nothing for a limit of zero, yet says what is left', () => {
    expect(mergeShardPages([{ items: items('f1'), more: false }], 0, sk)).toEqual({ items: [], more: true });
  });
});
