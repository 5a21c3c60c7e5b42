// The values of the API's enums the pages offer as choices, in the order a person reads them
// (labels: i18n/common.ts): the product's own vocabulary where it defines them (the subgraphs'
// schemas are made from the same lists). Each list is checked against the type generated from the
// schema: a value the schema adds that a list lacks fails the type-check here, not in a form.
import { CASE_CATEGORIES as CATEGORIES, NEED_CATEGORIES as NEEDS } from "@grassroots/vocabulary";
import type { CaseCategory, CaseStatus, NeedCategory, Tier } from "../generated/graphql";

/** `list`, if it holds every value of `Value` (and nothing else). */
function every<Value extends string>() {
  return <const List extends readonly Value[]>(list: List & (Exclude<Value, List[number]> extends never ? unknown : never)) =>
    list as List;
}

export const CASE_CATEGORIES = every<CaseCategory>()(CATEGORIES);

export const CASE_STATUSES = every<CaseStatus>()(["OPEN", "ACCEPTED", "RESOLVED", "CLOSED", "WITHDRAWN", "MERGED"]);

export const TIERS = every<Tier>()(["BLOCK", "COMMUNITY", "STREET", "DEPARTMENT"]);

/** The vocabulary's needs and OTHER, as the residents subgraph offers them. */
export const NEED_CATEGORIES = every<NeedCategory>()([...NEEDS, "OTHER"]);
