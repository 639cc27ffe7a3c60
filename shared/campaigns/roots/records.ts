import { auditStore } from '../../store/dynamodb/audit-store';
import { controlsStore } from '../../store/dynamodb/controls-store';
import type { CampaignDeps } from '../campaign-deps';

/**
 * The campaign area's root for the routes that touch only its records (controls, the audit
 * trail): no Graph client, no token, no Meta app secret in their bundles or their grants.
 */
export function campaignRecordDeps(): Pick<CampaignDeps, 'controls' | 'audit' | 'now'> {
  return { controls: controlsStore(), audit: auditStore(), now: Date.now };
}
