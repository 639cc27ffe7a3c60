import type { TokenVault } from '../token-vault';

export class InMemoryTokenVault implements TokenVault {
  readonly secrets = new Map<string, string>();

  async put(name: string, accessToken: string): Promise<string> {
    this.secrets.set(name, accessToken);
    return name;
  }

  async replace(secretId: string, accessToken: string): Promise<void> {
    if (!this.secrets.has(secretId)) throw new Error(`no secret ${secretId}`);
    this.secrets.set(secretId, accessToken);
  }

  async get(secretId: string): Promise<string> {
    const value = this.secrets.get(secretId);
    if (value === undefined) throw new Error(`no secret ${secretId}`);
    return value;
  }

  async delete(secretId: string): Promise<void> {
    this.secrets.delete(secretId);
  }
}
