import { entryTimeMs, eventOrder, orderDecision } from '../../../shared/domain/webhook-event-order';

const KEY_A = 'a'.repeat(64);
const KEY_B = 'b'.repeat(64);

describe('eventOrder', () => {
  it('sorts by event time first, across digit counts', () => {
    expect(eventOrder(999, KEY_B) < eventOrder(1000, KEY_A)).toBe(true);
    expect(eventOrder(1_782_862_117_000, KEY_B) < eventOrder(1_782_862_118_000, KEY_A)).toBe(true);
  });

  it('breaks a tie in event time by the change key', () => {
    expect(eventOrder(1000, KEY_A) < eventOrder(1000, KEY_B)).toBe(true);
  });
});

describe('orderDecision', () => {
  const older = eventOrder(1000, KEY_A);
  const newer = eventOrder(2000, KEY_A);

  it.each([
    ['nothing stored', undefined, older, 'apply'],
    ['newer than stored', older, newer, 'apply'],
    ['the same change again', newer, newer, 'already_applied'],
    ['older than stored (out of order)', newer, older, 'stale'],
  ] as const)('%s → %s', (_name, stored, incoming, expected) => {
    expect(orderDecision(stored, incoming)).toBe(expected);
  });

  it('converges whatever the arrival order', () => {
    const events = [
      eventOrder(3000, KEY_A),
      eventOrder(1000, KEY_B),
      eventOrder(3000, KEY_B),
      eventOrder(2000, KEY_A),
    ];
    const finalOf = (sequence: string[]) =>
      sequence.reduce<string | undefined>(
        (stored, e) => (orderDecision(stored, e) === 'apply' ? e : stored),
        undefined,
      );
    const expected = finalOf(events);
    expect(finalOf([...events].reverse())).toBe(expected);
    expect(finalOf([events[2], events[0], events[3], events[1]] as string[])).toBe(expected);
  });
});

describe('entryTimeMs', () => {
  it('turns seconds into milliseconds and keeps milliseconds', () => {
    expect(entryTimeMs(1782862117)).toBe(1782862117000);
    expect(entryTimeMs(1782862117123)).toBe(1782862117123);
  });
});
