import type { Notification } from './notification';
import {
  accountStatusBlocksDelivery,
  accountStatusLabel,
  accountStatusName,
  disableReasonLabel,
} from './webhook-account-status';
import type { AdObjectLevel, WebhookChangeMessage } from './webhook-change';

const LEVEL_LABELS: Record<AdObjectLevel, string> = {
  campaign: 'Campaign',
  adset: 'Ad set',
  ad: 'Ad',
  creative: 'Creative',
};

/**
 * The in-app notification a change posts to one workspace, or none (a bare "this field
 * changed" carries nothing to tell). The id and time come from the change itself, so posting
 * it again (a redelivery) rewrites the same notification instead of adding one.
 * @example notificationFor(message, 'ws-1', { objectName: 'Spring sale' })
 */
export function notificationFor(
  message: WebhookChangeMessage,
  workspaceId: string,
  options: { objectName?: string } = {},
): Notification | undefined {
  const { change } = message;
  const base = { id: message.key, workspaceId, at: new Date(message.eventTime).toISOString() };
  switch (change.kind) {
    case 'ad_object_with_issues': {
      const object = objectLabel(change.level, change.objectId, options.objectName);
      const feedback = change.reviewFeedback ? reviewFeedbackText(change.reviewFeedback) : undefined;
      const reason = issueText(change.error);
      return {
        ...base,
        kind: feedback ? 'ad_disapproved' : 'ad_status_changed',
        title: feedback ? `${object} was disapproved` : `${object} has issues`,
        message: feedback ? `${reason} Review feedback: ${feedback}` : reason,
        data: {
          adAccountId: change.adAccountId,
          objectId: change.objectId,
          level: change.level,
          effectiveStatus: 'WITH_ISSUES',
          ...(change.error.code === undefined ? {} : { errorCode: change.error.code }),
          ...(change.reviewFeedback ? { reviewFeedback: change.reviewFeedback } : {}),
        },
      };
    }
    case 'ad_object_processed': {
      const object = objectLabel(change.level, change.objectId, options.objectName);
      return {
        ...base,
        kind: 'ad_status_changed',
        title: `${object} finished processing`,
        message: `Meta finished processing it; its status is now ${change.statusName}.`,
        data: {
          adAccountId: change.adAccountId,
          objectId: change.objectId,
          level: change.level,
          statusName: change.statusName,
          ...(change.effectiveStatus ? { effectiveStatus: change.effectiveStatus } : {}),
        },
      };
    }
    case 'ad_object_fields_changed':
      return undefined;
    case 'ad_account_status': {
      const label = accountStatusLabel(change.accountStatus);
      const because =
        change.disableReason !== undefined && change.disableReason !== 0
          ? ` because of ${disableReasonLabel(change.disableReason)}`
          : '';
      const consequence = accountStatusBlocksDelivery(change.accountStatus)
        ? ' Its ads do not deliver until this is resolved in Meta Ads Manager.'
        : '';
      return {
        ...base,
        kind: 'account_status_changed',
        title: `Ad account ${change.adAccountId} is ${label}`,
        message: `Meta reports the ad account as ${label}${because}.${consequence}`,
        data: {
          adAccountId: change.adAccountId,
          accountStatus: accountStatusName(change.accountStatus),
          ...(change.disableReason === undefined ? {} : { disableReason: change.disableReason }),
        },
      };
    }
  }
}

function objectLabel(level: AdObjectLevel, id: string, name: string | undefined): string {
  return name ? `${LEVEL_LABELS[level]} "${name}" (${id})` : `${LEVEL_LABELS[level]} ${id}`;
}

function issueText(error: { code?: string; summary?: string; message?: string }): string {
  const parts = [error.summary, error.message].filter((p): p is string => !!p && p.trim() !== '');
  const text = parts.length > 0 ? parts.map(sentence).join(' ') : 'Meta reported an issue with it.';
  return error.code ? `${text} Meta error code: ${error.code}.` : text;
}

function reviewFeedbackText(feedback: Record<string, string>): string {
  return Object.entries(feedback)
    .map(([policy, text]) => `${policy}: ${text}`)
    .join('; ');
}

function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}
