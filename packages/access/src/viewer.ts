// The viewer a verified token describes. Claims: sub, role, scope (and, for room staff, the room's
// place, so that every subgraph can authorise them without asking the delegates subgraph). A token
// with a subject and no role is a signed-in person without a role: it reads and writes nothing but
// its own partner registration and invitations (the residents subgraph decides).
import { levelOf } from "@grassroots/jurisdiction";
import { isUuid } from "@grassroots/platform";
import { z } from "zod";

export const ROLES = [
  "district_analyst",
  "street_officer",
  "community_worker",
  "block_member",
  "department_officer",
  "room_staff",
  "partner",
  "admin",
] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose scope is a jurisdiction code, and the level that code must have. */
export const PLACE_ROLE_LEVEL = {
  district_analyst: "DISTRICT",
  street_officer: "STREET",
  community_worker: "COMMUNITY",
  block_member: "BLOCK",
} as const;
export type PlaceRole = keyof typeof PLACE_ROLE_LEVEL;

export function isPlaceRole(role: Role | null): role is PlaceRole {
  return role !== null && role in PLACE_ROLE_LEVEL;
}

/** Department ids are `<district code>-<key>`, e.g. 310105-civil. */
const DEPARTMENT_ID = /^(\d{6})-[a-z][a-z0-9-]*$/;

export interface Viewer {
  subject: string;
  /**
   * Null for a person the identity provider signed in who holds no role (yet): they may register a
   * partner organisation or accept an invitation to one, and the residents subgraph gives them the
   * partner role when its membership data say they act for an approved organisation.
   */
  role: Role | null;
  /** A jurisdiction code, a room id, a department id or a partner organisation id; none for admin. */
  scope: string | null;
  /** Room staff: the jurisdiction code of the place their room serves. */
  place: string | null;
}

const claims = z
  .object({
    sub: z.string().min(1),
    role: z.enum(ROLES).optional(),
    scope: z.string().min(1).optional(),
    place: z.string().min(1).optional(),
  })
  .superRefine((value, context) => {
    const problem = scopeProblem(value.role, value.scope, value.place);
    if (problem) context.addIssue({ code: "custom", message: problem, path: ["scope"] });
  });

function scopeProblem(role: Role | undefined, scope: string | undefined, place: string | undefined): string | null {
  if (role === undefined) return scope || place ? "a token without a role names no scope or place" : null;
  if (role === "admin") return null;
  if (!scope) return `a ${role} token needs a scope`;
  if (isPlaceRole(role)) {
    return levelOf(scope) === PLACE_ROLE_LEVEL[role] ? null : `a ${role} scope is a ${PLACE_ROLE_LEVEL[role].toLowerCase()} code`;
  }
  if (role === "department_officer") return DEPARTMENT_ID.test(scope) ? null : "a department_officer scope is a department id";
  if (!isUuid(scope)) return `a ${role} scope is an id`;
  if (role === "room_staff" && (!place || !levelOf(place)))
    return "a room_staff token names its room's place (a jurisdiction code)";
  return null;
}

/** The viewer of verified claims, or a reason the claims cannot describe one. */
export function viewerFromClaims(payload: unknown): { viewer: Viewer } | { problem: string } {
  const parsed = claims.safeParse(payload);
  if (!parsed.success) return { problem: parsed.error.issues.map((issue) => issue.message).join("; ") };
  const { sub, role, scope, place } = parsed.data;
  return {
    viewer: {
      subject: sub,
      role: role ?? null,
      scope: role === "admin" || role === undefined ? null : (scope ?? null),
      place: role === "room_staff" ? (place ?? null) : null,
    },
  };
}

/** The district a department belongs to, from its id. */
export function districtOfDepartment(departmentId: string): string | null {
  return DEPARTMENT_ID.exec(departmentId)?.[1] ?? null;
}
