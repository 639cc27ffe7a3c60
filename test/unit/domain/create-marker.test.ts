import { createMarker, isCreateMarker, MARKER_PREFIX } from '../../../shared/domain/create-marker';

describe('createMarker', () => {
  it('is the same for the same workspace and key, so a retry finds the object', () => {
    const marker = createMarker('ws_1', 'key-1');
    expect(marker).toMatch(/^mab-[0-9a-f]{16}$/);
    expect(marker.startsWith(MARKER_PREFIX)).toBe(true);
    expect(createMarker('ws_1', 'key-1')).toBe(marker);
  });

  it('differs across workspaces and keys', () => {
    const marker = createMarker('ws_1', 'key-1');
    expect(createMarker('ws_2', 'key-1')).not.toBe(marker);
    expect(createMarker('ws_1', 'key-2')).not.toBe(marker);
  });

  it('is random without a key, and never equals a keyed one', () => {
    let n = 0;
    const random = () => `r${n++}`;
    const first = createMarker('ws_1', undefined, random);
    const second = createMarker('ws_1', undefined, random);
    expect(first).not.toBe(second);
    expect(isCreateMarker(first)).toBe(true);
    expect(createMarker('ws_1', undefined, () => 'k')).not.toBe(createMarker('ws_1', 'k'));
    expect(createMarker('ws_1', undefined)).not.toBe(createMarker('ws_1', undefined));
  });

  it('tells our labels from a marketer', () => {
    expect(isCreateMarker(createMarker('ws', 'k'))).toBe(true);
    expect(isCreateMarker('mab-summer')).toBe(false);
    expect(isCreateMarker('Spring sale')).toBe(false);
  });
});
