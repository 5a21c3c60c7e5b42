// The product's own vocabulary: the categories, roles and routing every subgraph's schema and the
// demo data share. Demo data may use these words; it never defines them.

/** Roles in a block's service team (块区服务团队). */
export const TEAM_ROLES = ["COMMUNITY_CADRE", "STREET_LIAISON", "PARTY_GROUP_LEADER", "BUILDING_LEADER", "VOLUNTEER"] as const;

/** Categories of households in need (困难群众). */
export const NEED_CATEGORIES = [
  "LOW_INCOME",
  "ELDERLY_LIVING_ALONE",
  "DISABILITY",
  "SERIOUS_ILLNESS",
  "LEFT_BEHIND_CHILD",
  "UNEMPLOYED",
  "VETERAN",
  "SPECIAL_HARDSHIP",
] as const;
export type NeedCategory = (typeof NEED_CATEGORIES)[number];

/** What a resident's problem (民情事项) is about; at the top tier it decides the department. */
export const CASE_CATEGORIES = [
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
] as const;
export type CaseCategory = (typeof CASE_CATEGORIES)[number];

/**
 * The district functional departments (区政府职能部门) every district has, and the case categories
 * each receives at the top tier: the default routing a district starts with.
 */
export const DEPARTMENTS = [
  { key: "housing", name: "Housing Administration Bureau", categories: ["HOUSING"] },
  { key: "water", name: "Water Affairs Bureau", categories: ["WATER_SUPPLY"] },
  { key: "transport", name: "Construction and Transport Commission", categories: ["ROADS_TRAFFIC"] },
  { key: "greening", name: "Greening and City Appearance Bureau", categories: ["SANITATION"] },
  { key: "civil", name: "Civil Affairs Bureau", categories: ["CIVIL_AFFAIRS", "ELDERLY_CARE"] },
  { key: "hr", name: "Human Resources and Social Security Bureau", categories: ["EMPLOYMENT"] },
  { key: "police", name: "Public Security Sub-bureau", categories: ["PUBLIC_SECURITY"] },
  { key: "justice", name: "Justice Bureau", categories: ["NEIGHBOUR_DISPUTE"] },
  { key: "hotline", name: "Citizen Service Hotline Office", categories: ["OTHER"] },
] as const satisfies readonly { key: string; name: string; categories: readonly CaseCategory[] }[];

/** A department's id: its district's code and its key, e.g. `310105-civil`. */
export function departmentId(districtCode: string, key: string): string {
  return `${districtCode}-${key}`;
}

/** Kinds of partner organisation (双报到 units). */
export const PARTNER_KINDS = ["COMPANY", "AGENCY", "SCHOOL", "SOCIAL_ORGANIZATION"] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

/** How a partner helped a paired household. */
export const CHECK_IN_KINDS = ["HOME_VISIT", "PHONE_CALL", "SUPPLIES", "SERVICE", "OTHER"] as const;

/** Delegates sit in the Party congress or the people's congress, at one of these levels. */
export const CONGRESSES = ["PARTY", "PEOPLES"] as const;
export const DELEGATE_LEVELS = ["TOWNSHIP", "DISTRICT", "CITY", "PROVINCE", "NATIONAL"] as const;
export const ROOM_STAFF_ROLES = ["LIAISON", "VOLUNTEER", "STAFF"] as const;
export const VISIT_CHANNELS = ["RECEPTION", "HOME_VISIT", "ONLINE", "HOTLINE"] as const;
/**
 * How far back a phone may log a visit (the room's ledger is kept monthly): a period's visits are
 * all in once this many days have passed since it ended.
 */
export const MAX_VISIT_AGE_DAYS = 30;
/** 五必记 (living difficulty, difficulty getting ahead, neighbour dispute, opinion, petition) and OTHER. */
export const VISIT_CATEGORIES = [
  "LIVING_DIFFICULTY",
  "DEVELOPMENT_DIFFICULTY",
  "NEIGHBOUR_DISPUTE",
  "OPINION_OR_SUGGESTION",
  "PETITION",
  "OTHER",
] as const;

/**
 * Batch arguments answered item by item (a phone's offline queue): their items are checked by the
 * subgraph that serves them, so that one item that can never be stored costs none of the others.
 * Written as schema coordinates, Type.field.argument.
 */
export const ANSWERED_PER_ITEM = ["Mutation.logVisits.inputs"] as const;

/**
 * What a notification tells its audience (docs/architecture.md, "Notifications"). Case kinds come
 * from the escalations subgraph (its triggers and the sweeper), pairing and partner kinds from the
 * residents subgraph's outbox.
 */
export const NOTIFICATION_KINDS = [
  "CASE_ARRIVED",
  "CASE_ESCALATED",
  "CASE_TRANSFERRED",
  "CASE_REOPENED",
  "RESPONSE_DUE_SOON",
  "DEADLINE_DUE_SOON",
  "CASE_OVERDUE",
  "REVISIT_DUE",
  "PAIRING_PROPOSED",
  "PAIRING_ACCEPTED",
  "PAIRING_ENDED",
  "PARTNER_AWAITS_VETTING",
  "PARTNER_APPROVED",
  "PARTNER_REJECTED",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
