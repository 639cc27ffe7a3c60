import { DEFAULT_GRAPH_VERSION } from './simulator-core';

const VERSION = /^v\d+\.\d+$/;

/** Splits `/v26.0/act_1/adspixels` into version and the path the routes, faults and log use. */
export function splitGraphPath(
  pathname: string,
  fallbackVersion: string = DEFAULT_GRAPH_VERSION,
): { version: string; segments: string[]; path: string } {
  const segments = pathname
    .split('/')
    .filter((segment) => segment.length > 0)
    .map((segment) => decodeURIComponent(segment));
  const first = segments[0];
  const version = first !== undefined && VERSION.test(first) ? first : undefined;
  if (version) segments.shift();
  return { version: version ?? fallbackVersion, segments, path: `/${segments.join('/')}` };
}
