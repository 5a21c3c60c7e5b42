// Who may see a case and read its texts. A case belongs to the chain of every place that has held
// it: the block it was raised in and its community, street and district (analysts too, without
// texts), and each place it was transferred to with the places above it. The department holding it
// sees it too. Those who serve the household or hold the case read its texts (they may name residents).
import type { Access } from "@grassroots/access";
import { ACTING_ROLE, actsForHolder, TIERS } from "../chain/chain";
import type { Case, Prisma } from "../generated/prisma/client";

type CaseKey = Pick<Case, "blockCode" | "tier" | "holderCode"> & { reach: readonly string[] };

/** The place whose chain the viewer works in, for case access: none for departments and partners. */
function chainPlace(access: Access): string | null {
  const role = access.viewer?.role;
  if (role === "department_officer" || role === "partner") return null;
  return access.workPlace;
}

function inReach(access: Access, c: CaseKey): boolean {
  const place = chainPlace(access);
  return place !== null && (c.reach.includes(place) || access.servesBlock(c.blockCode));
}

export function canSeeCase(access: Access, c: CaseKey): boolean {
  return access.isAdmin || inReach(access, c) || actsForHolder(access, c.tier, c.holderCode);
}

/** Descriptions, resolutions, notes and reasons may name residents: personal data. */
export function canReadCaseText(access: Access, c: CaseKey): boolean {
  if (access.personalData(c.blockCode) === "full" || actsForHolder(access, c.tier, c.holderCode)) return true;
  return access.viewer?.role !== "district_analyst" && inReach(access, c);
}

/** The cases a listing may show this viewer, as a Prisma filter (the same rule as canSeeCase). */
export function visibleCasesWhere(access: Access): Prisma.CaseWhereInput {
  const viewer = access.viewer;
  if (!viewer) return { id: { in: [] } };
  if (viewer.role === "admin") return {};
  const anyOf: Prisma.CaseWhereInput[] = [];
  const place = chainPlace(access);
  if (place) anyOf.push({ blockCode: { startsWith: place } }, { reach: { has: place } });
  const heldTier = TIERS.find((tier) => ACTING_ROLE[tier] === viewer.role);
  if (heldTier && viewer.scope) anyOf.push({ tier: heldTier, holderCode: viewer.scope });
  return anyOf.length ? { OR: anyOf } : { id: { in: [] } };
}
