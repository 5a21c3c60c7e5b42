// Who may see a case and read its texts. Whoever serves the block sees its cases (analysts too,
// without texts); a department officer sees the cases their department holds.
import type { Access } from "@grassroots/access";
import type { Case, Prisma } from "./generated/prisma/client";

type CaseKey = Pick<Case, "blockCode" | "tier" | "holderCode">;

function holdsAsDepartment(access: Access, c: CaseKey): boolean {
  return access.viewer?.role === "department_officer" && c.tier === "DEPARTMENT" && c.holderCode === access.viewer.scope;
}

export function canSeeCase(access: Access, c: CaseKey): boolean {
  return access.servesBlock(c.blockCode) || holdsAsDepartment(access, c);
}

/** Descriptions, resolutions, notes and reasons may name residents: personal data. */
export function canReadCaseText(access: Access, c: CaseKey): boolean {
  return access.personalData(c.blockCode) === "full" || holdsAsDepartment(access, c);
}

/** The cases a listing may show this viewer, as a Prisma filter. */
export function visibleCasesWhere(access: Access): Prisma.CaseWhereInput {
  const viewer = access.viewer;
  if (!viewer) return { id: { in: [] } };
  if (viewer.role === "admin") return {};
  if (viewer.role === "department_officer") return { tier: "DEPARTMENT", holderCode: viewer.scope ?? "" };
  const place = access.workPlace;
  if (!place || viewer.role === "partner") return { id: { in: [] } };
  return { blockCode: { startsWith: place } };
}
