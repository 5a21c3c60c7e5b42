// Who the signed-in person is, read from their token's claims (the API verifies the token; the
// pages only decide what to offer). Roles and scopes are the API's (docs/domain.md).
import { decodeJwt } from "jose";

export type Role =
  | "admin"
  | "district_analyst"
  | "street_officer"
  | "community_worker"
  | "block_member"
  | "department_officer"
  | "room_staff"
  | "partner";

export interface Viewer {
  sub: string;
  /** Absent for a person who has signed in but holds no role yet (partner registration). */
  role?: Role;
  /** A place code, a department id, a room id or a partner id, by role. */
  scope?: string;
  /** Room staff: the place their room serves. */
  place?: string;
  expiresAt: number;
}

export function viewerOf(token: string): Viewer | null {
  try {
    const claims = decodeJwt(token);
    if (typeof claims.sub !== "string" || typeof claims.exp !== "number") return null;
    return {
      sub: claims.sub,
      role: typeof claims.role === "string" ? (claims.role as Role) : undefined,
      scope: typeof claims.scope === "string" ? claims.scope : undefined,
      place: typeof claims.place === "string" ? claims.place : undefined,
      expiresAt: claims.exp * 1000,
    };
  } catch {
    return null;
  }
}

/** The place a person serves, whose figures and households they work on (null: none, or the whole district's departments). */
export function placeOf(viewer: Viewer): string | null {
  if (viewer.role === "room_staff") return viewer.place ?? null;
  if (viewer.role === "department_officer") return viewer.scope?.split("-")[0] ?? null;
  if (viewer.role === "partner" || viewer.role === "admin" || !viewer.role) return null;
  return viewer.scope ?? null;
}

export const READS_DASHBOARD: readonly Role[] = [
  "admin",
  "district_analyst",
  "street_officer",
  "community_worker",
  "block_member",
  "department_officer",
];
export const WORKS_CASES: readonly Role[] = [
  "admin",
  "district_analyst",
  "street_officer",
  "community_worker",
  "block_member",
  "department_officer",
  "room_staff",
];
export const LOGS_VISITS: readonly Role[] = ["admin", "street_officer", "community_worker", "block_member", "room_staff"];

export const can = (viewer: Viewer | null, roles: readonly Role[]) => Boolean(viewer?.role && roles.includes(viewer.role));
