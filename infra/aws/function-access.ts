import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Access } from '../manifest';
import type { ManifestFunction } from './manifest-function';
import type { ManifestQueues } from './queues';
import type { ManifestSecrets } from './secrets';
import type { StagingBuckets } from './staging-bucket';
import type { ManifestTables } from './tables';

export interface AccessibleResources {
  tables: ManifestTables;
  queues: ManifestQueues;
  buckets: StagingBuckets;
  secrets: ManifestSecrets;
  /** The KMS key that seals the access tokens (token-key.ts). */
  tokenKey: IKey;
  /** Where Meta-facing flows (OAuth callback) send the browser back; config.ts `dashboard`. */
  dashboardUrl: string;
  /** The API's own base URL, the OAuth redirect_uri's origin; config.ts `api`. */
  apiBaseUrl: string;
  /** The dashboard JWT's issuer (the HTTP API authorizer's); config.ts `tokenIssuer`. */
  jwtIssuer: string;
}

/**
 * Grants a function exactly what its manifest `access` lists, each grant with its env
 * variable; a function that lists nothing can touch nothing.
 */
export function grantAccess(fn: ManifestFunction, access: Access, resources: AccessibleResources): void {
  for (const { name, mode } of access.tables ?? []) {
    const { table, spec } = resources.tables.get(name);
    fn.useTable(table, spec, mode);
  }
  for (const name of access.sendTo ?? []) {
    const { queue, spec } = resources.queues.get(name);
    fn.sendTo(queue, spec);
  }
  for (const { name, mode } of access.buckets ?? []) {
    const { bucket, spec } = resources.buckets.get(name);
    fn.useBucket(bucket, spec, mode);
  }
  for (const name of access.secrets ?? []) {
    const { secret, spec } = resources.secrets.get(name);
    fn.readSecret(secret, spec);
  }
  if (access.tokenSecrets) fn.useTokenSecrets(access.tokenSecrets, resources.tokenKey);
  if (access.meta) {
    fn.fn.addEnvironment('DASHBOARD_URL', resources.dashboardUrl);
    fn.fn.addEnvironment('API_BASE_URL', resources.apiBaseUrl);
  }
  if (access.tokenIssuer) {
    fn.fn.addEnvironment('API_BASE_URL', resources.apiBaseUrl);
    fn.fn.addEnvironment('JWT_ISSUER', resources.jwtIssuer);
  }
}
