import {
  accountStatusPayload,
  inProcessPayload,
  withIssuesPayload,
} from '../../../infra/local/webhook-sender';
import type { WebhookChangeMessage } from '../../../shared/domain/webhook-change';
import { parseWebhookDelivery } from '../../../shared/domain/webhook-payload';
import { type ApplyDeps, applyWebhookChange } from '../../../shared/webhooks/apply-change';
import {
  InMemoryConnections,
  InMemoryDedupeStore,
  InMemoryMirror,
  InMemoryNotifications,
} from './in-memory-webhook-stores';

const ACT = 'act_1001';
const T0 = 1782860000;

function messagesOf(payload: unknown): WebhookChangeMessage[] {
  const parsed = parseWebhookDelivery(payload);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.changes;
}
function only(payload: unknown): WebhookChangeMessage {
  const [m] = messagesOf(payload);
  if (!m) throw new Error('no change');
  return m;
}

function setup(byAdAccount: Record<string, string[]> = { [ACT]: ['ws-a', 'ws-b'] }) {
  const deps = {
    dedupe: new InMemoryDedupeStore(),
    mirror: new InMemoryMirror(),
    connections: new InMemoryConnections(byAdAccount),
    notifications: new InMemoryNotifications(),
  } satisfies ApplyDeps;
  return deps;
}

const issue = (time: number, objectId = '501') =>
  only(
    withIssuesPayload({
      adAccountId: ACT,
      objectId,
      level: 'AD',
      time,
      errorCode: '1487',
      errorSummary: 'Ad rejected',
    }),
  );
const processed = (time: number, statusName = 'Active', objectId = '501') =>
  only(inProcessPayload({ adAccountId: ACT, objectId, level: 'AD', time, statusName }));

