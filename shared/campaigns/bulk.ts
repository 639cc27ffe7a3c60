import type * as z from 'zod';
import type { bulkRequest } from '../contracts/campaigns';
import type { StoredAnswer } from '../domain/mutation';
import type { Principal } from '../platform/auth';
import { AppError, ValidationError } from '../platform/errors';
import { logger } from '../platform/observability';
import type { CampaignDeps } from './campaign-deps';
import { bodySchemaOf } from './mutation-body-schema';
import { mutationRequestOf } from './mutation-request';
import { refusalAnswer } from './refusal-answer';
import { runMutation } from './run-mutation';
import { loadWorkspace, type WorkspaceContext } from './workspace-context';

/** Operations of one bulk request in flight at once; the Graph client's bucket paces the rest. */
const BULK_CONCURRENCY = 25;

type BulkOperation = z.output<typeof bulkRequest>['operations'][number];

/** One operation's answer; `replayed` when it is a stored answer given again under its key. */
export type BulkResult = StoredAnswer & { replayed?: true };

/**
 * Up to 50 mutations, each on its own (its own key, checks and result), run concurrently within
 * the account's rate budget and answered in order.
 */
export async function runBulk(
  deps: CampaignDeps,
  principal: Principal,
  operations: readonly BulkOperation[],
  options: { dryRun: boolean },
): Promise<{ results: BulkResult[] }> {
  const results: BulkResult[] = new Array(operations.length);
  // One read of the workspace (connection, tokens, controls, ad accounts) serves every operation.
  const workspace = loadWorkspace(deps, principal.workspaceId);
  workspace.catch(() => undefined);
  let next = 0;
  const worker = async () => {
    while (next < operations.length) {
      const index = next++;
      const operation = operations[index];
      if (operation)
        results[index] = await runOne(deps, principal, operation, index, options.dryRun, workspace);
    }
  };
  await Promise.all(Array.from({ length: Math.min(BULK_CONCURRENCY, operations.length) }, worker));
  return { results };
}

async function runOne(
  deps: CampaignDeps,
  principal: Principal,
  operation: BulkOperation,
  index: number,
  dryRun: boolean,
  workspace: Promise<WorkspaceContext>,
): Promise<BulkResult> {
  try {
    if (operation.op !== 'create' && operation.id === undefined) {
      throw new ValidationError('The operation is invalid.', {
        details: [
          { in: 'body', path: `operations.${index}.id`, message: `${operation.op} needs the object's id` },
        ],
      });
    }
    const schema = bodySchemaOf(operation.level, operation.op);
    let body: Record<string, unknown> | undefined;
    if (schema) {
      const parsed = schema.safeParse(operation.body ?? {});
      if (!parsed.success) {
        throw new ValidationError('The operation body is invalid.', {
          details: parsed.error.issues.map((issue) => ({
            in: 'body',
            path: [`operations`, index, 'body', ...issue.path].map(String).join('.'),
            message: issue.message,
          })),
        });
      }
      body = parsed.data as Record<string, unknown>;
    }
    const request = mutationRequestOf(operation.level, operation.op, operation.id, body);
    const answer = await runMutation(deps, principal, request, {
      dryRun,
      idempotencyKey: operation.idempotencyKey,
      workspace,
    });
    return {
      status: answer.status,
      ...(answer.body === undefined ? {} : { body: answer.body }),
      ...(answer.headers?.['idempotent-replayed'] ? { replayed: true } : {}),
    };
  } catch (err: unknown) {
    if (!(err instanceof AppError)) {
      logger.error('bulk operation failed', { index, err: String(err) });
      return {
        status: 500,
        body: { error: { code: 'internal_error', message: 'Something went wrong on our side.' } },
      };
    }
    return refusalAnswer(err);
  }
}
