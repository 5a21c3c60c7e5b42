// Which actions the page offers a person on a case, by the same rules the API applies
// (subgraphs/escalations: the holder acts; those who serve the block revisit and withdraw). The API
// is still the judge: a refusal is shown next to the form.
import type { Viewer } from "../auth/claims";
import type { CaseStatus, Tier } from "../generated/graphql";

export type CaseAction = "accept" | "escalate" | "transfer" | "resolve" | "revisit" | "withdraw";

const ACTING_ROLE: Record<Tier, Viewer["role"]> = {
  BLOCK: "block_member",
  COMMUNITY: "community_worker",
  STREET: "street_officer",
  DEPARTMENT: "department_officer",
};

const SERVING_ROLES: readonly Viewer["role"][] = ["street_officer", "community_worker", "block_member", "room_staff"];

export const NEXT_TIER: Record<Tier, Tier | null> = {
  BLOCK: "COMMUNITY",
  COMMUNITY: "STREET",
  STREET: "DEPARTMENT",
  DEPARTMENT: null,
};

/** Whether the person acts for whoever holds the case now. */
export function actsForHolder(viewer: Viewer, tier: Tier, holderCode: string): boolean {
  if (viewer.role === "admin") return true;
  return viewer.role === ACTING_ROLE[tier] && viewer.scope === holderCode;
}

/** Whether the person works with the residents of the block (raise, revisit, withdraw). */
export function servesBlock(viewer: Viewer, blockCode: string): boolean {
  if (viewer.role === "admin") return true;
  if (!SERVING_ROLES.includes(viewer.role)) return false;
  const place = viewer.role === "room_staff" ? viewer.place : viewer.scope;
  return Boolean(place && blockCode.startsWith(place));
}

/** Only a district analyst sees cases without their texts (descriptions, notes, reasons). */
export const readsCaseText = (viewer: Viewer) => viewer.role !== "district_analyst";

interface CaseState {
  status: CaseStatus;
  tier: Tier;
  holderCode: string;
  transfersAtTier: number;
  block: { code: string };
}

export function offeredActions(viewer: Viewer, c: CaseState, raisedBy: string | undefined): CaseAction[] {
  const holder = actsForHolder(viewer, c.tier, c.holderCode);
  const serves = servesBlock(viewer, c.block.code);
  const live = c.status === "OPEN" || c.status === "ACCEPTED";
  const actions: CaseAction[] = [];
  if (holder && c.status === "OPEN") actions.push("accept");
  if (holder && live && NEXT_TIER[c.tier]) actions.push("escalate");
  if (holder && live && c.transfersAtTier < 2) actions.push("transfer");
  if (holder && c.status === "ACCEPTED") actions.push("resolve");
  // Whoever captured the case may not vouch for the resident's satisfaction.
  if (serves && c.status === "RESOLVED" && raisedBy !== viewer.sub) actions.push("revisit");
  if ((serves || holder) && live) actions.push("withdraw");
  return actions;
}

/** Merging a duplicate needs the holder of both cases. */
export function mayMerge(viewer: Viewer, from: CaseState, into: Pick<CaseState, "tier" | "holderCode" | "status">): boolean {
  const live = (status: CaseStatus) => status === "OPEN" || status === "ACCEPTED";
  return (
    live(from.status) &&
    live(into.status) &&
    actsForHolder(viewer, from.tier, from.holderCode) &&
    actsForHolder(viewer, into.tier, into.holderCode)
  );
}
