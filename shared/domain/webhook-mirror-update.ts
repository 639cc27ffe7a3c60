import { accountStatusName, disableReasonName } from './webhook-account-status';
import type { AdObjectLevel, WebhookChangeMessage } from './webhook-change';
import { eventOrder } from './webhook-event-order';

/** What Meta said went wrong with an object (with_issues_ad_objects). */
export interface AdObjectIssue {
  code?: string;
  summary?: string;
  message?: string;
}

/** The status fields of a mirrored object that webhooks write. */
export interface AdObjectStateFields {
  effectiveStatus?: string;
  /** Meta's human-readable status from in_process_ad_objects ("Paused"). */
  statusName?: string;
  issue?: AdObjectIssue;
  reviewFeedback?: Record<string, string>;
  /** Fields Meta said changed without sending the value: read them from Graph on next refresh. */
  refreshFields?: string[];
}

/** Set `set`, remove `clear`, only if `order` is newer than the stored one. */
export interface AdObjectStatePatch {
  adAccountId: string;
  objectId: string;
  level: AdObjectLevel;
  /** ISO time of the event (Meta's entry time). */
  eventTime: string;
  order: string;
  set: AdObjectStateFields;
  clear: (keyof AdObjectStateFields)[];
}

export interface AccountStatusPatch {
  adAccountId: string;
  accountStatus: number;
  accountStatusName: string;
  disableReason?: number;
  disableReasonName?: string;
  businessId?: string;
  eventTime: string;
  order: string;
}

export type MirrorPatch =
  | { target: 'object'; patch: AdObjectStatePatch }
  | { target: 'account'; patch: AccountStatusPatch };

/**
 * The mirror write a change asks for. A state-bearing event (with issues, processed) defines
 * every status field, setting or clearing each, so the stored state is a function of the
 * newest such event alone and replicas converge whatever the arrival order. Details of older
 * events (an issue's text) live on in their notifications. A bare "fields changed" only
 * flags the fields for a refresh and keeps the rest.
 */
export function mirrorPatchFor(message: WebhookChangeMessage): MirrorPatch {
  const { change } = message;
  const eventTime = new Date(message.eventTime).toISOString();
  const order = eventOrder(message.eventTime, message.key);
  switch (change.kind) {
    case 'ad_object_with_issues':
      return {
        target: 'object',
        patch: {
          adAccountId: change.adAccountId,
          objectId: change.objectId,
          level: change.level,
          eventTime,
          order,
          set: {
            effectiveStatus: 'WITH_ISSUES',
            issue: change.error,
            ...(change.reviewFeedback ? { reviewFeedback: change.reviewFeedback } : {}),
          },
          clear: change.reviewFeedback
            ? ['statusName', 'refreshFields']
            : ['statusName', 'reviewFeedback', 'refreshFields'],
        },
      };
    case 'ad_object_processed': {
      const clear: (keyof AdObjectStateFields)[] = ['issue', 'reviewFeedback', 'refreshFields'];
      if (change.effectiveStatus === undefined) clear.push('effectiveStatus');
      return {
        target: 'object',
        patch: {
          adAccountId: change.adAccountId,
          objectId: change.objectId,
          level: change.level,
          eventTime,
          order,
          set: {
            statusName: change.statusName,
            ...(change.effectiveStatus ? { effectiveStatus: change.effectiveStatus } : {}),
          },
          clear,
        },
      };
    }
    case 'ad_object_fields_changed':
      return {
        target: 'object',
        patch: {
          adAccountId: change.adAccountId,
          objectId: change.objectId,
          level: change.level,
          eventTime,
          order,
          set: { refreshFields: [...new Set(change.changedFields)].sort() },
          clear: [],
        },
      };
    case 'ad_account_status':
      return {
        target: 'account',
        patch: {
          adAccountId: change.adAccountId,
          accountStatus: change.accountStatus,
          accountStatusName: accountStatusName(change.accountStatus),
          ...(change.disableReason === undefined
            ? {}
            : {
                disableReason: change.disableReason,
                disableReasonName: disableReasonName(change.disableReason),
              }),
          ...(change.businessId ? { businessId: change.businessId } : {}),
          eventTime,
          order,
        },
      };
  }
}
