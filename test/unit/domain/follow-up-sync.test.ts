import { ASSET_TYPES } from '../../../shared/domain/asset-type';
import type { PendingSync } from '../../../shared/domain/connection';
import { followUpAfter, satisfiesFollowUp } from '../../../shared/domain/follow-up-sync';

const pending: PendingSync = {
  reason: 'token_added',
  after: 'sr_1',
  requestedAt: '2026-11-23T12:00:00.000Z',
};
const active = (syncRunId: string) => ({
  syncRunId,
  assetTypes: [...ASSET_TYPES],
  startedAt: '2026-11-23T11:59:00.000Z',
  generation: 1,
});

describe('followUpAfter', () => {
  it('starts the follow-up once the run it waits on is off the active list', () => {
    expect(followUpAfter(pending, 'sr_1', [])).toBe('start');
    expect(followUpAfter(pending, 'sr_1', [active('sr_other')])).toBe('start');
  });

  it('waits while that run is still listed: a start now would only join it', () => {
    expect(followUpAfter(pending, 'sr_1', [active('sr_1')])).toBe('wait');
  });

  it('does nothing for another run, or when nothing is pending', () => {
    expect(followUpAfter(pending, 'sr_2', [])).toBe('none');
    expect(followUpAfter(undefined, 'sr_1', [])).toBe('none');
  });
});

describe('satisfiesFollowUp', () => {
  it('a full run started after the request reads the added token', () => {
    expect(
      satisfiesFollowUp(pending, { startedAt: '2026-11-23T12:00:00.001Z', assetTypes: [...ASSET_TYPES] }),
    ).toBe(true);
  });

  it('a run started before (or in the same millisecond), or covering fewer types, does not', () => {
    expect(
      satisfiesFollowUp(pending, { startedAt: '2026-11-23T11:59:59.999Z', assetTypes: [...ASSET_TYPES] }),
    ).toBe(false);
    expect(satisfiesFollowUp(pending, { startedAt: pending.requestedAt, assetTypes: [...ASSET_TYPES] })).toBe(
      false,
    );
    expect(satisfiesFollowUp(pending, { startedAt: '2026-11-23T12:01:00.000Z', assetTypes: ['pages'] })).toBe(
      false,
    );
  });
});
