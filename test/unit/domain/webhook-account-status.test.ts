import {
  accountStatusBlocksDelivery,
  accountStatusLabel,
  accountStatusName,
  disableReasonLabel,
  disableReasonName,
} from '../../../shared/domain/webhook-account-status';

describe('ad account status words', () => {
  it.each([
    [1, 'ACTIVE', false],
    [2, 'DISABLED', true],
    [3, 'UNSETTLED', true],
    [9, 'IN_GRACE_PERIOD', false],
    [101, 'CLOSED', true],
  ])('status %i is %s (blocks delivery: %s)', (code, name, blocks) => {
    expect(accountStatusName(code)).toBe(name);
    expect(accountStatusBlocksDelivery(code)).toBe(blocks);
  });

  it('names disable reasons', () => {
    expect(disableReasonName(1)).toBe('ADS_INTEGRITY_POLICY');
    expect(disableReasonLabel(1)).toBe('an advertising policy violation');
  });

  it('keeps unknown codes readable instead of failing', () => {
    expect(accountStatusName(55)).toBe('STATUS_55');
    expect(accountStatusLabel(55)).toBe('status 55');
    expect(disableReasonName(99)).toBe('REASON_99');
    expect(disableReasonLabel(99)).toBe('reason 99');
  });
});
