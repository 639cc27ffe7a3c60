import {
  DEFAULT_GRAPH_CALL_POLICY,
  initialGraphCallState,
} from '../../../../shared/domain/graph-call-admission';
import { InMemoryRateLimitStore } from '../../../../shared/store/memory/rate-limit-store';

describe('InMemoryRateLimitStore', () => {
  it('starts empty and keeps what decide returns', async () => {
    const store = new InMemoryRateLimitStore();
    expect(await store.get('act_1')).toBeUndefined();
    const state = initialGraphCallState(5, DEFAULT_GRAPH_CALL_POLICY);
    const result = await store.update('act_1', (current) => ({ next: state, result: current }));
    expect(result).toBeUndefined();
    expect(await store.get('act_1')).toEqual(state);
  });

  it('writes nothing when decide returns no next state', async () => {
    const store = new InMemoryRateLimitStore();
    await store.update('act_1', () => ({ next: undefined, result: 1 }));
    expect(await store.get('act_1')).toBeUndefined();
  });
});
