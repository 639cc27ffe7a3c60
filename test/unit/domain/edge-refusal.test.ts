import { edgeReadWithNothing, type TokenRefusal } from '../../../shared/domain/edge-refusal';
import type { SyncTask } from '../../../shared/domain/sync-plan';

const bmTask = (tokenIds: string[]): SyncTask => ({
  kind: 'business',
  taskId: 'bm-1',
  businessId: '1',
  tokenIds,
  edges: [],
});
const refusals = (entries: [string, TokenRefusal][]) => new Map(entries);

describe('edgeReadWithNothing', () => {
  it('a BM edge every token of the task was refused on permission is read, with nothing through them', () => {
    expect(edgeReadWithNothing(bmTask(['su']), refusals([['su', 'permission']]))).toBe(true);
    expect(
      edgeReadWithNothing(
        bmTask(['su', 'login']),
        refusals([
          ['su', 'permission'],
          ['login', 'permission'],
        ]),
      ),
    ).toBe(true);
  });

  it('an invalid token among them leaves the edge unknown: it may reach it once reconnected', () => {
    expect(
      edgeReadWithNothing(
        bmTask(['su', 'login']),
        refusals([
          ['su', 'permission'],
          ['login', 'invalid'],
        ]),
      ),
    ).toBe(false);
  });

  it('a token of the task not refused in this delivery (retired earlier, secret unreadable) leaves it unknown', () => {
    expect(edgeReadWithNothing(bmTask(['su', 'login']), refusals([['su', 'permission']]))).toBe(false);
    expect(edgeReadWithNothing(bmTask([]), refusals([]))).toBe(false);
  });

  it("a token refused on its own assigned edges is a real failure, not 'not through this token'", () => {
    const task: SyncTask = { kind: 'token', taskId: 'token-su', tokenId: 'su', edges: [] };
    expect(edgeReadWithNothing(task, refusals([['su', 'permission']]))).toBe(false);
  });
});
