// The list's filter lives in the URL (the dashboard links here with it): scope, status, tier and
// category (comma-separated), overdue=true, raisedFrom and raisedBefore (ISO instants) — the
// CaseFilter input's own fields. Values the API does not know are dropped rather than sent.

import { CASE_CATEGORIES, CASE_STATUSES, TIERS } from "../api/enums";
import type { CaseCategory, CaseFilter, CaseStatus, Tier } from "../generated/graphql";

export { CASE_CATEGORIES, CASE_STATUSES, TIERS };

export interface ListFilter {
  scope?: string;
  status: CaseStatus[];
  tier: Tier[];
  category: CaseCategory[];
  overdue: boolean;
  raisedFrom?: string;
  raisedBefore?: string;
}

function listOf<Value extends string>(raw: string | null, known: readonly Value[]): Value[] {
  if (!raw) return [];
  const asked = new Set(raw.split(",").map((value) => value.trim()));
  return known.filter((value) => asked.has(value));
}

function instantOf(raw: string | null): string | undefined {
  if (!raw) return undefined;
  return Number.isNaN(new Date(raw).getTime()) ? undefined : raw;
}

export function filterFromParams(params: URLSearchParams): ListFilter {
  return {
    scope: params.get("scope")?.trim() || undefined,
    status: listOf(params.get("status"), CASE_STATUSES),
    tier: listOf(params.get("tier"), TIERS),
    category: listOf(params.get("category"), CASE_CATEGORIES),
    overdue: params.get("overdue") === "true",
    raisedFrom: instantOf(params.get("raisedFrom")),
    raisedBefore: instantOf(params.get("raisedBefore")),
  };
}

export function paramsFromFilter(filter: ListFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.scope) params.set("scope", filter.scope);
  if (filter.status.length) params.set("status", filter.status.join(","));
  if (filter.tier.length) params.set("tier", filter.tier.join(","));
  if (filter.category.length) params.set("category", filter.category.join(","));
  if (filter.overdue) params.set("overdue", "true");
  if (filter.raisedFrom) params.set("raisedFrom", filter.raisedFrom);
  if (filter.raisedBefore) params.set("raisedBefore", filter.raisedBefore);
  return params;
}

/** The API's input: only the fields set (an empty list would still be a list). */
export function apiFilter(filter: ListFilter): CaseFilter {
  return {
    ...(filter.scope ? { scope: filter.scope } : {}),
    ...(filter.status.length ? { status: filter.status } : {}),
    ...(filter.tier.length ? { tier: filter.tier } : {}),
    ...(filter.category.length ? { category: filter.category } : {}),
    ...(filter.overdue ? { overdue: true } : {}),
    ...(filter.raisedFrom ? { raisedFrom: filter.raisedFrom } : {}),
    ...(filter.raisedBefore ? { raisedBefore: filter.raisedBefore } : {}),
  };
}

export { shanghaiDayOf, startOfShanghaiDay } from "../format";
