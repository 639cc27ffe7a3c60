import { notOneOf, requiredParameter } from './ad-object-errors';
import { jsonArrayParam, stringArrayParam } from './ad-object-params';
import { EFFECTIVE_STATUSES } from './ad-object-records';
import type { AdObjectStore } from './ad-object-store';
import { effectiveStatusOf } from './ad-object-views';
import { invalidParameter } from './graph-error';
import { IdList } from './id-list';

interface FilterClause {
  field: string;
  operator: string;
  value: unknown;
}

type Predicate = (id: string) => boolean;

function asStrings(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return value === undefined || value === null ? [] : [String(value)];
}

function readClauses(query: URLSearchParams): FilterClause[] {
  const raw = jsonArrayParam(query, 'filtering') ?? [];
  return raw.map((item) => {
    if (typeof item !== 'object' || item === null)
      throw invalidParameter('(#100) Param filtering must be an array of objects');
    const { field, operator, value } = item as Record<string, unknown>;
    if (typeof field !== 'string' || typeof operator !== 'string')
      throw invalidParameter('(#100) Each filtering entry needs a field and an operator');
    return { field, operator: operator.toUpperCase(), value };
  });
}

function checkStatuses(values: readonly string[], param: string): void {
  for (const value of values)
    if (!(EFFECTIVE_STATUSES as readonly string[]).includes(value)) throw notOneOf(param, EFFECTIVE_STATUSES);
}

function clausePredicate(store: AdObjectStore, clause: FilterClause): Predicate {
  const values = asStrings(clause.value);
  const unsupported = () =>
    invalidParameter(
      `(#100) Filtering field ${clause.field} with operation ${clause.operator} is not supported`,
    );
  switch (clause.field) {
    case 'effective_status': {
      checkStatuses(values, 'filtering[effective_status]');
      const set = new Set(values);
      if (clause.operator === 'IN') return (id) => set.has(effectiveStatusOf(store, id) ?? '');
      if (clause.operator === 'NOT_IN') return (id) => !set.has(effectiveStatusOf(store, id) ?? '');
      throw unsupported();
    }
    case 'name': {
      const nameOf = (id: string) => store.objectOf(id)?.name ?? '';
      const needle = values[0] ?? '';
      if (clause.operator === 'EQUAL') return (id) => nameOf(id) === needle;
      if (clause.operator === 'NOT_EQUAL') return (id) => nameOf(id) !== needle;
      if (clause.operator === 'CONTAIN')
        return (id) => nameOf(id).toLowerCase().includes(needle.toLowerCase());
      if (clause.operator === 'NOT_CONTAIN')
        return (id) => !nameOf(id).toLowerCase().includes(needle.toLowerCase());
      throw unsupported();
    }
    case 'adlabels': {
      // Values may name labels or give their ids.
      const matches = (id: string) => {
        const labels = store.objectOf(id)?.labelIds.values() ?? [];
        return values.map((v) =>
          labels.some((labelId) => labelId === v || store.labels.get(labelId)?.name === v),
        );
      };
      if (clause.operator === 'ANY') return (id) => matches(id).some(Boolean);
      if (clause.operator === 'ALL') return (id) => matches(id).every(Boolean);
      if (clause.operator === 'NONE') return (id) => !matches(id).some(Boolean);
      throw unsupported();
    }
    case 'id':
    case 'campaign.id':
    case 'adset.id': {
      const set = new Set(values);
      const keyOf = (id: string): string => {
        if (clause.field === 'id') return id;
        const record = store.adsets.get(id) ?? store.ads.get(id);
        if (!record) return '';
        if (clause.field === 'campaign.id') return record.campaignId;
        return 'adsetId' in record ? record.adsetId : '';
      };
      if (clause.operator === 'IN' || clause.operator === 'EQUAL') return (id) => set.has(keyOf(id));
      if (clause.operator === 'NOT_IN' || clause.operator === 'NOT_EQUAL') return (id) => !set.has(keyOf(id));
      throw unsupported();
    }
  }
  throw unsupported();
}

/**
 * The rows an edge of campaigns, ad sets or ads shows: `effective_status=[…]` and
 * `filtering=[{field, operator, value}]` (effective_status, name, adlabels, id, campaign.id,
 * adset.id), all ANDed. Without a status filter DELETED objects are hidden, as at Meta.
 */
export function filterAdObjects(
  store: AdObjectStore,
  ids: readonly string[],
  query: URLSearchParams | undefined,
): IdList {
  const predicates: Predicate[] = [];
  let statusFiltered = false;
  if (query) {
    const statuses = stringArrayParam(query, 'effective_status');
    if (statuses) {
      checkStatuses(statuses, 'effective_status');
      const set = new Set(statuses);
      predicates.push((id) => set.has(effectiveStatusOf(store, id) ?? ''));
      statusFiltered = true;
    }
    for (const clause of readClauses(query)) {
      predicates.push(clausePredicate(store, clause));
      if (clause.field === 'effective_status') statusFiltered = true;
    }
  }
  if (!statusFiltered) predicates.push((id) => effectiveStatusOf(store, id) !== 'DELETED');
  const list = new IdList();
  for (const id of ids) if (predicates.every((p) => p(id))) list.add(id);
  return list;
}

/** `/act_{id}/{kind}bylabels?ad_label_ids=[…]&operator=ANY|ALL`: tagged objects of the account. */
export function objectsByLabels(
  store: AdObjectStore,
  ids: readonly string[],
  query: URLSearchParams | undefined,
): IdList {
  const labelIds = query ? stringArrayParam(query, 'ad_label_ids') : undefined;
  if (!labelIds || labelIds.length === 0) throw requiredParameter('ad_label_ids');
  const operator = (query?.get('operator') ?? 'ANY').toUpperCase();
  if (operator !== 'ANY' && operator !== 'ALL') throw notOneOf('operator', ['ANY', 'ALL']);
  const tagged = ids.filter((id) => {
    const labels = store.objectOf(id)?.labelIds;
    if (!labels) return false;
    return operator === 'ALL' ? labelIds.every((l) => labels.has(l)) : labelIds.some((l) => labels.has(l));
  });
  return filterAdObjects(store, tagged, query);
}
