import type * as z from 'zod';
import { MetaRequestError } from '../platform/errors';
import { type GraphBatchResult, runBatch } from './graph-batch';
import { type GraphPage, type PageOptions, pageEdge } from './graph-paging';
import {
  type GraphCallOptions,
  type GraphFilePart,
  type GraphHost,
  type GraphParams,
  type GraphRequest,
  GraphTransport,
  type GraphTransportOptions,
  pathOnly,
} from './graph-transport';

export type GraphClientOptions = GraphTransportOptions;

export interface GraphReadOptions<S extends z.ZodType> extends GraphCallOptions {
  fields?: readonly string[] | string;
  params?: GraphParams;
  /** Validates the answer (zod at the edge); `unknown` without it. */
  schema?: S;
  /** `video` for a video read on Meta's video host. @default 'graph' */
  host?: GraphHost;
}

export interface GraphWriteOptions<S extends z.ZodType> extends GraphCallOptions {
  params?: GraphParams;
  schema?: S;
  /** `video` for the resumable upload phases on Meta's video host. @default 'graph' */
  host?: GraphHost;
}

export interface GraphUploadOptions<S extends z.ZodType> extends GraphWriteOptions<S> {
  /** Sent as file parts beside the parameters. */
  files: readonly GraphFilePart[];
}

/**
 * THE Meta Graph client: every call to Meta goes through one of these. Paths are relative to
 * the version (`/act_1/campaigns`); base URL and version come from the options (see
 * `graphClientFromConfig` for the configured one), so tests point it at the simulator.
 *
 * Paging API: `pages(edge, opts)` is an async generator of `{items, nextCursor, restarted}`;
 * a consumer that must stop (MetaThrottledError with a long wait, MetaCircuitOpenError)
 * requeues itself with the last `nextCursor` it handled and resumes with `startCursor` — the
 * throttled/transient errors also carry that position as `details.checkpoint`
 * (`pagingCheckpointOf(err)`). `pageAll` collects a small edge in memory.
 *
 * @example
 * const graph = new GraphClient({ baseUrl, version: 'v26.0', appSecret });
 * for await (const page of graph.pages('/me/businesses', { accessToken, fields: ['id', 'name'] })) {
 *   await save(page.items);
 * }
 */
export class GraphClient {
  readonly transport: GraphTransport;

  constructor(options: GraphClientOptions) {
    this.transport = new GraphTransport(options);
  }

  /** `GET path` with field selection. */
  async get<S extends z.ZodType = z.ZodUnknown>(
    path: string,
    options: GraphReadOptions<S>,
  ): Promise<z.output<S>> {
    const fields = typeof options.fields === 'string' ? options.fields : options.fields?.join(',');
    const answer = await this.transport.execute(
      {
        method: 'GET',
        path,
        params: { ...options.params, ...(fields ? { fields } : {}) },
        ...hostOf(options),
      },
      options,
    );
    return validate(answer.body, options.schema, 'GET', path);
  }

  /**
   * `GET path` whose parameters carry a secret (debug_token's `input_token`): sent as a
   * one-item batch, so the parameters travel in a POST body and never in a URL that proxies
   * and access logs keep. Answers and fails like `get`.
   */
  async getInBody<S extends z.ZodType = z.ZodUnknown>(
    path: string,
    options: GraphReadOptions<S>,
  ): Promise<z.output<S>> {
    const fields = typeof options.fields === 'string' ? options.fields : options.fields?.join(',');
    const [result] = await this.batch(
      [{ method: 'GET', path, params: { ...options.params, ...(fields ? { fields } : {}) } }],
      options,
    );
    if (result === undefined) {
      throw new MetaRequestError(`GET ${pathOnly(path)}: the batch gave no answer`, {
        httpStatus: 0,
        message: 'no answer',
      });
    }
    if (!result.ok) throw result.error;
    return validate(result.body, options.schema, 'GET', path);
  }

  /** `POST path` with form parameters (a write: 3 rate-limit points, not retried when ambiguous). */
  async post<S extends z.ZodType = z.ZodUnknown>(
    path: string,
    options: GraphWriteOptions<S>,
  ): Promise<z.output<S>> {
    const answer = await this.transport.execute(
      { method: 'POST', path, params: options.params ?? {}, ...hostOf(options) },
      options,
    );
    return validate(answer.body, options.schema, 'POST', path);
  }

  /**
   * `POST path` as multipart/form-data: the parameters (and `appsecret_proof`) as fields, `files`
   * as file parts — an image to `/act_{id}/adimages`, a video chunk to `/act_{id}/advideos` on
   * `host: 'video'`. A write like `post`: same retries, breaker, usage headers and logging.
   */
  async postMultipart<S extends z.ZodType = z.ZodUnknown>(
    path: string,
    options: GraphUploadOptions<S>,
  ): Promise<z.output<S>> {
    const answer = await this.transport.execute(
      {
        method: 'POST',
        path,
        params: options.params ?? {},
        body: { kind: 'multipart', files: options.files },
        ...hostOf(options),
      },
      options,
    );
    return validate(answer.body, options.schema, 'POST', path);
  }

  /** `DELETE path`. */
  async delete<S extends z.ZodType = z.ZodUnknown>(
    path: string,
    options: GraphWriteOptions<S>,
  ): Promise<z.output<S>> {
    const answer = await this.transport.execute(
      { method: 'DELETE', path, params: options.params ?? {} },
      options,
    );
    return validate(answer.body, options.schema, 'DELETE', path);
  }

  /** The pages of an edge, to the end (see the class comment for resuming). */
  pages<S extends z.ZodType = z.ZodUnknown>(
    edge: string,
    options: PageOptions<S>,
  ): AsyncGenerator<GraphPage<z.output<S>>, void, undefined> {
    return pageEdge(this.transport, edge, options);
  }

  /** Every item of an edge in memory; for edges small enough not to need resuming. */
  async pageAll<S extends z.ZodType = z.ZodUnknown>(
    edge: string,
    options: PageOptions<S>,
  ): Promise<z.output<S>[]> {
    const items: z.output<S>[] = [];
    for await (const page of this.pages(edge, options)) {
      if (page.restarted) items.length = 0;
      items.push(...page.items);
    }
    return items;
  }

  /** Many requests in ≤ 50-per-call batches; one result per request, in order. */
  batch(requests: readonly GraphRequest[], options: GraphCallOptions): Promise<GraphBatchResult[]> {
    return runBatch(this.transport, requests, options);
  }
}

function hostOf(options: { host?: GraphHost }): { host?: GraphHost } {
  return options.host === undefined ? {} : { host: options.host };
}

function validate<S extends z.ZodType>(
  body: unknown,
  schema: S | undefined,
  method: string,
  path: string,
): z.output<S> {
  if (schema === undefined) return body as z.output<S>;
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new MetaRequestError(
    `${method} ${pathOnly(path)}: Meta answered in an unexpected shape`,
    { httpStatus: 200, message: 'unexpected answer shape' },
    {
      details: { issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) },
    },
  );
}
