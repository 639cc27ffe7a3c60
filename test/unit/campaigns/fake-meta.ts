import type { CampaignDeps } from '../../../shared/campaigns/campaign-deps';
import type { ManagedLevel } from '../../../shared/domain/managed-object';
import type { GraphParams } from '../../../shared/meta/graph-transport';
import type { TokenCandidate } from '../../../shared/meta/token-failover';
import {
  MetaRequestError,
  MetaThrottledError,
  MetaTokenInvalidError,
  MetaTransientError,
} from '../../../shared/platform/errors';

type MetaAdObjectsApi = CampaignDeps['meta'];
export type MetaMethod = keyof MetaAdObjectsApi;

/** One call the service made, in order: what a test asserts Meta was (or was not) asked. */
export interface MetaCall {
  method: MetaMethod;
  /** The object's id, or `act_…/level` for an edge of the ad account. */
  target: string;
  tokenId: string;
  params?: GraphParams;
  validateOnly?: boolean;
}

/** An object as the fake Meta holds it: its Graph node (Meta's names) and its labels. */
export interface FakeMetaObject {
  level: ManagedLevel;
  adAccountId: string;
  node: Record<string, unknown>;
  labels: { id: string; name: string }[];
}

interface ScriptedFailure {
  error: Error;
  /** A create that lands at Meta and then loses its answer. */
  afterApplying: boolean;
}

/**
 * A tiny in-memory Meta behind the MetaAdObjects calls: creates name objects, updates and
 * deletes change them, labels are found by name. `failNext` makes the next call of a method
 * throw one of the real Graph errors (after applying it, for a create whose answer is lost).
 */
export class FakeMeta implements MetaAdObjectsApi {
  readonly objects = new Map<string, FakeMetaObject>();
  readonly calls: MetaCall[] = [];
  /** What `accountDefaults` answers, per ad account. */
  readonly defaults = new Map<string, { defaultDsaBeneficiary?: string; defaultDsaPayor?: string }>();
  private readonly failures = new Map<MetaMethod, ScriptedFailure[]>();
  private nextId = 9000;

  failNext(method: MetaMethod, error: Error, options: { afterApplying?: boolean } = {}): void {
    const queue = this.failures.get(method) ?? [];
    queue.push({ error, afterApplying: options.afterApplying ?? false });
    this.failures.set(method, queue);
  }

  /** An object made in Ads Manager (or before): Meta has it, the mirror may not. */
  seed(level: ManagedLevel, adAccountId: string, node: Record<string, unknown> & { id: string }): void {
    this.objects.set(node.id, { level, adAccountId, node: { ...node }, labels: [] });
  }

  callsOf(method: MetaMethod): MetaCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  async create(level: ManagedLevel, adAccountId: string, params: GraphParams, token: TokenCandidate) {
    this.calls.push({ method: 'create', target: `${adAccountId}/${level}`, tokenId: token.id, params });
    const failure = this.failures.get('create')?.shift();
    if (failure && !failure.afterApplying) throw failure.error;
    const id = String(this.nextId++);
    const { adlabels, ...fields } = params as GraphParams & { adlabels?: { name: string }[] };
    this.objects.set(id, {
      level,
      adAccountId,
      node: { ...fields, id },
      labels: (adlabels ?? []).map((label) => ({ id: `label-${id}-${label.name}`, name: label.name })),
    });
    if (failure) throw failure.error;
    return id;
  }

  async validateCreate(level: ManagedLevel, adAccountId: string, params: GraphParams, token: TokenCandidate) {
    this.calls.push({
      method: 'validateCreate',
      target: `${adAccountId}/${level}`,
      tokenId: token.id,
      params,
      validateOnly: true,
    });
    this.throwScripted('validateCreate');
  }

  async update(
    objectId: string,
    _adAccountId: string,
    params: GraphParams,
    token: TokenCandidate,
    options: { validateOnly?: boolean } = {},
  ) {
    this.calls.push({
      method: 'update',
      target: objectId,
      tokenId: token.id,
      params,
      ...(options.validateOnly ? { validateOnly: true } : {}),
    });
    this.throwScripted('update');
    const object = this.objects.get(objectId);
    if (!object) throw unknownObject(objectId);
    if (!options.validateOnly) Object.assign(object.node, params);
  }

