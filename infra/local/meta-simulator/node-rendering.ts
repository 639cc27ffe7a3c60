import {
  DEFAULT_PAGE_LIMIT,
  type PagedBody,
  type PageLink,
  type PageRequest,
  pagedBody,
  readPageRequest,
  slicePage,
} from './edge-paging';
import type { FieldSelection } from './field-selection';
import { GraphError, nonexistingField } from './graph-error';
import { NODE_TYPES, type NodeRef, scopeError } from './node-types';
import { hasAnyScope, type Principal } from './principal';
import type { World } from './world';
import type { NodeKind } from './world-records';

export interface RenderContext {
  world: World;
  principal: Principal;
  /** `{base}/{version}`: `next` links of nested edges point here. */
  graphBase: string;
  /** `access_token` (and the caller's `appsecret_proof`/`appsecret_time`), echoed into `next` links of nested edges as Meta does. */
  linkAuth: URLSearchParams;
}

const NESTED_NODE_DEFAULT: FieldSelection = new Map([
  ['id', {}],
  ['name', {}],
]);

function isNodeRef(value: unknown): value is NodeRef {
  return typeof value === 'object' && value !== null && 'ref' in value && 'id' in value;
}

function defaultSelection(fields: readonly string[]): FieldSelection {
  return new Map(fields.map((field) => [field, {}]));
}

/** Back to Graph syntax, for the `fields` of a nested edge's `next` link. */
export function formatFields(selection: FieldSelection): string {
  return [...selection]
    .map(([name, request]) => {
      const limit = request.limit === undefined ? '' : `.limit(${request.limit})`;
      const children = request.children ? `{${formatFields(request.children)}}` : '';
      return `${name}${limit}${children}`;
    })
    .join(',');
}

/** The requested fields of one node (plus `id`, as Meta always returns it). */
export function renderNode(
  context: RenderContext,
  kind: NodeKind,
  id: string,
  selection: FieldSelection | undefined,
): Record<string, unknown> {
  const spec = NODE_TYPES[kind];
  const values = spec.describe(context.world, id);
  if (!values) return { id };
  const out: Record<string, unknown> = {};
  for (const [name, request] of selection ?? defaultSelection(spec.defaultFields)) {
    if (Object.hasOwn(values, name)) {
      const value = values[name];
      if (value === undefined) continue;
      out[name] = isNodeRef(value)
        ? renderNode(context, value.ref, value.id, request.children ?? NESTED_NODE_DEFAULT)
        : value;
    } else if (Object.hasOwn(spec.edges, name)) {
      const link: PageLink = {
        url: `${context.graphBase}/${id}/${name}`,
        params: new URLSearchParams(context.linkAuth),
      };
      if (request.children) link.params.set('fields', formatFields(request.children));
      const page = readPageRequest(new URLSearchParams(), request.limit ?? DEFAULT_PAGE_LIMIT);
      out[name] = renderEdge(context, kind, id, name, page, request.children, link);
    } else {
      throw nonexistingField(name, spec.graphName);
    }
  }
  if (!Object.hasOwn(out, 'id')) out.id = values.id;
  return out;
}

/** One page of an edge of a node the caller already may see. */
export function renderEdge(
  context: RenderContext,
  kind: NodeKind,
  nodeId: string,
  edgeName: string,
  request: PageRequest,
  selection: FieldSelection | undefined,
  link: PageLink,
  query?: URLSearchParams,
): PagedBody {
  const spec = NODE_TYPES[kind];
  const edge = spec.edges[edgeName];
  if (!edge) throw nonexistingField(edgeName, spec.graphName);
  if (!hasAnyScope(context.principal, edge.scopes)) throw scopeError(NODE_TYPES[edge.itemKind].scopeMessage);
  const list = edge.list(context.world, nodeId, context.principal, query);
  if (list instanceof GraphError) throw list;
  const slice = slicePage(list, request);
  const data = slice.ids.map((itemId) => renderNode(context, edge.itemKind, itemId, selection));
  return pagedBody(data, slice, request, link);
}
