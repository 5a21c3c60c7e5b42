// Who may see a case and read its texts: whoever serves the block it was raised in (analysts too,
// without texts), and whoever holds it now, such as another community it was transferred to or
// the department it reached.
import type { Access } from "@grassroots/access";
import { ACTING_ROLE, actsForHolder, TIERS } from "../chain/chain";
import type { Case, Prisma } from "../generated/prisma/client";

type CaseKey = Pick<Case, "blockCode" | "tier" | "holderCode">;

export function canSeeCase(access: Access, c: CaseKey): boolean {
  return access.servesBlock(c.blockCode) || actsForHolder(access, c.tier, c.holderCode);
}

/** Descriptions, resolutions, notes and reasons may name residents: personal data. */
export function canReadCaseText(access: Access, c: CaseKey): boolean {
  return access.personalData(c.blockCode) === "full" || actsForHolder(access, c.tier, c.holderCode);
}

/** The cases a listing may show this viewer, as a Prisma filter (the same rule as canSeeCase). */
export function visibleCasesWhere(access: Access): Prisma.CaseWhereInput {
  const viewer = access.viewer;
  if (!viewer) return { id: { in: [] } };
  if (viewer.role === "admin") return {};
  const anyOf: Prisma.CaseWhereInput[] = [];
  const place = access.workPlace;
  if (place && viewer.role !== "department_officer" && viewer.role !== "partner")
    anyOf.push({ blockCode: { startsWith: place } });
  const heldTier = TIERS.find((tier) => ACTING_ROLE[tier] === viewer.role);
  if (heldTier && viewer.scope) anyOf.push({ tier: heldTier, holderCode: viewer.scope });
  return anyOf.length ? { OR: anyOf } : { id: { in: [] } };
}
