import * as z from 'zod';
import { type GraphPage, pagingCheckpointOf } from '../../../shared/meta/graph-paging';
import { MetaRequestError, MetaThrottledError, MetaTransientError } from '../../../shared/platform/errors';
import { graphError, json, type SeenRequest, TOKEN, testClient } from './fake-graph';

/** A fake edge of `total` rows `{id}` paged by `after` cursors, as Meta pages. */
function edge(total: number, options: { maxLimit?: number } = {}) {
  const rows = Array.from({ length: total }, (_, i) => ({ id: String(i + 1) }));
  return (req: SeenRequest) => {
    const limit = Math.min(Number(req.params.get('limit') ?? 25), options.maxLimit ?? 500);
    const after = req.params.get('after');
    const start = after === null ? 0 : Number(Buffer.from(after, 'base64').toString());
    const data = rows.slice(start, start + limit);
    const end = start + data.length;
    const cursor = Buffer.from(String(end)).toString('base64');
    return json({
      data,
      paging: {
        cursors: { before: 'b', after: cursor },
        ...(end < total
          ? { next: `http://graph.test/v26.0/x?access_token=${TOKEN}&limit=${limit}&after=${cursor}` }
          : {}),
      },
    });
  };
}

async function collect<T>(pages: AsyncIterable<GraphPage<T>>): Promise<GraphPage<T>[]> {
  const out: GraphPage<T>[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

describe('GraphClient.pages', () => {
  it('reads an edge to the end with the largest page, one request per page', async () => {
    const { graph, seen } = testClient(edge(2300));
    const pages = await collect(
      graph.pages('/123/owned_ad_accounts', { accessToken: TOKEN, fields: ['id', 'name'] }),
    );
    expect(pages.map((p) => p.items.length)).toEqual([500, 500, 500, 500, 300]);
    expect(pages.flatMap((p) => p.items)).toHaveLength(2300);
    expect(seen).toHaveLength(5);
    expect(seen.every((r) => r.params.get('limit') === '500' && r.params.get('fields') === 'id,name')).toBe(
      true,
    );
    expect(seen[0]?.params.has('after')).toBe(false);
    expect(seen[1]?.params.get('after')).toBe(pages[0]?.nextCursor);
    expect(pages[4]?.nextCursor).toBeUndefined();
  });

  it('builds each follow-up from the cursor: Meta’s next links carry the token, our URLs never do', async () => {
    const { graph, seen } = testClient(edge(1200));
    const pages = await collect(graph.pages('/123/owned_ad_accounts', { accessToken: TOKEN }));
    expect(pages).toHaveLength(3);
    for (const req of seen) {
      expect(req.url.toString()).not.toContain(TOKEN);
      expect(req.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    }
    expect(pages.map((p) => p.nextCursor ?? '').join()).not.toContain(TOKEN);
  });

  it('validates items with the schema given', async () => {
    const { graph } = testClient(edge(3));
    const items = await graph.pageAll('/me/adaccounts', {
      accessToken: TOKEN,
      schema: z.object({ id: z.string() }).transform((r) => Number(r.id)),
    });
    expect(items).toEqual([1, 2, 3]);
    await expect(
      graph.pageAll('/me/adaccounts', { accessToken: TOKEN, schema: z.object({ name: z.string() }) }),
    ).rejects.toBeInstanceOf(MetaRequestError);
  });

  it('reads an empty edge as one empty page', async () => {
    const { graph } = testClient(() => json({ data: [] }));
    expect(await collect(graph.pages('/me/businesses', { accessToken: TOKEN }))).toEqual([
      { items: [], restarted: false },
    ]);
  });

  it('resumes from a cursor', async () => {
    const { graph, seen } = testClient(edge(1200));
    const first = await graph.pages('/e', { accessToken: TOKEN }).next();
    const cursor = first.done ? undefined : first.value.nextCursor;
    expect(cursor).toBeDefined();
    const rest = await collect(graph.pages('/e', { accessToken: TOKEN, startCursor: cursor }));
    expect(rest.flatMap((p) => p.items).map((r) => (r as { id: string }).id)[0]).toBe('501');
    expect(rest.flatMap((p) => p.items)).toHaveLength(700);
    expect(seen[1]?.params.get('after')).toBe(cursor);
  });

  it('halves the limit when Meta asks for less data, then grows it back', async () => {
    const serve = edge(1500);
    let failed = false;
    const { graph, seen } = testClient((req) => {
      if (!failed && req.params.get('after') !== null) {
        failed = true;
        return graphError(500, {
          code: 1,
          message: "Please reduce the amount of data you're asking for, then retry your request",
        });
      }
      return serve(req);
    });
    const items = (await graph.pageAll('/act_1/ads', { accessToken: TOKEN })) as { id: string }[];
    expect(items).toHaveLength(1500);
    expect(new Set(items.map((i) => i.id)).size).toBe(1500);
    expect(seen.map((r) => r.params.get('limit'))).toEqual(['500', '500', '250', '500', '500']);
  });

  it('restarts the edge from the beginning after an invalid cursor', async () => {
    const serve = edge(1200);
    let broke = false;
    const { graph } = testClient((req, i) => {
      if (i === 2 && !broke) {
        broke = true;
        return graphError(400, { code: 2642, message: '(#2642) Invalid cursors values' });
      }
      return serve(req);
    });
    const pages = await collect(graph.pages('/e', { accessToken: TOKEN }));
    expect(pages.map((p) => [p.items.length, p.restarted])).toEqual([
      [500, false],
      [500, false],
      [500, true],
      [500, false],
      [200, false],
    ]);
    // pageAll drops what it collected before the restart, so nothing is counted twice.
    broke = false;
    const { graph: again } = testClient((req, i) => {
      if (i === 2 && !broke) {
        broke = true;
        return graphError(400, { code: 2642, message: '(#2642) Invalid cursors values' });
      }
      return serve(req);
    });
    expect(await again.pageAll('/e', { accessToken: TOKEN })).toHaveLength(1200);
  });

  it('gives up when the cursor goes invalid again after a restart', async () => {
    const serve = edge(1200);
    const { graph } = testClient((req) =>
      req.params.get('after') !== null
        ? graphError(400, { code: 100, message: '(#2642) Invalid cursors values' })
        : serve(req),
    );
    await expect(graph.pageAll('/e', { accessToken: TOKEN })).rejects.toBeInstanceOf(MetaRequestError);
  });

  it('throws a long throttle with the checkpoint of the next page, and resumes from it', async () => {
    const serve = edge(1500);
    let throttled = false;
    const { graph, clock } = testClient((req, i) => {
      if (i === 2 && !throttled) {
        throttled = true;
        return graphError(
          400,
          { code: 80004, message: 'There have been too many calls to this ad-account' },
          {
            'x-business-use-case-usage':
              '{"act_1":[{"type":"ads_management","estimated_time_to_regain_access":10}]}',
          },
        );
      }
      return serve(req);
    });
    const delivered: string[] = [];
    let lastCursor: string | undefined;
    const err = await (async () => {
      for await (const page of graph.pages('/act_1/campaigns', { accessToken: TOKEN })) {
        delivered.push(...page.items.map((r) => (r as { id: string }).id));
        lastCursor = page.nextCursor;
      }
    })().catch((e: unknown) => e);

    expect(err).toBeInstanceOf(MetaThrottledError);
    expect((err as MetaThrottledError).retryAfterSeconds).toBe(600);
    expect(delivered).toHaveLength(1000);
    const checkpoint = pagingCheckpointOf(err);
    expect(checkpoint).toEqual({ edge: '/act_1/campaigns', cursor: lastCursor });

    clock.advance(600_000);
    const rest = await graph.pageAll('/act_1/campaigns', {
      accessToken: TOKEN,
      startCursor: checkpoint?.cursor,
    });
    expect([...delivered, ...(rest as { id: string }[]).map((r) => r.id)]).toEqual(
      Array.from({ length: 1500 }, (_, i) => String(i + 1)),
    );
  });

  it('puts the checkpoint on a transient failure that outlasts the retries', async () => {
    const serve = edge(1000);
    const { graph } = testClient((req, i) =>
      i === 0 ? serve(req) : graphError(503, { code: 2, is_transient: true }),
    );
    const err = await graph.pageAll('/e', { accessToken: TOKEN }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MetaTransientError);
    expect(pagingCheckpointOf(err)?.cursor).toBe(Buffer.from('500').toString('base64'));
  });

  it('has no checkpoint on errors that are not about waiting', () => {
    expect(pagingCheckpointOf(new Error('x'))).toBeUndefined();
    expect(
      pagingCheckpointOf(
        new MetaRequestError('x', { httpStatus: 400, message: 'x' }, { details: { checkpoint: 1 } }),
      ),
    ).toBeUndefined();
  });

  it('follows a next link without cursors (offset paging), keeping secrets out of the cursor', async () => {
    const { graph, seen } = testClient((req) => {
      const offset = Number(req.params.get('offset') ?? 0);
      const data = [{ id: String(offset) }];
      return json({
        data,
        paging:
          offset < 2
            ? {
                next: `http://graph.test/v26.0/e?access_token=${TOKEN}&appsecret_proof=p&limit=1&offset=${offset + 1}`,
              }
            : {},
      });
    });
    const pages = await collect(graph.pages('/e', { accessToken: TOKEN, limit: 1 }));
    expect(pages.map((p) => p.items)).toEqual([[{ id: '0' }], [{ id: '1' }], [{ id: '2' }]]);
    expect(pages[0]?.nextCursor).toBe('?offset=1');
    expect(seen[1]?.params.get('offset')).toBe('1');
    expect(seen.some((req) => req.url.toString().includes(TOKEN))).toBe(false);
  });

  it('stops when Meta repeats a cursor instead of looping forever', async () => {
    const { graph, seen } = testClient(() =>
      json({
        data: [{ id: '1' }],
        paging: { cursors: { after: 'same' }, next: 'http://graph.test/v26.0/e?after=same' },
      }),
    );
    const pages = await collect(graph.pages('/e', { accessToken: TOKEN }));
    expect(pages).toHaveLength(2);
    expect(seen).toHaveLength(2);
  });

  it('rejects an answer that is not a page', async () => {
    const { graph } = testClient(() => json({ id: '1' }));
    await expect(graph.pageAll('/e', { accessToken: TOKEN })).rejects.toBeInstanceOf(MetaRequestError);
  });
});
