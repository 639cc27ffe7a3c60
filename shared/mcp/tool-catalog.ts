import {
  bulkRoute,
  getControlsRoute,
  listApprovalsRoute,
  listAuditRoute,
  routesOfLevel,
} from '../contracts/campaigns';
import { listInsightsRoute } from '../contracts/insights';
import type { RouteContract } from '../contracts/route-contract';
import { listAssetsRoute } from '../contracts/sync';
import type { ManagedLevel } from '../domain/managed-object';

/**
 * The agent tools (DESIGN §5 "Agent tools (MCP)"): each is one REST route of the dashboard
 * API, called in-process through that route's own handler, so its validation, caps, agent
 * matrix, approvals, dry run, Idempotency-Key and audit hold exactly as for the dashboard.
 * This file only names them and says to an agent what each does.
 */
export interface ToolSpec {
  name: string;
  title: string;
  description: string;
  route: RouteContract;
  /** A mutation takes a required `idempotencyKey` and a `dryRun` flag. */
  mutation: boolean;
}

export const MONEY_RULE =
  'Amounts (dailyBudget, lifetimeBudget, bidAmount, spendCap) are {"minor": <integer>, "currency": "<ISO code>"}: ' +
  "whole minor units of the ad account's currency (USD 2500 = $25.00, JPY 2500 = ¥2,500); a currency other than " +
  "the ad account's is refused before any other check. Answers show each amount in minor units and formatted.";

const MUTATION_RULE =
  'Runs under the spend caps and the agent-control matrix the marketer set (get_controls); a rule that needs ' +
  'approval answers "pending_approval" with its approvalId (list_approvals shows the outcome). idempotencyKey: ' +
  'reuse it when retrying the same call; a repeat answers the first result, marked replayed. dryRun: true runs ' +
  'every check and changes nothing.';

const LEVEL_WORDS: Record<ManagedLevel, { one: string; many: string; plural: string; parent: string }> = {
  campaign: { one: 'campaign', many: 'campaigns', plural: 'campaigns', parent: 'ad account' },
  adset: { one: 'ad set', many: 'ad sets', plural: 'adsets', parent: 'campaign' },
  ad: { one: 'ad', many: 'ads', plural: 'ads', parent: 'ad set' },
};

function levelTools(level: ManagedLevel): ToolSpec[] {
  const routes = routesOfLevel[level];
  const w = LEVEL_WORDS[level];
  const money = level === 'ad' ? '' : ` ${MONEY_RULE}`;
  return [
    {
      name: `list_${w.plural}`,
      title: `List ${w.many}`,
      description: `The ${w.many} of the workspace's connected ad accounts (newest first, cursor pages; DELETED only with includeDeleted).`,
      route: routes.list,
      mutation: false,
    },
    {
      name: `get_${level}`,
      title: `Get a ${w.one}`,
      description: `One ${w.one} by Meta id, read fresh from Meta.`,
      route: routes.get,
      mutation: false,
    },
    {
      name: `create_${level}`,
      title: `Create a ${w.one}`,
      description: `Create a ${w.one} under its ${w.parent} (PAUSED unless status ACTIVE is asked).${money} ${MUTATION_RULE}`,
      route: routes.create,
      mutation: true,
    },
    {
      name: `update_${level}`,
      title: `Update a ${w.one}`,
      description: `Change a ${w.one}'s editable fields; a budget change is checked against the caps and maxBudgetChangePct.${money} ${MUTATION_RULE}`,
      route: routes.patch,
      mutation: true,
    },
    {
      name: `pause_${level}`,
      title: `Pause a ${w.one}`,
      description: `Pause a ${w.one} (status PAUSED at Meta). ${MUTATION_RULE}`,
      route: routes.pause,
      mutation: true,
    },
    {
      name: `resume_${level}`,
      title: `Resume a ${w.one}`,
      description: `Resume a ${w.one} (status ACTIVE at Meta). ${MUTATION_RULE}`,
      route: routes.resume,
      mutation: true,
    },
    {
      name: `delete_${level}`,
      title: `Delete a ${w.one}`,
      description: `Delete a ${w.one} (status DELETED at Meta; it stays readable with includeDeleted). ${MUTATION_RULE}`,
      route: routes.delete,
      mutation: true,
    },
  ];
}

export const mcpTools: readonly ToolSpec[] = [
  ...levelTools('campaign'),
  ...levelTools('adset'),
  ...levelTools('ad'),
  {
    name: 'bulk_operations',
    title: 'Run up to 50 mutations',
    description:
      'Up to 50 create/update/pause/resume/delete operations, each checked and run on its own and answered in order ' +
      '(one refused operation does not stop the others). Each operation may carry its own idempotencyKey; one without ' +
      `gets "<idempotencyKey>:<its index>". ${MONEY_RULE} ${MUTATION_RULE}`,
    route: bulkRoute,
    mutation: true,
  },
  {
    name: 'get_controls',
    title: 'Read the controls',
    description:
      "The marketer's spend caps (minor units of each ad account's currency) and the agent-control matrix: which " +
      '(level, action) an agent may do, may not do, or may only propose for approval; unlisted pairs allow pause ' +
      'and deny everything else. Agents cannot change them.',
    route: getControlsRoute,
    mutation: false,
  },
  {
    name: 'list_approvals',
    title: 'List my approvals',
    description:
      'The mutations of mine held for a user decision, newest first, with their status (pending_approval, approved, ' +
      'rejected) and, once approved, the result of the run.',
    route: listApprovalsRoute,
    mutation: false,
  },
  {
    name: 'list_audit',
    title: 'Read my audit trail',
    description:
      'The audit trail of my actions, newest first: every mutation, denied and proposed ones too, with the request, ' +
      "the object before and after, and Meta's answer.",
    route: listAuditRoute,
    mutation: false,
  },
  {
    name: 'list_assets',
    title: 'List synced assets',
    description:
      "The workspace's synced Meta assets of one type (ad-accounts with their currency and time zone, pages, pixels, " +
      'catalogs), cursor pages.',
    route: listAssetsRoute,
    mutation: false,
  },
  {
    name: 'get_insights',
    title: 'Read daily Insights',
    description:
      "Daily rows (dates in the ad account's time zone) of spend, impressions, clicks, conversions and conversion " +
      "value at one level; spend and conversionValue are Meta's decimal strings in major units of the row's currency " +
      '("12.34" = $12.34). Default ad account: the picked one.',
    route: listInsightsRoute,
    mutation: false,
  },
];
