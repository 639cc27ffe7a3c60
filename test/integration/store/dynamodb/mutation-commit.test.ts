import type { ManagedObject } from '../../../../shared/domain/managed-object';
import type { Approval, AuditEntry } from '../../../../shared/domain/mutation';
import { NotFoundError } from '../../../../shared/platform/errors';
import { DynamoApprovalStore } from '../../../../shared/store/dynamodb/approval-store';
import { DynamoAuditStore } from '../../../../shared/store/dynamodb/audit-store';
import { DynamoIdempotencyStore } from '../../../../shared/store/dynamodb/idempotency-store';
import { DynamoManagedObjectStore } from '../../../../shared/store/dynamodb/managed-object-store';
import { DynamoMutationCommit } from '../../../../shared/store/dynamodb/mutation-commit';
import { createLocalMutationTables, type LocalMutationTables } from '../../support/local-app-table';

const NOW = Date.now();
const AT = new Date(NOW).toISOString();

const created: ManagedObject = {
  id: '120330000000001',
  level: 'campaign',
  adAccountId: 'act_1',
  name: 'Spring sale',
  status: 'PAUSED',
  currency: 'USD',
  dailyBudget: 5_000,
  updatedAt: AT,
};

function audit(id: string, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id,
    workspaceId: 'ws-1',
    at: AT,
    actor: { kind: 'user', sub: 'u-1' },
    action: 'create',
    level: 'campaign',
    objectId: created.id,
    adAccountId: 'act_1',
    request: { method: 'POST', path: '/meta/campaigns', body: { name: 'Spring sale' } },
    after: created,
    outcome: { status: 201 },
    ...overrides,
  };
}

const approval: Approval = {
  id: 'ap_0000000001',
  workspaceId: 'ws-1',
  status: 'pending_approval',
  requestedBy: { kind: 'agent', sub: 'agent-a' },
  requestedAt: AT,
  request: {
    op: 'create',
    level: 'campaign',
    body: { name: 'Spring sale' },
    method: 'POST',
    path: '/meta/campaigns',
  },
  rule: { level: 'campaign', action: 'create', effect: 'approve' },
};

describe('DynamoMutationCommit on DynamoDB Local', () => {
  let tables: LocalMutationTables;
  beforeAll(async () => {
    tables = await createLocalMutationTables('commit');
  });
  afterAll(() => tables.close());

  const app = () => ({ client: tables.client, tableName: tables.tableName });
  const now = () => new Date(NOW);
  const commit = () =>
    new DynamoMutationCommit({ ...app(), idempotencyTableName: tables.idempotencyTableName, now });
  const objects = () => new DynamoManagedObjectStore(app());
  const audits = () => new DynamoAuditStore(app());
  const approvals = () => new DynamoApprovalStore(app());
  const keys = () =>
    new DynamoIdempotencyStore({ client: tables.client, tableName: tables.idempotencyTableName, now });
  const claimOptions = { ttlSeconds: 3600, inFlightSeconds: 30 };
  const answer = { status: 201, body: created };

  it('writes the object, the audit entry and the stored answer together', async () => {
    const scope = { workspaceId: 'ws-1', key: 'create-1' };
    expect(await keys().claim(scope, 'fp', claimOptions)).toEqual({ kind: 'claimed', resumed: false });
    await commit().commit({
      object: created,
      audit: audit('au-1'),
      idempotency: { scope, fingerprint: 'fp', answer, ttlSeconds: 3600 },
    });
    expect(await objects().get('act_1', created.id)).toEqual(created);
    expect((await audits().list('ws-1', { limit: 10 })).items).toEqual([audit('au-1')]);
    expect(await keys().claim(scope, 'fp', claimOptions)).toEqual({ kind: 'replay', answer });
  });

  it('records a denied mutation with its audit entry and answer alone', async () => {
    const scope = { workspaceId: 'ws-denied', key: 'k' };
    await keys().claim(scope, 'fp', claimOptions);
    const denied = audit('au-denied', {
      workspaceId: 'ws-denied',
      outcome: { status: 403, code: 'agent_control_denied' },
    });
    const { after: _after, ...refused } = denied;
    await commit().commit({
      audit: refused,
      idempotency: { scope, fingerprint: 'fp', answer: { status: 403 }, ttlSeconds: 3600 },
    });
    expect((await audits().list('ws-denied', { limit: 10 })).items).toEqual([refused]);
    expect(await keys().claim(scope, 'fp', claimOptions)).toEqual({
      kind: 'replay',
      answer: { status: 403 },
    });
  });

  it('creates a pending approval with its audit entry', async () => {
    await commit().commit({ audit: audit('au-proposed', { approvalId: approval.id }), approval });
    expect(await approvals().get('ws-1', approval.id)).toEqual(approval);
  });

  it('records an approved run’s answer on its approval in the same commit', async () => {
    await approvals().decide('ws-1', approval.id, {
      status: 'approved',
      decidedBy: { kind: 'user', sub: 'u-1' },
      decidedAt: AT,
    });
    const ran = { ...created, id: '120330000000002', approvedBy: { kind: 'user' as const, sub: 'u-1' } };
    await commit().commit({
      object: ran,
      audit: audit('au-approved', { approvalId: approval.id, objectId: ran.id }),
      approvalResult: { workspaceId: 'ws-1', id: approval.id, result: { status: 201, body: ran } },
    });
    expect(await approvals().get('ws-1', approval.id)).toMatchObject({
      status: 'approved',
      result: { status: 201, body: ran },
    });
    expect(await objects().get('act_1', ran.id)).toEqual(ran);
  });

  it('writes a new approval and its result as one item', async () => {
    const other = { ...approval, id: 'ap_0000000002' };
    await commit().commit({
      audit: audit('au-both'),
      approval: other,
      approvalResult: { workspaceId: 'ws-1', id: other.id, result: { status: 200 } },
    });
    expect(await approvals().get('ws-1', other.id)).toEqual({ ...other, result: { status: 200 } });
  });

  it('writes nothing when a part fails: a result for an unknown approval is 404', async () => {
    const scope = { workspaceId: 'ws-1', key: 'atomic' };
    await keys().claim(scope, 'fp', claimOptions);
    const object = { ...created, id: '120330000000009' };
    const failing = commit().commit({
      object,
      audit: audit('au-atomic', { workspaceId: 'ws-atomic' }),
      idempotency: { scope, fingerprint: 'fp', answer, ttlSeconds: 3600 },
      approvalResult: { workspaceId: 'ws-1', id: 'ap_unknown', result: { status: 200 } },
    });
    await expect(failing).rejects.toBeInstanceOf(NotFoundError);
    expect(await objects().get('act_1', object.id)).toBeUndefined();
    expect((await audits().list('ws-atomic', { limit: 10 })).items).toEqual([]);
    // The claim is still unfinished: no answer was stored.
    expect(await keys().claim(scope, 'fp', claimOptions)).toEqual({ kind: 'in_flight' });
  });

  it('writes nothing when an approval id already exists', async () => {
    const object = { ...created, id: '120330000000010' };
    await expect(
      commit().commit({ object, audit: audit('au-dup', { workspaceId: 'ws-dup' }), approval }),
    ).rejects.toThrow();
    expect(await objects().get('act_1', object.id)).toBeUndefined();
    expect((await audits().list('ws-dup', { limit: 10 })).items).toEqual([]);
  });
});
