import type { HttpMethod } from '../resources';

export interface RouteMatch<T> {
  value: T;
  routeKey: string;
  pathParameters: Record<string, string>;
}

interface Entry<T> {
  method: HttpMethod;
  path: string;
  segments: string[];
  value: T;
}

/**
 * API Gateway v2 route selection: `{name}` matches one segment, `{name+}` the rest; the
 * most specific route wins (literal segments before parameters).
 */
export class RouteTable<T> {
  private readonly entries: Entry<T>[] = [];

  add(method: HttpMethod, path: string, value: T): void {
    this.entries.push({ method, path, segments: splitPath(path), value });
    this.entries.sort((a, b) => specificity(b.segments) - specificity(a.segments));
  }

  match(method: string, path: string): RouteMatch<T> | undefined {
    const given = splitPath(path);
    for (const entry of this.entries) {
      if (entry.method !== method) continue;
      const params = matchSegments(entry.segments, given);
      if (params)
        return { value: entry.value, routeKey: `${entry.method} ${entry.path}`, pathParameters: params };
    }
    return undefined;
  }

  /** Whether any method serves this path (for 404 vs 405-style answers). */
  hasPath(path: string): boolean {
    const given = splitPath(path);
    return this.entries.some((e) => matchSegments(e.segments, given) !== undefined);
  }
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function specificity(segments: string[]): number {
  return segments.reduce((score, s) => score * 3 + (s.endsWith('+}') ? 0 : s.startsWith('{') ? 1 : 2), 1);
}

function matchSegments(template: string[], given: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const t = template[i] as string;
    const g = given[i];
    if (t.startsWith('{') && t.endsWith('+}')) {
      if (given.length <= i) return undefined;
      params[t.slice(1, -2)] = given.slice(i).map(decodeSegment).join('/');
      return params;
    }
    if (g === undefined) return undefined;
    if (t.startsWith('{') && t.endsWith('}')) params[t.slice(1, -1)] = decodeSegment(g);
    else if (t !== g) return undefined;
  }
  return given.length === template.length ? params : undefined;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
