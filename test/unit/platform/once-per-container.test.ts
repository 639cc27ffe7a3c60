import { oncePerContainer } from '../../../shared/platform/once-per-container';

describe('oncePerContainer', () => {
  it('builds once and hands every caller the same value', async () => {
    let builds = 0;
    const deps = oncePerContainer(async () => ({ build: ++builds }));
    const [a, b] = await Promise.all([deps(), deps()]);
    expect(a).toBe(b);
    expect(await deps()).toBe(a);
    expect(builds).toBe(1);
  });

  it('forgets a failed build, so the next call tries again', async () => {
    let builds = 0;
    const deps = oncePerContainer(async () => {
      builds++;
      if (builds === 1) throw new Error('Secrets Manager is down');
      return 'built';
    });
    await expect(deps()).rejects.toThrow('Secrets Manager is down');
    await expect(deps()).resolves.toBe('built');
    await expect(deps()).resolves.toBe('built');
    expect(builds).toBe(2);
  });
});
