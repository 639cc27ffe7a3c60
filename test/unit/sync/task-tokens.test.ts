import {
  type GraphErrorInfo,
  MetaPermissionError,
  MetaTokenInvalidError,
} from '../../../shared/platform/errors';
import { TaskTokens } from '../../../shared/sync/task-tokens';

const info: GraphErrorInfo = { httpStatus: 400, message: 'no', code: 190 };
const usable = [
  { id: 'login', accessToken: 'EAA-1' },
  { id: 'second', accessToken: 'EAA-2' },
];

describe('TaskTokens', () => {
  it('offers the usable tokens in order', () => {
    const tokens = new TaskTokens(usable);
    expect(tokens.candidates().map((t) => t.id)).toEqual(['login', 'second']);
    expect(tokens.workingIds()).toEqual(['login', 'second']);
  });

  it('drops an invalid token for good', () => {
    const tokens = new TaskTokens(usable);
    tokens.fail({ id: 'login', error: new MetaTokenInvalidError('revoked', info), needsReauth: true });
    expect(tokens.candidates().map((t) => t.id)).toEqual(['second']);
    expect(tokens.invalidIds()).toEqual(['login']);
  });

  it('keeps a token refused only on one edge', () => {
    const tokens = new TaskTokens(usable);
    tokens.fail({
      id: 'login',
      error: new MetaPermissionError('no', { ...info, code: 200 }),
      needsReauth: false,
    });
    expect(tokens.workingIds()).toEqual(['login', 'second']);
    expect(tokens.invalidIds()).toEqual([]);
  });

  it('remembers tokens an earlier delivery found invalid', () => {
    expect(new TaskTokens(usable, ['second']).workingIds()).toEqual(['login']);
  });
});
