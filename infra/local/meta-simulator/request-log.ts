import type { RequestFilter, RequestLogEntry } from './types';

function matches(entry: RequestLogEntry, filter: RequestFilter): boolean {
  if (filter.method && filter.method.toUpperCase() !== entry.method) return false;
  if (filter.token !== undefined && filter.token !== entry.token) return false;
  if (filter.viaBatch !== undefined && filter.viaBatch !== entry.viaBatch) return false;
  if (filter.path === undefined) return true;
  return typeof filter.path === 'string' ? filter.path === entry.path : filter.path.test(entry.path);
}

/** Every call answered, in order: tests and the bench count calls per path and token. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
  }

  list(filter: RequestFilter = {}): RequestLogEntry[] {
    return this.entries.filter((entry) => matches(entry, filter));
  }

  count(filter: RequestFilter = {}): number {
    let count = 0;
    for (const entry of this.entries) if (matches(entry, filter)) count += 1;
    return count;
  }

  reset(): void {
    this.entries = [];
  }
}
