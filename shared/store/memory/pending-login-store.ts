import { completionKey, type PendingLogin } from '../../domain/pending-login';
import type { PendingLoginStore } from '../pending-login-store';

export class InMemoryPendingLoginStore implements PendingLoginStore {
  readonly pending = new Map<string, PendingLogin>();

  async save(completion: string, login: PendingLogin): Promise<void> {
    this.pending.set(completionKey(completion), { ...login });
  }

  async consume(completion: string): Promise<PendingLogin | undefined> {
    const key = completionKey(completion);
    const found = this.pending.get(key);
    this.pending.delete(key);
    return found;
  }
}
