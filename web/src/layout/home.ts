// Where each person starts after signing in: the part of the product their role works in.
import type { Viewer } from "../auth/claims";

export function homeOf(viewer: Viewer): string {
  switch (viewer.role) {
    case "partner":
      return "/partner";
    case "room_staff":
    case "block_member":
      return "/staff";
    case undefined:
      return "/partner/register";
    default:
      return "/dashboard";
  }
}
