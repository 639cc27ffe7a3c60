import * as z from 'zod';
import { MetaPermissionError, MetaRequestError } from '../../../shared/platform/errors';
import { json, TOKEN, testClient } from './fake-graph';

describe('GraphClient', () => {
  it('validates an answer with the schema given', async () => {
    const { graph } = testClient(() => json({ id: 'act_1', name: 'Main' }));
    const account = await graph.get('/act_1', {
      accessToken: TOKEN,
      fields: 'id,name',
      schema: z.object({ id: z.string(), name: z.string() }),
    });
    expect(account).toEqual({ id: 'act_1', name: 'Main' });
  });

  it('answers MetaRequestError with the issues when Meta’s answer has another shape', async () => {
    const { graph } = testClient(() => json({ id: 1 }));
    const err = await graph
      .post('/act_1/campaigns', { accessToken: TOKEN, schema: z.object({ id: z.string() }) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MetaRequestError);
    expect((err as MetaRequestError).details).toMatchObject({ issues: [{ path: ['id'] }] });
  });

  it('returns the raw answer without a schema', async () => {
    const { graph } = testClient(() => json({ success: true }));
    await expect(graph.delete('/123', { accessToken: TOKEN })).resolves.toEqual({ success: true });
  });

  describe('getInBody', () => {
    const batchAnswer = (code: number, body: unknown) =>
      json([{ code, headers: [], body: JSON.stringify(body) }]);

    it('sends the GET as a one-item batch, so its parameters travel in the POST body', async () => {
      const { graph, seen } = testClient(() => batchAnswer(200, { data: { is_valid: true } }));
      const answer = await graph.getInBody('/debug_token', {
        accessToken: TOKEN,
        params: { input_token: 'EAAB-inspected-token' },
        schema: z.object({ data: z.object({ is_valid: z.boolean() }) }),
      });
      expect(answer).toEqual({ data: { is_valid: true } });
      expect(seen).toHaveLength(1);
      const [request] = seen;
      expect(request?.method).toBe('POST');
      expect(request?.path).toBe('/');
      expect(request?.url.search).not.toContain('EAAB-inspected-token');
      expect(JSON.parse(request?.params.get('batch') ?? '[]')).toEqual([
        {
          method: 'GET',
          relative_url: expect.stringContaining('debug_token?input_token=EAAB-inspected-token'),
        },
      ]);
    });

    it('throws the item’s typed Meta error', async () => {
      const { graph } = testClient(() =>
        batchAnswer(403, { error: { message: 'no', type: 'OAuthException', code: 200 } }),
      );
      await expect(graph.getInBody('/debug_token', { accessToken: TOKEN })).rejects.toBeInstanceOf(
        MetaPermissionError,
      );
    });
  });
});
