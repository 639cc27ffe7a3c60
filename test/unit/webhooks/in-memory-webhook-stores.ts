import type { Notification } from '../../../shared/domain/notification';
import { orderDecision } from '../../../shared/domain/webhook-event-order';
import type { AccountStatusPatch, AdObjectStatePatch } from '../../../shared/domain/webhook-mirror-update';
import type {
  AccountStatusRecord,
  AdObjectMirror,
  AdObjectRecord,
  MirrorWriteResult,
} from '../../../shared/store/ad-object-mirror';
import type { ConnectionStore } from '../../../shared/store/connection-store';
import type { NotificationStore } from '../../../shared/store/notification-store';
import type { WebhookDedupeStore } from '../../../shared/store/webhook-dedupe-store';

/** Small in-memory stand-ins for the webhook consumer's stores, with the same semantics. */

export class InMemoryDedupeStore implements WebhookDedupeStore {
  readonly marks = new Set<string>();
  async isProcessed(key: string): Promise<boolean> {
    return this.marks.has(key);
  }
  async markProcessed(key: string): Promise<boolean> {
    if (this.marks.has(key)) return false;
    this.marks.add(key);
    return true;
  }
}

export class InMemoryMirror implements AdObjectMirror {
  readonly objects = new Map<string, AdObjectRecord>();
  readonly accounts = new Map<string, AccountStatusRecord>();
  /** Makes the next object write throw once (a crash between steps). */
  failNextObjectWrite = false;

  async applyObjectState(patch: AdObjectStatePatch): Promise<MirrorWriteResult<AdObjectRecord>> {
    if (this.failNextObjectWrite) {
      this.failNextObjectWrite = false;
      throw new Error('mirror unavailable');
    }
    const id = `${patch.adAccountId}/${patch.objectId}`;
    const stored = this.objects.get(id);
    const decision = orderDecision(stored?.order, patch.order);
    if (decision !== 'apply') return { outcome: decision, record: stored };
    const next: Record<string, unknown> = {
      ...stored,
      adAccountId: patch.adAccountId,
      id: patch.objectId,
      level: patch.level,
      eventTime: patch.eventTime,
      order: patch.order,
      updatedAt: new Date().toISOString(),
      ...patch.set,
    };
    for (const field of patch.clear) if (!(field in patch.set)) delete next[field];
    this.objects.set(id, next as unknown as AdObjectRecord);
    return { outcome: 'applied', record: next as unknown as AdObjectRecord };
  }

  async applyAccountStatus(patch: AccountStatusPatch): Promise<MirrorWriteResult<AccountStatusRecord>> {
    const stored = this.accounts.get(patch.adAccountId);
    const decision = orderDecision(stored?.order, patch.order);
    if (decision !== 'apply') return { outcome: decision, record: stored };
    const next = { ...patch, updatedAt: new Date().toISOString() };
    this.accounts.set(patch.adAccountId, next);
    return { outcome: 'applied', record: next };
  }

  async getObject(adAccountId: string, objectId: string): Promise<AdObjectRecord | undefined> {
    return this.objects.get(`${adAccountId}/${objectId}`);
  }

  async listObjects(adAccountId: string): Promise<AdObjectRecord[]> {
    return [...this.objects.values()].filter((o) => o.adAccountId === adAccountId);
  }

  async getAccountStatus(adAccountId: string): Promise<AccountStatusRecord | undefined> {
    return this.accounts.get(adAccountId);
  }
}

export class InMemoryConnections implements Pick<ConnectionStore, 'workspacesUsingAdAccount'> {
  constructor(readonly byAdAccount: Record<string, string[]> = {}) {}
  async workspacesUsingAdAccount(adAccountId: string): Promise<string[]> {
    return this.byAdAccount[adAccountId] ?? [];
  }
}

export class InMemoryNotifications implements Pick<NotificationStore, 'add'> {
  /** Keyed like the DynamoDB store (workspace, time, id): the same notification twice is one. */
  readonly items = new Map<string, Notification>();
  async add(n: Notification): Promise<void> {
    this.items.set(`${n.workspaceId}#${n.at}#${n.id}`, n);
  }
  of(workspaceId: string): Notification[] {
    return [...this.items.values()]
      .filter((n) => n.workspaceId === workspaceId)
      .sort((a, b) => `${b.at}#${b.id}`.localeCompare(`${a.at}#${a.id}`));
  }
}
