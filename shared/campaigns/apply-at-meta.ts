import type { ManagedLevel } from '../domain/managed-object';
import type { MutationOp } from '../domain/mutation';
import type { GraphParams } from '../meta/graph-transport';
import { type TokenCandidate, withTokenFailover } from '../meta/token-failover';
import { MetaRequestError, MetaTransientError, UnprocessableError } from '../platform/errors';
import type { CampaignDeps } from './campaign-deps';

export interface MetaWrite {
  op: MutationOp;
  level: ManagedLevel;
  adAccountId: string;
  /** The object's id; absent on create. */
  objectId?: string;
  params: GraphParams;
  /** A create's marker label: how a create whose answer was lost is found again. */
  marker?: string;
  /** A previous attempt under the same key may have created the object: look before creating. */
  mayExist?: boolean;
}

/**
 * Runs one write at Meta with the workspace's tokens (an invalid or refused token falls over to
 * the next). A create whose answer is lost (Meta may have applied it) is looked up by its
 * marker instead of created twice; an update, a status change or a delete sets a state, so it
 * is simply re-sent. Meta's refusals become 422 with Meta's own title and message.
 * Returns the object's id.
 */
export async function applyAtMeta(
  deps: Pick<CampaignDeps, 'meta'>,
  tokens: readonly TokenCandidate[],
  write: MetaWrite,
): Promise<string> {
  try {
    const { value } = await withTokenFailover(tokens, (token) => applyWith(deps, token, write));
    return value;
  } catch (err: unknown) {
    throw metaRefusal(err);
  }
}

/** Meta's `validate_only`: every check of Meta's, nothing changed. A delete has none to run. */
export async function validateAtMeta(
  deps: Pick<CampaignDeps, 'meta'>,
  tokens: readonly TokenCandidate[],
  write: MetaWrite,
): Promise<void> {
  if (write.op === 'delete') return;
  try {
    await withTokenFailover(tokens, (token) =>
      write.op === 'create'
        ? deps.meta.validateCreate(write.level, write.adAccountId, write.params, token)
        : deps.meta.update(requireId(write), write.adAccountId, write.params, token, { validateOnly: true }),
    );
  } catch (err: unknown) {
    throw metaRefusal(err);
  }
}

async function applyWith(deps: Pick<CampaignDeps, 'meta'>, token: TokenCandidate, write: MetaWrite) {
  switch (write.op) {
    case 'create':
      return createOnce(deps, token, write);
    case 'delete':
      await deps.meta.remove(requireId(write), write.adAccountId, token);
      return requireId(write);
    default:
      await deps.meta.update(requireId(write), write.adAccountId, write.params, token);
      return requireId(write);
  }
}

async function createOnce(deps: Pick<CampaignDeps, 'meta'>, token: TokenCandidate, write: MetaWrite) {
  const { marker } = write;
  return createFindingLostAnswer({
    create: () => deps.meta.create(write.level, write.adAccountId, write.params, token),
    ...(marker
      ? { findByMarker: () => deps.meta.findByMarker(write.level, write.adAccountId, marker, token) }
      : {}),
    mayExist: write.mayExist === true,
  });
}

/** Attempts at a create whose answer keeps being lost; between them the marker says whether it landed. */
const CREATE_ATTEMPTS = 2;

/**
 * A create at Meta made at most once: when an earlier attempt may have applied (`mayExist`)
 * or this one's answer is lost (an ambiguous MetaTransientError), the object carrying the
 * create's marker is looked up before anything is created again. Without `findByMarker`
 * a lost answer is thrown as it came. Returns the object's id.
 */
export async function createFindingLostAnswer(create: {
  create: () => Promise<string>;
  findByMarker?: () => Promise<string | undefined>;
  mayExist: boolean;
}): Promise<string> {
  const { findByMarker } = create;
  if (findByMarker && create.mayExist) {
    const existing = await findByMarker();
    if (existing) return existing;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await create.create();
    } catch (err: unknown) {
      if (!(findByMarker && err instanceof MetaTransientError && err.graph.ambiguous)) throw err;
      // Meta may have created it before the answer was lost: look, and create nothing twice.
      const found = await findByMarker().catch(() => {
        throw err;
      });
      if (found) return found;
      if (attempt >= CREATE_ATTEMPTS) throw err;
    }
  }
}

function requireId(write: MetaWrite): string {
  if (write.objectId === undefined) throw new Error(`${write.op} of a ${write.level} needs its id`);
  return write.objectId;
}

/** Meta refused the request itself: 422 with what Ads Manager would tell the marketer. */
export function metaRefusal(err: unknown): unknown {
  if (!(err instanceof MetaRequestError)) return err;
  const { graph } = err;
  const message = [graph.userTitle, graph.userMessage ?? graph.message].filter(Boolean).join(': ');
  return new UnprocessableError(message || err.message, {
    code: 'meta_request_rejected',
    cause: err,
    details: {
      metaCode: graph.code,
      metaSubcode: graph.subcode,
      ...(graph.userTitle ? { title: graph.userTitle } : {}),
      ...(graph.userMessage ? { userMessage: graph.userMessage } : {}),
      metaMessage: graph.message,
      ...(graph.fbtraceId ? { fbtraceId: graph.fbtraceId } : {}),
    },
  });
}
