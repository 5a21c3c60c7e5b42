// The values of the API's enums the pages offer as choices, in the order a person reads them
// (labels: i18n/common.ts). Each list is checked against the type generated from the schema: a
// value the schema adds that a list lacks fails the type-check here, not in a form.
import type { CaseCategory, CaseStatus, NeedCategory, Tier } from "../generated/graphql";

/** `list`, if it holds every value of `Value` (and nothing else). */
function every<Value extends string>() {
  return <const List extends readonly Value[]>(list: List & (Exclude<Value, List[number]> extends never ? unknown : never)) =>
    list as List;
}

export const CASE_CATEGORIES = every<CaseCategory>()([
  "HOUSING",
  "WATER_SUPPLY",
  "ROADS_TRAFFIC",
  "SANITATION",
  "CIVIL_AFFAIRS",
  "ELDERLY_CARE",
  "EMPLOYMENT",
  "PUBLIC_SECURITY",
  "NEIGHBOUR_DISPUTE",
  "OTHER",
]);

export const CASE_STATUSES = every<CaseStatus>()(["OPEN", "ACCEPTED", "RESOLVED", "CLOSED", "WITHDRAWN", "MERGED"]);

export const TIERS = every<Tier>()(["BLOCK", "COMMUNITY", "STREET", "DEPARTMENT"]);

export const NEED_CATEGORIES = every<NeedCategory>()([
  "LOW_INCOME",
  "ELDERLY_LIVING_ALONE",
  "DISABILITY",
  "SERIOUS_ILLNESS",
  "LEFT_BEHIND_CHILD",
  "UNEMPLOYED",
  "VETERAN",
  "SPECIAL_HARDSHIP",
  "OTHER",
]);
