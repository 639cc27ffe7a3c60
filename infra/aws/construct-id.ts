/**
 * A manifest name as a construct id: `sync-tasks` / `syncTasks` → `SyncTasks`. Construct ids
 * feed CloudFormation logical ids, so they must stay stable when nothing else changes.
 * @example constructId('meta-webhook') // 'MetaWebhook'
 */
export function constructId(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
