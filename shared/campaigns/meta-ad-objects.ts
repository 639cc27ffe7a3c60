import * as z from 'zod';
import { META_EFFECTIVE_STATUSES } from '../domain/effective-status';
import type { ManagedLevel } from '../domain/managed-object';
import { META_FIELDS } from '../domain/meta-write-params';
import { adAccountBucketKey } from '../meta/graph-bucket-key';
import type { GraphClient } from '../meta/graph-client';
import type { GraphParams } from '../meta/graph-transport';
import { removeMarkerLabels } from '../meta/marker-labels';
import type { TokenCandidate } from '../meta/token-failover';

/** Meta's create edge of each level under an ad account. */
const CREATE_EDGE: Record<ManagedLevel, string> = { campaign: 'campaigns', adset: 'adsets', ad: 'ads' };

const createdBody = z.object({ id: z.string() });
const successBody = z.object({ success: z.boolean() }).loose();
const idsPage = z.object({ id: z.string() });
const accountDefaults = z.object({
  id: z.string(),
  default_dsa_beneficiary: z.string().optional(),
  default_dsa_payor: z.string().optional(),
});

/** Every effective status but DELETED (the mirror keeps what it saw deleted). */
const LISTED_STATUSES = META_EFFECTIVE_STATUSES.filter((status) => status !== 'DELETED');

const VALIDATE_ONLY = { execution_options: ['validate_only'] } as const;

/**
 * Campaign management's calls to Meta, all through the one Graph client. Every call names the
 * ad account's bucket, so Meta's block of an account stops our calls to it (429 without calling
 * Meta) while other accounts go on. Creates are not retried when the answer is lost (Meta may
 * have applied them): the caller finds the object by its marker label instead. Updates and
 * deletes set a state, so repeating them is safe and the client retries them.
 */
export class MetaAdObjects {
  constructor(private readonly graph: GraphClient) {}

  async create(level: ManagedLevel, adAccountId: string, params: GraphParams, token: TokenCandidate) {
    const { id } = await this.graph.post(`/${adAccountId}/${CREATE_EDGE[level]}`, {
      ...callOf(token, adAccountId),
      params,
      schema: createdBody,
      idempotent: false,
    });
    return id;
  }

  /** Meta's own checks of a create, nothing created (`validate_only`). */
  async validateCreate(level: ManagedLevel, adAccountId: string, params: GraphParams, token: TokenCandidate) {
    await this.graph.post(`/${adAccountId}/${CREATE_EDGE[level]}`, {
      ...callOf(token, adAccountId),
      params: { ...params, ...VALIDATE_ONLY },
      schema: successBody,
      idempotent: true,
    });
  }

  async update(
    objectId: string,
    adAccountId: string,
    params: GraphParams,
    token: TokenCandidate,
    options: { validateOnly?: boolean } = {},
  ) {
    await this.graph.post(`/${objectId}`, {
      ...callOf(token, adAccountId),
      params: options.validateOnly ? { ...params, ...VALIDATE_ONLY } : params,
      schema: successBody,
      idempotent: true,
    });
  }

  async remove(objectId: string, adAccountId: string, token: TokenCandidate) {
    await this.graph.delete(`/${objectId}`, {
      ...callOf(token, adAccountId),
      schema: successBody,
      idempotent: true,
    });
  }

  /** The object as Meta has it now (DELETED objects too). */
  async read(level: ManagedLevel, objectId: string, token: TokenCandidate, adAccountId?: string) {
    return this.graph.get(`/${objectId}`, {
      accessToken: token.accessToken,
      tokenId: token.id,
      ...(adAccountId ? { bucketKey: adAccountBucketKey(adAccountId) } : {}),
      fields: [...META_FIELDS[level], 'account_id'],
      schema: z.record(z.string(), z.unknown()),
    });
  }

  /**
   * Every object of a level in the ad account as Meta has it now, ARCHIVED included (Meta's
   * default filter hides it), in the largest pages: what Ads Manager made shows up in our lists.
   */
  async listOfAccount(level: ManagedLevel, adAccountId: string, token: TokenCandidate) {
    return this.graph.pageAll(`/${adAccountId}/${CREATE_EDGE[level]}`, {
      ...callOf(token, adAccountId),
      fields: META_FIELDS[level],
      limit: 500,
      params: { effective_status: LISTED_STATUSES },
      schema: z.record(z.string(), z.unknown()),
    });
  }

  /** The id of the object a lost create made, found by its marker label; undefined when none. */
  async findByMarker(level: ManagedLevel, adAccountId: string, marker: string, token: TokenCandidate) {
    const found = await this.graph.pageAll(`/${adAccountId}/${CREATE_EDGE[level]}`, {
      ...callOf(token, adAccountId),
      fields: ['id'],
      params: { filtering: [{ field: 'adlabels', operator: 'ANY', value: [marker] }] },
      schema: idsPage,
    });
    return found[0]?.id;
  }

  /** The ad account's DSA defaults (EU ad sets need a beneficiary and a payor). */
  async accountDefaults(adAccountId: string, token: TokenCandidate) {
    const account = await this.graph.get(`/${adAccountId}`, {
      ...callOf(token, adAccountId),
      fields: ['default_dsa_beneficiary', 'default_dsa_payor'],
      schema: accountDefaults,
    });
    return {
      ...(account.default_dsa_beneficiary ? { defaultDsaBeneficiary: account.default_dsa_beneficiary } : {}),
      ...(account.default_dsa_payor ? { defaultDsaPayor: account.default_dsa_payor } : {}),
    };
  }

  /**
   * Deletes the marker label a create carried, once the create is reconciled: an ad account
   * holds at most 100 000 labels, so markers must not pile up. Deleting a label unties it.
   */
  removeMarker(objectId: string, adAccountId: string, marker: string, token: TokenCandidate) {
    return removeMarkerLabels(this.graph, objectId, marker, callOf(token, adAccountId));
  }
}

function callOf(token: TokenCandidate, adAccountId: string) {
  return { accessToken: token.accessToken, tokenId: token.id, bucketKey: adAccountBucketKey(adAccountId) };
}
