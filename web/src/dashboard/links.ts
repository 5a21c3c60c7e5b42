// Where each figure leads: the list of what it counts. The cases app reads the CaseFilter's fields
// from its search params (lists comma-separated); the staff app's visit list reads `place`.
import type { CaseStatus, PeriodInput, Tier } from "../generated/graphql";

export interface CaseListFilter {
  status?: CaseStatus[];
  tier?: Tier[];
  overdue?: boolean;
}

export const OPEN_STATUSES: CaseStatus[] = ["OPEN", "ACCEPTED"];

/** The cases behind a case figure: raised under the place, in the period. Commas stay readable. */
export function casesUrl(scope: string, period: PeriodInput | undefined, filter: CaseListFilter = {}): string {
  const params: [string, string][] = [["scope", scope]];
  if (filter.status?.length) params.push(["status", filter.status.join(",")]);
  if (filter.tier?.length) params.push(["tier", filter.tier.join(",")]);
  if (filter.overdue) params.push(["overdue", "true"]);
  if (period?.from) params.push(["raisedFrom", period.from]);
  if (period?.to) params.push(["raisedBefore", period.to]);
  const query = params.map(([key, value]) => `${key}=${value.split(",").map(encodeURIComponent).join(",")}`).join("&");
  return `/cases?${query}`;
}

/** The lists behind each case figure of a place. */
export function caseLinks(scope: string, period: PeriodInput | undefined) {
  const list = (filter: CaseListFilter = {}) => casesUrl(scope, period, filter);
  return {
    raised: list(),
    open: list({ status: OPEN_STATUSES }),
    openAt: (tier: Tier) => list({ status: OPEN_STATUSES, tier: [tier] }),
    overdue: list({ status: OPEN_STATUSES, overdue: true }),
    resolved: list({ status: ["RESOLVED", "CLOSED"] }),
    closed: list({ status: ["CLOSED"] }),
  };
}

export function visitsUrl(place: string): string {
  return `/staff/visits?place=${encodeURIComponent(place)}`;
}

export function placeUrl(code: string, search: URLSearchParams): string {
  const query = search.toString();
  return `/dashboard/place/${code}${query ? `?${query}` : ""}`;
}