describe('applyWebhookChange', () => {
  it('updates the mirror and notifies every workspace that picked the ad account', async () => {
    const deps = setup();
    await expect(applyWebhookChange(issue(T0), deps)).resolves.toEqual({ outcome: 'applied', notified: 2 });
    expect(await deps.mirror.getObject(ACT, '501')).toMatchObject({
      level: 'ad',
      effectiveStatus: 'WITH_ISSUES',
      issue: { code: '1487', summary: 'Ad rejected' },
      eventTime: new Date(T0 * 1000).toISOString(),
    });
    expect(deps.notifications.of('ws-a').map((n) => n.title)).toEqual(['Ad 501 has issues']);
    expect(deps.notifications.of('ws-b')).toHaveLength(1);
  });

  it('applies a replayed change once, however often it arrives', async () => {
    const deps = setup();
    const m = issue(T0);
    await applyWebhookChange(m, deps);
    await expect(applyWebhookChange(m, deps)).resolves.toEqual({ outcome: 'duplicate' });
    await expect(applyWebhookChange({ ...m }, deps)).resolves.toEqual({ outcome: 'duplicate' });
    expect(deps.notifications.items.size).toBe(2);
  });

  it('applies the same change delivered concurrently (same batch) once', async () => {
    const deps = setup();
    const m = issue(T0);
    const outcomes = await Promise.all([
      applyWebhookChange(m, deps),
      applyWebhookChange(m, deps),
      applyWebhookChange(m, deps),
    ]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['already_applied', 'already_applied', 'applied']);
    expect(deps.notifications.items.size).toBe(2);
    expect(deps.dedupe.marks.size).toBe(1);
  });

  it('never lets an older event overwrite newer state, and still tells it at its own time', async () => {
    const deps = setup({ [ACT]: ['ws-a'] });
    await applyWebhookChange(processed(T0 + 60, 'Paused'), deps);
    await expect(applyWebhookChange(issue(T0), deps)).resolves.toEqual({ outcome: 'stale', notified: 1 });
    const object = await deps.mirror.getObject(ACT, '501');
    expect(object).toMatchObject({ statusName: 'Paused', effectiveStatus: 'PAUSED' });
    expect(object?.issue).toBeUndefined();
    expect(deps.notifications.of('ws-a').map((n) => n.title)).toEqual([
      'Ad 501 finished processing',
      'Ad 501 has issues',
    ]);
  });

  it('ends in the same state whatever order the events arrive in', async () => {
    const events = [
      issue(T0),
      processed(T0 + 10, 'Pending review'),
      issue(T0 + 20),
      processed(T0 + 20, 'Active'),
    ];
    const final = async (order: WebhookChangeMessage[]) => {
      const deps = setup({ [ACT]: ['ws-a'] });
      for (const m of order) await applyWebhookChange(m, deps);
      const { updatedAt: _u, ...object } = (await deps.mirror.getObject(ACT, '501')) ?? { updatedAt: '' };
      return { object, notifications: deps.notifications.of('ws-a').map((n) => n.id) };
    };
    const inOrder = await final(events);
    expect(await final([...events].reverse())).toEqual(inOrder);
    expect(await final([events[2], events[0], events[3], events[1]] as WebhookChangeMessage[])).toEqual(
      inOrder,
    );
    expect(inOrder.notifications).toHaveLength(4);
  });

  it('a newer processed event clears the issue', async () => {
    const deps = setup();
    await applyWebhookChange(issue(T0), deps);
    await applyWebhookChange(processed(T0 + 5, 'Active'), deps);
    const object = await deps.mirror.getObject(ACT, '501');
    expect(object).toMatchObject({ effectiveStatus: 'ACTIVE', statusName: 'Active' });
    expect(object?.issue).toBeUndefined();
  });

  it('records and ignores a change for an ad account no connected workspace uses', async () => {
    const deps = setup({});
    const m = issue(T0);
    await expect(applyWebhookChange(m, deps)).resolves.toEqual({ outcome: 'no_workspace' });
    expect(deps.mirror.objects.size).toBe(0);
    expect(deps.notifications.items.size).toBe(0);
    await expect(applyWebhookChange(m, deps)).resolves.toEqual({ outcome: 'duplicate' });
  });

  it('stores objects it never saw (made in Ads Manager) and names the object when the mirror knows it', async () => {
    const deps = setup({ [ACT]: ['ws-a'] });
    await applyWebhookChange(processed(T0, 'Active', '777'), deps);
    const known = await deps.mirror.getObject(ACT, '777');
    if (known) deps.mirror.objects.set(`${ACT}/777`, { ...known, name: 'Summer sale' });
    await applyWebhookChange(issue(T0 + 1, '777'), deps);
    expect(deps.notifications.of('ws-a')[0]?.title).toBe('Ad "Summer sale" (777) has issues');
  });

  it('applies account status changes to the account record', async () => {
    const deps = setup({ [ACT]: ['ws-a'] });
    const disabled = only(
      accountStatusPayload({
        appId: '9',
        adAccountId: ACT,
        time: T0 + 1,
        accountStatus: 2,
        disableReason: 1,
      }),
    );
    const active = only(accountStatusPayload({ appId: '9', adAccountId: ACT, time: T0, accountStatus: 1 }));
    await applyWebhookChange(disabled, deps);
    await expect(applyWebhookChange(active, deps)).resolves.toMatchObject({ outcome: 'stale' });
    expect(await deps.mirror.getAccountStatus(ACT)).toMatchObject({
      accountStatus: 2,
      accountStatusName: 'DISABLED',
      disableReason: 1,
    });
    expect(deps.notifications.of('ws-a').map((n) => n.kind)).toEqual([
      'account_status_changed',
      'account_status_changed',
    ]);
  });

  it('leaves no mark when a step fails, so the redelivery applies the change', async () => {
    const deps = setup({ [ACT]: ['ws-a'] });
    const m = issue(T0);
    deps.mirror.failNextObjectWrite = true;
    await expect(applyWebhookChange(m, deps)).rejects.toThrow('mirror unavailable');
    expect(deps.dedupe.marks.size).toBe(0);
    await expect(applyWebhookChange(m, deps)).resolves.toEqual({ outcome: 'applied', notified: 1 });
  });

  it('still notifies on a retry after a crash between the mirror write and the notifications', async () => {
    const deps = setup({ [ACT]: ['ws-a'] });
    const m = issue(T0);
    const failingNotifications = { add: async () => Promise.reject(new Error('notifications down')) };
    await expect(applyWebhookChange(m, { ...deps, notifications: failingNotifications })).rejects.toThrow(
      'notifications down',
    );
    await applyWebhookChange(processed(T0 + 30), deps);
    await expect(applyWebhookChange(m, deps)).resolves.toEqual({ outcome: 'stale', notified: 1 });
    expect(deps.notifications.of('ws-a').map((n) => n.title)).toContain('Ad 501 has issues');
  });

  it('records a bare "fields changed" as a pending refresh without notifying', async () => {
    const deps = setup({ [ACT]: ['ws-a'] });
    const [m] = messagesOf({
      object: 'ad_account',
      entry: [
        {
          id: '1001',
          time: T0,
          changes: [
            {
              field: 'field_changed',
              value: { object_id: '501', object_type: 'ad', changed_fields: ['effective_status'] },
            },
          ],
        },
      ],
    });
    if (!m) throw new Error('no change');
    await expect(applyWebhookChange(m, deps)).resolves.toEqual({ outcome: 'applied', notified: 0 });
    expect(await deps.mirror.getObject(ACT, '501')).toMatchObject({ refreshFields: ['effective_status'] });
  });
});
