import * as z from 'zod';
import { MetaRequestError } from '../../../shared/platform/errors';
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
});
