import { syncMessageSchema } from '../../../shared/sync/sync-messages';

const task = {
  kind: 'business',
  taskId: 'bm-1',
  businessId: '1',
  tokenIds: ['login'],
  edges: [{ edge: 'owned_pages', assetType: 'pages', source: 'owned', record: true, pixels: false }],
};

describe('syncMessageSchema', () => {
  it('reads a planning message, defaulting its attempt', () => {
    expect(
      syncMessageSchema.parse({ kind: 'plan', workspaceId: 'ws', syncRunId: 'sr_1', generation: 2 }),
    ).toEqual({
      kind: 'plan',
      workspaceId: 'ws',
      syncRunId: 'sr_1',
      generation: 2,
      attempt: 0,
    });
  });

  it('reads a task with where it stopped', () => {
    const message = {
      kind: 'task',
      workspaceId: 'ws',
      syncRunId: 'sr_1',
      generation: 1,
      task,
      resume: {
        segment: 2,
        attempt: 1,
        edges: { owned_pages: { cursor: 'abc', done: false } },
        invalidTokenIds: [],
      },
    };
    expect(syncMessageSchema.parse(message)).toEqual({
      ...message,
      resume: { ...message.resume, observed: 0 },
    });
  });

  it('refuses a task without tokens or of an unknown edge', () => {
    const base = { kind: 'task', workspaceId: 'ws', syncRunId: 'sr_1', generation: 1 };
    expect(syncMessageSchema.safeParse({ ...base, task: { ...task, tokenIds: [] } }).success).toBe(false);
    expect(
      syncMessageSchema.safeParse({
        ...base,
        task: { ...task, edges: [{ ...task.edges[0], edge: 'campaigns' }] },
      }).success,
    ).toBe(false);
    expect(syncMessageSchema.safeParse({ kind: 'other' }).success).toBe(false);
  });
});
