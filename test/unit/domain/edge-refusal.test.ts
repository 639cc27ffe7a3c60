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
const noPeople = new Set<string>();

describe('edgeReadWithNothing', () => {
  it('a BM edge refused on permission to every system user of the task is read, with nothing through them', () => {
    expect(edgeReadWithNothing(bmTask(['su']), refusals([['su', 'permission']]), noPeople)).toBe(true);
    expect(
      edgeReadWithNothing(
        bmTask(['su', 'su2']),
        refusals([
          ['su', 'permission'],
          ['su2', 'permission'],
        ]),
        noPeople,
      ),
    ).toBe(true);
  });

  it('a person refused on a BM it is listed on is a failure: a person reaches what its BMs hold', () => {
    const both = refusals([
      ['su', 'permission'],
      ['login', 'permission'],
    ]);
    expect(edgeReadWithNothing(bmTask(['su', 'login']), both, new Set(['login']))).toBe(false);
    expect(
      edgeReadWithNothing(bmTask(['login']), refusals([['login', 'permission']]), new Set(['login'])),
    ).toBe(false);
  });

  it('an invalid token among them leaves the edge unknown: it may reach it once reconnected', () => {
    expect(
      edgeReadWithNothing(
        bmTask(['su', 'login']),
        refusals([
          ['su', 'permission'],
          ['login', 'invalid'],
        ]),
        noPeople,
      ),
    ).toBe(false);
  });

  it('a token of the task not refused in this delivery (retired earlier, secret unreadable) leaves it unknown', () => {
    expect(edgeReadWithNothing(bmTask(['su', 'su2']), refusals([['su', 'permission']]), noPeople)).toBe(
      false,
    );
    expect(edgeReadWithNothing(bmTask([]), refusals([]), noPeople)).toBe(false);
  });

  it("a token refused on its own assigned edges is a real failure, not 'not through this token'", () => {
    const task: SyncTask = { kind: 'token', taskId: 'token-su', tokenId: 'su', edges: [] };
    expect(edgeReadWithNothing(task, refusals([['su', 'permission']]), noPeople)).toBe(false);
  });
});
