// Whose inbox a caller reads, and who may deliver into it. A notification is addressed to a role and
// its scope (the block team of block X, department Z, partner P) or to one subject; a caller reads
// what is addressed to their own role and scope, or to themselves, and nothing else: a block member
// never sees another block's, a partner never anything but its own organisation's.
import type { Access } from "@grassroots/access";
import type { Prisma } from "../generated/prisma/client";

/** The caller's inbox as a filter; null for a caller without a token. */
export function inboxOf(access: Access): Prisma.NotificationWhereInput | null {
  const viewer = access.viewer;
  if (!viewer) return null;
  const subject = { audienceSubject: viewer.subject };
  // An admin has no role scope: only what is addressed to them by name.
  if (!viewer.scope) return subject;
  return { OR: [{ audienceRole: viewer.role, audienceScope: viewer.scope }, subject] };
}
