// Who may manage a partner organisation's webhooks and read their delivery log: the organisation
// itself (a partner token for it), nobody else, not even the street office (the log is the partner's
// own integration, and its URLs may be internal to the partner).
import type { Access } from "@grassroots/access";
import { forbidden } from "@grassroots/platform";

/** The caller's organisation, for webhook work; FORBIDDEN for anyone but a partner. */
export function webhookOwner(access: Access): string {
  if (!access.partnerId) throw forbidden("Partner organisations register and read their own webhooks.");
  return access.partnerId;
}
