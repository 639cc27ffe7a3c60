import { listPickableAdAccounts, pickAdAccount } from '../../../shared/connect/ad-accounts';
import { addSystemUserToken } from '../../../shared/connect/system-user-token';
import { errorFields } from '../../../shared/platform/error-fields';
import { ConflictError, NotFoundError, UnprocessableError } from '../../../shared/platform/errors';
import { logger } from '../../../shared/platform/observability';
import { alice, bob, connectHarness } from './connect-harness';
import { connectAs } from './connected-workspace';

const acct = (id: string, name: string) => ({ id, name, currency: 'USD' });

describe('ad accounts', () => {
  it('lists what the tokens reach, merged and sorted', async () => {
    const h = connectHarness();
    await connectAs(h, alice, 'c1');
    h.deps.meta.adAccounts.set('user-of-c1', [acct('act_2', 'Zeta'), acct('act_1', 'Alpha')]);
    const su = h.deps.meta.issue({ userId: 'su-9', type: 'SYSTEM_USER' });
    h.deps.meta.adAccounts.set('su-9', [acct('act_1', 'Alpha'), acct('act_3', 'Mid')]);
    await addSystemUserToken(h.deps, 'ws-1', { accessToken: su, label: 'BM system user' });
    expect((await listPickableAdAccounts(h.deps, 'ws-1')).map((a) => a.id)).toEqual([
      'act_1',
      'act_3',
      'act_2',
    ]);
  });

  it('refuses a disconnected workspace with not_connected', async () => {
    const h = connectHarness();
    await expect(listPickableAdAccounts(h.deps, 'ws-1')).rejects.toMatchObject({ code: 'not_connected' });
    await expect(pickAdAccount(h.deps, 'ws-1', 'act_1')).rejects.toBeInstanceOf(ConflictError);
  });

  it('picks an account checked live at Meta and subscribes the app', async () => {
    const h = connectHarness();
    await connectAs(h, alice, 'c1');
    h.deps.meta.adAccounts.set('user-of-c1', [acct('act_1', 'Alpha')]);
    expect(await pickAdAccount(h.deps, 'ws-1', 'act_1')).toMatchObject({ id: 'act_1', name: 'Alpha' });
    expect((await h.deps.connections.get('ws-1')).adAccountId).toBe('act_1');
    expect(h.deps.meta.subscribed).toEqual(new Set(['act_1']));
    expect(await h.deps.connections.workspacesUsingAdAccount('act_1')).toEqual(['ws-1']);
  });

  it('answers 404 for an account no token can read, whatever the body claims', async () => {
    const h = connectHarness();
    await connectAs(h, alice, 'c1');
    await expect(pickAdAccount(h.deps, 'ws-1', 'act_404')).rejects.toBeInstanceOf(NotFoundError);
    await expect(pickAdAccount(h.deps, 'ws-1', 'nonsense')).rejects.toBeInstanceOf(NotFoundError);
    expect((await h.deps.connections.get('ws-1')).adAccountId).toBeUndefined();
  });

  it('fails over to a token that can read the account', async () => {
    const h = connectHarness();
    await connectAs(h, alice, 'c1');
    const su = h.deps.meta.issue({ userId: 'su-9', type: 'SYSTEM_USER' });
    h.deps.meta.adAccounts.set('su-9', [acct('act_7', 'Seven')]);
    await addSystemUserToken(h.deps, 'ws-1', { accessToken: su, label: 'BM system user' });
    expect((await pickAdAccount(h.deps, 'ws-1', 'act_7')).id).toBe('act_7');
  });

  it('unsubscribes the previous account only when no other workspace uses it', async () => {
    const h = connectHarness();
    await connectAs(h, alice, 'c1');
    await connectAs(h, bob, 'c2');
    h.deps.meta.adAccounts.set('user-of-c1', [acct('act_1', 'A'), acct('act_2', 'B'), acct('act_3', 'C')]);
    h.deps.meta.adAccounts.set('user-of-c2', [acct('act_1', 'A')]);
    await pickAdAccount(h.deps, 'ws-1', 'act_1');
    await pickAdAccount(h.deps, 'ws-2', 'act_1');
    await pickAdAccount(h.deps, 'ws-1', 'act_2');
    expect(h.deps.meta.subscribed).toEqual(new Set(['act_1', 'act_2']));
    await pickAdAccount(h.deps, 'ws-1', 'act_3');
    expect(h.deps.meta.subscribed).toEqual(new Set(['act_1', 'act_3']));
  });
});

describe('system-user tokens', () => {
  it('adds a valid system-user token under a stable id', async () => {
    const h = connectHarness();
    await connectAs(h, alice, 'c1');
    const su = h.deps.meta.issue({ userId: 'su-9', type: 'SYSTEM_USER', expiresAt: 0 });
    const ref = await addSystemUserToken(h.deps, 'ws-1', { accessToken: su, label: 'BM system user' });
    expect(ref).toMatchObject({
      tokenId: 'su-su-9',
      kind: 'system_user',
      label: 'BM system user',
      status: 'active',
    });
    expect(ref.expiresAt).toBeUndefined();
    await addSystemUserToken(h.deps, 'ws-1', { accessToken: su, label: 'renamed' });
    expect(await h.deps.connections.listTokens('ws-1')).toHaveLength(2);
    // Each add syncs, so the token's assets appear without another click.
    expect(h.tokenSyncs).toEqual(['ws-1', 'ws-1']);
  });

  it.each([
    ['409 sync_busy', () => new ConflictError('busy', { code: 'sync_busy' })],
    ['an SQS error', () => Object.assign(new Error('Service unavailable'), { name: 'QueueDoesNotExist' })],
  ])(
    'keeps the added token and answers when the sync fails to start (%s), logging the failure',
    async (_name, failure) => {
      const h = connectHarness();
      await connectAs(h, alice, 'c1');
      const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
      h.deps.startSyncForNewToken = async () => {
        throw failure();
      };
      const su = h.deps.meta.issue({ userId: 'su-9', type: 'SYSTEM_USER', expiresAt: 0 });
      try {
        await expect(
          addSystemUserToken(h.deps, 'ws-1', { accessToken: su, label: 'BM' }),
        ).resolves.toMatchObject({
          tokenId: 'su-su-9',
        });
        expect(await h.deps.connections.listTokens('ws-1')).toHaveLength(2);
        const err = failure();
        expect(warn).toHaveBeenCalledWith(expect.stringMatching(/periodic sync/), {
          workspaceId: 'ws-1',
          error: errorFields(err),
        });
      } finally {
        warn.mockRestore();
      }
    },
  );

  it.each([
    ['an invalid token', () => 'EAAunknown', 'token_invalid'],
    [
      'a user token',
      (h: ReturnType<typeof connectHarness>) => h.deps.meta.issue({ userId: 'u5' }),
      'not_system_user_token',
    ],
    [
      "another app's token",
      (h: ReturnType<typeof connectHarness>) =>
        h.deps.meta.issue({ userId: 'su-1', type: 'SYSTEM_USER', appId: 'other' }),
      'token_app_mismatch',
    ],
  ])('refuses %s with 422', async (_name, make, code) => {
    const h = connectHarness();
    await connectAs(h, alice, 'c1');
    const err = await addSystemUserToken(h.deps, 'ws-1', { accessToken: make(h), label: 'x' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UnprocessableError);
    expect(err).toMatchObject({ code, details: expect.objectContaining({ field: 'accessToken' }) });
    expect(await h.deps.connections.listTokens('ws-1')).toHaveLength(1);
    expect(h.tokenSyncs).toEqual([]);
  });
});
