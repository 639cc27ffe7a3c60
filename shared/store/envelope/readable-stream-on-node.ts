import {
  Duplex,
  finished,
  pipeline as nodePipeline,
  PassThrough,
  Readable,
  Transform,
  Writable,
} from 'node:stream';

/**
 * What `readable-stream` resolves to in the Lambda bundles (functionBundling.alias): Node's
 * own streams, for the Encryption SDK and duplexify, which import readable-stream 3 (a copy
 * of Node 10's streams, ~38 KB per bundle that seals tokens). Tests and the local runtime
 * use the real package; test/infra/aws/bundled-token-cipher.test.ts runs the bundled cipher.
 */

type PipelineCallback = (err: NodeJS.ErrnoException | null) => void;
type PipelineArgument =
  | NodeJS.ReadableStream
  | NodeJS.WritableStream
  | NodeJS.ReadWriteStream
  | PipelineCallback;

/**
 * readable-stream's `pipeline`, whose callback is optional: the SDK calls it without one
 * (its encrypt and decrypt streams), Node's throws then. As there, an error still destroys
 * every stream of the pipe, and the SDK hears of it from its own streams.
 */
export function pipeline(...streams: PipelineArgument[]): NodeJS.WritableStream {
  const callback: PipelineCallback =
    typeof streams.at(-1) === 'function' ? (streams.pop() as PipelineCallback) : () => {};
  return (nodePipeline as (...args: PipelineArgument[]) => NodeJS.WritableStream)(...streams, callback);
}

export { Duplex, finished, PassThrough, Readable, Transform, Writable };