  async remove(objectId: string, _adAccountId: string, token: TokenCandidate) {
    this.calls.push({ method: 'remove', target: objectId, tokenId: token.id });
    this.throwScripted('remove');
    const object = this.objects.get(objectId);
    if (!object) throw unknownObject(objectId);
    object.node.status = 'DELETED';
  }

  async read(level: ManagedLevel, objectId: string, token: TokenCandidate, _adAccountId?: string) {
    this.calls.push({ method: 'read', target: objectId, tokenId: token.id });
    this.throwScripted('read');
    const object = this.objects.get(objectId);
    if (!object || object.level !== level) throw unknownObject(objectId);
    return { ...object.node, account_id: object.adAccountId.replace(/^act_/, '') };
  }

  async listOfAccount(level: ManagedLevel, adAccountId: string, token: TokenCandidate) {
    this.calls.push({ method: 'listOfAccount', target: `${adAccountId}/${level}`, tokenId: token.id });
    this.throwScripted('listOfAccount');
    return [...this.objects.values()]
      .filter((object) => object.level === level && object.adAccountId === adAccountId)
      .filter((object) => object.node.status !== 'DELETED')
      .map((object) => ({ ...object.node }));
  }

  async findByMarker(level: ManagedLevel, adAccountId: string, marker: string, token: TokenCandidate) {
    this.calls.push({ method: 'findByMarker', target: `${adAccountId}/${level}`, tokenId: token.id });
    this.throwScripted('findByMarker');
    for (const [id, object] of this.objects) {
      const labelled = object.labels.some((label) => label.name === marker);
      if (object.level === level && object.adAccountId === adAccountId && labelled) return id;
    }
    return undefined;
  }

  async accountDefaults(adAccountId: string, token: TokenCandidate) {
    this.calls.push({ method: 'accountDefaults', target: adAccountId, tokenId: token.id });
    this.throwScripted('accountDefaults');
    return this.defaults.get(adAccountId) ?? {};
  }

  async removeMarker(objectId: string, _adAccountId: string, marker: string, token: TokenCandidate) {
    this.calls.push({ method: 'removeMarker', target: objectId, tokenId: token.id });
    this.throwScripted('removeMarker');
    const object = this.objects.get(objectId);
    if (!object) return 0;
    const before = object.labels.length;
    object.labels = object.labels.filter((label) => label.name !== marker);
    return before - object.labels.length;
  }

  private throwScripted(method: MetaMethod): void {
    const failure = this.failures.get(method)?.shift();
    if (failure) throw failure.error;
  }
}

/** What Graph answers an id a token cannot see: code 100, subcode 33. */
function unknownObject(objectId: string): MetaRequestError {
  return new MetaRequestError(`Unsupported request: object ${objectId} does not exist`, {
    httpStatus: 400,
    code: 100,
    subcode: 33,
    message: `Unsupported get request. Object with ID '${objectId}' does not exist.`,
  });
}

/** The answer lost on the way back (a timeout): Meta may have applied the call. */
export function lostAnswer(): MetaTransientError {
  return new MetaTransientError('Meta did not answer in time', {
    httpStatus: 0,
    message: 'socket timeout',
    ambiguous: true,
  });
}

/** Meta's 5xx with a body: nothing applied. */
export function metaDown(): MetaTransientError {
  return new MetaTransientError('Meta is unavailable', {
    httpStatus: 500,
    code: 2,
    message: 'Service temporarily unavailable',
    isTransient: true,
  });
}

export function metaThrottled(): MetaThrottledError {
  return new MetaThrottledError(
    'Meta throttles this ad account',
    { httpStatus: 400, code: 17, subcode: 2446079, message: 'User request limit reached' },
    60,
  );
}

export function tokenInvalid(): MetaTokenInvalidError {
  return new MetaTokenInvalidError('The token is invalid', {
    httpStatus: 400,
    code: 190,
    subcode: 460,
    message: 'Error validating access token',
  });
}

/** Meta's refusal of a write, with what Ads Manager would show (error_user_title / error_user_msg). */
export function metaRefused(): MetaRequestError {
  return new MetaRequestError('Invalid parameter', {
    httpStatus: 400,
    code: 100,
    subcode: 1885272,
    message: 'Invalid parameter',
    userTitle: 'Budget Too Low',
    userMessage: 'The daily budget must be at least $1.00.',
    fbtraceId: 'trace-1',
  });
}
