import { InMemoryIdempotencyStore } from '../../../../shared/store/memory/idempotency-store';

describe('InMemoryIdempotencyStore', () => {
  let nowMs = Date.parse('2026-12-01T10:00:00.000Z');
  const store = new InMemoryIdempotencyStore({ now: () => new Date(nowMs) });
  const options = { ttlSeconds: 60, inFlightSeconds: 10 };
  const scope = { workspaceId: 'ws-1', key: 'k' };
  const answer = { status: 201, body: { id: '1' } };

  it('follows the DynamoDB store’s claim rules: claimed, in_flight, mismatch, replay', async () => {
    expect(await store.claim(scope, 'fp', options)).toEqual({ kind: 'claimed', resumed: false });
    expect(await store.claim(scope, 'fp', options)).toEqual({ kind: 'in_flight' });
    expect(await store.claim(scope, 'other', options)).toEqual({ kind: 'mismatch' });
    expect(await store.claim({ ...scope, workspaceId: 'ws-2' }, 'fp', options)).toEqual({
      kind: 'claimed',
      resumed: false,
    });
    await store.complete(scope, 'fp', answer, 60);
    expect(await store.claim(scope, 'fp', options)).toEqual({ kind: 'replay', answer });
    expect(await store.claim(scope, 'other', options)).toEqual({ kind: 'mismatch' });
  });

  it('frees a key when its TTL passes, and an abandoned claim when its in-flight time passes', async () => {
    nowMs += 61_000;
    expect(await store.claim(scope, 'other', options)).toEqual({ kind: 'claimed', resumed: false });
    nowMs += 11_000;
    // Taken over from an abandoned claim: the dead attempt may have applied.
    expect(await store.claim(scope, 'other', options)).toEqual({ kind: 'claimed', resumed: true });
  });

  it('releases only the same request’s unfinished claim', async () => {
    const released = { workspaceId: 'ws-1', key: 'release' };
    await store.claim(released, 'fp', options);
    await store.release(released, 'other');
    expect(await store.claim(released, 'fp', options)).toEqual({ kind: 'in_flight' });
    await store.release(released, 'fp');
    expect(await store.claim(released, 'fp', options)).toEqual({ kind: 'claimed', resumed: false });
    await store.complete(released, 'fp', answer, 60);
    await store.release(released, 'fp');
    expect(await store.claim(released, 'fp', options)).toEqual({ kind: 'replay', answer });
  });
});
