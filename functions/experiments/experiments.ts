import {
  cancelExperimentRoute,
  createExperimentRoute,
  getExperimentRoute,
  listExperimentsRoute,
} from '../../shared/contracts/experiments';
import { validIdempotencyKey } from '../../shared/domain/idempotency';
import { cancelExperiment } from '../../shared/experiments/cancel-experiment';
import { createExperiment } from '../../shared/experiments/create-experiment';
import { experimentDeps } from '../../shared/experiments/experiment-root';
import { getExperiment, listExperiments } from '../../shared/experiments/read-experiments';
import { answerFor, httpRoute, httpRouter } from '../../shared/platform/http';

/** Split tests: create and cancel (users only; Idempotency-Key), one and the list (users and agents). */
export const handler = httpRouter(
  httpRoute(createExperimentRoute, async ({ principal, body, headers }) => {
    const key = validIdempotencyKey(headers['idempotency-key']);
    return answerFor(
      createExperimentRoute,
      await createExperiment(await experimentDeps(), principal, body, key ? { idempotencyKey: key } : {}),
    );
  }),
  httpRoute(listExperimentsRoute, async ({ principal, query }) => ({
    status: 200,
    body: await listExperiments(await experimentDeps(), principal, {
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    }),
  })),
  httpRoute(getExperimentRoute, async ({ principal, params }) => ({
    status: 200,
    body: await getExperiment(await experimentDeps(), principal, params.id),
  })),
  httpRoute(cancelExperimentRoute, async ({ principal, params, headers }) => {
    const key = validIdempotencyKey(headers['idempotency-key']);
    return answerFor(
      cancelExperimentRoute,
      await cancelExperiment(
        await experimentDeps(),
        principal,
        params.id,
        key ? { idempotencyKey: key } : {},
      ),
    );
  }),
);
