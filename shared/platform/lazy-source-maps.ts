import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import path from 'node:path';

/**
 * Maps the stack traces of a Lambda bundle to the TypeScript sources, reading the bundle's
 * source map only when a stack is first formatted. Every bundle starts with this file
 * (functionBundling.inject), in place of Node's `--enable-source-maps`, which parses the
 * whole map at init: 6–19 ms of every cold start, for the few that ever show a stack.
 * A frame of the bundle reads `at name (<source>.ts:<line>:<column>)`, as with the flag;
 * frames of other files (Node's own) are left as they are.
 */

/** The bundle: this module is part of it, so its file is the bundle's `index.js`. */
const bundleFile = __filename;

/** `null` once the map was looked for and is missing or unreadable: frames then stay as they are. */
let bundleMap: SourceMap | null | undefined;

function sourceMap(): SourceMap | null {
  if (bundleMap === undefined) {
    try {
      bundleMap = new SourceMap(JSON.parse(readFileSync(`${bundleFile}.map`, 'utf8')) as SourceMapPayload);
    } catch {
      bundleMap = null;
    }
  }
  return bundleMap;
}

/** One frame as V8 writes it, its bundle position replaced by the source position. */
function mappedFrame(frame: NodeJS.CallSite): string {
  const text = frame.toString();
  const line = frame.getLineNumber();
  const column = frame.getColumnNumber();
  if (frame.getFileName() !== bundleFile || line === null || column === null) return text;
  const origin = sourceMap()?.findOrigin(line, column);
  if (!origin || !('fileName' in origin)) return text;
  const source = path.resolve(path.dirname(bundleFile), origin.fileName);
  return text.replace(
    `${bundleFile}:${line}:${column}`,
    `${source}:${origin.lineNumber}:${origin.columnNumber}`,
  );
}

function headline(error: Error): string {
  try {
    return Error.prototype.toString.call(error);
  } catch {
    return '<error>';
  }
}

Error.prepareStackTrace = (error, frames) =>
  [headline(error), ...frames.map((frame) => `    at ${mappedFrame(frame)}`)].join('\n');
