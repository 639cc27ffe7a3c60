import type { OAuthStatePayload } from '../../domain/oauth-state';
import type { OAuthStateStore } from '../oauth-state-store';

export class InMemoryOAuthStateStore implements OAuthStateStore {
  private readonly pending = new Map<string, OAuthStatePayload>();

  async save(payload: OAuthStatePayload): Promise<void> {
    this.pending.set(payload.nonce, { ...payload });
  }

  async consume(nonce: string): Promise<OAuthStatePayload | undefined> {
    const found = this.pending.get(nonce);
    this.pending.delete(nonce);
    return found;
  }
}
