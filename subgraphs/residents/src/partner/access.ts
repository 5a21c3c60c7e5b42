// Who vets a partner organisation: the officers of the street it registered with, and admins.
import type { Access } from "@grassroots/access";

/** Street officers vet the partners registered with their street; admins any. */
export function vetsPartnersOf({ access }: { access: Access }, streetCode: string): boolean {
  return access.isAdmin || (access.viewer?.role === "street_officer" && access.viewer.scope === streetCode);
}
