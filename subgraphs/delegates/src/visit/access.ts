// Who reads and logs visits where. A visit belongs to a place (the household's block, or the room's
// place for a walk-in); codes carry their path, so "within a place" is a prefix test, and in SQL a
// range over fixed-width digit strings that a plain B-tree index serves.
import type { Access } from "@grassroots/access";
import { BLOCK_CODE_LENGTH, contains } from "@grassroots/jurisdiction";

/** The codes within a place (itself included), as an inclusive range of strings. */
export function placeRange(code: string): { gte: string; lte: string } {
  return { gte: code, lte: code.padEnd(BLOCK_CODE_LENGTH, "9") };
}

/** Roles that log visits besides admins and room staff: those who serve households on the ground. */
const FIELD_ROLES = new Set<string | null>(["street_officer", "community_worker", "block_member"]);

/** Admins everywhere; place roles and room staff within their place; departments and partners never. */
export function readsVisits(access: Access): boolean {
  if (access.isAdmin) return true;
  const place = access.workPlace;
  return place !== null && access.servesBlock(place);
}

/**
 * The place whose visits the viewer reads (the viewer's subtree): null means everywhere (admin);
 * undefined means nowhere.
 */
export function visitScope(access: Access): string | null | undefined {
  if (access.isAdmin) return null;
  return readsVisits(access) ? (access.workPlace ?? undefined) : undefined;
}

/**
 * Why the viewer may not log a visit at this place and room, or null when they may. Room staff log
 * only for their own room (and home visits within its place); field roles within their scope.
 */
export function loggingProblem(access: Access, visit: { roomId: string | null; placeCode: string }): string | null {
  const viewer = access.viewer;
  if (!viewer) return "Sign in to log visits.";
  if (viewer.role === "admin") return null;
  if (viewer.role === "room_staff") {
    if (visit.roomId !== null && visit.roomId !== viewer.scope) return "Room staff log visits only for their own room.";
    if (!viewer.place || !contains(viewer.place, visit.placeCode)) {
      return `This visit belongs to ${visit.placeCode}, outside the place your room serves (${viewer.place}).`;
    }
    return null;
  }
  if (FIELD_ROLES.has(viewer.role) && viewer.scope) {
    return contains(viewer.scope, visit.placeCode)
      ? null
      : `This visit belongs to ${visit.placeCode}, outside your scope (${viewer.scope}).`;
  }
  return "Your role does not log visits.";
}
