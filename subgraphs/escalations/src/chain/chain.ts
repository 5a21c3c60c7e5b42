// The four-tier chain (四级联动) as rules: who holds a case at each tier, what comes next, and which
// role acts for the holder.
import type { Access } from "@grassroots/access";
import { codeLength } from "@grassroots/jurisdiction";
import type { Tier } from "../generated/prisma/client";

export const TIERS: Tier[] = ["BLOCK", "COMMUNITY", "STREET", "DEPARTMENT"];

export function nextTier(tier: Tier): Tier | null {
  return TIERS[TIERS.indexOf(tier) + 1] ?? null;
}

/** The place holding a case at a place tier: the block's own code, or its prefix one or two levels up. */
export function placeHolder(blockCode: string, tier: Exclude<Tier, "DEPARTMENT">): string {
  return blockCode.slice(0, codeLength(tier));
}

export function districtOf(blockCode: string): string {
  return blockCode.slice(0, codeLength("DISTRICT"));
}

const ACTING_ROLE = {
  BLOCK: "block_member",
  COMMUNITY: "community_worker",
  STREET: "street_officer",
  DEPARTMENT: "department_officer",
} as const;

/** Whether the viewer acts for the case's current holder (or is an admin). */
export function actsForHolder(access: Access, tier: Tier, holderCode: string): boolean {
  const viewer = access.viewer;
  if (!viewer) return false;
  if (viewer.role === "admin") return true;
  return viewer.role === ACTING_ROLE[tier] && viewer.scope === holderCode;
}

/**
 * Whether the viewer works with the residents of a block and may record things for them: raise a
 * case, revisit, withdraw. Analysts read; they do not act.
 */
export function servesResidentsOf(access: Access, blockCode: string): boolean {
  return access.servesBlock(blockCode) && access.viewer?.role !== "district_analyst";
}

export { ACTING_ROLE };
