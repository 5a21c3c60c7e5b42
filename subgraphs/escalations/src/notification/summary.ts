// A notification's one line, made only of its kind, ids, places and times: never a name, a phone or
// a case's description, so that whoever receives it learns nothing personal from it.
import type { NotificationRow } from "./rules";

export function summaryOf(row: NotificationRow): string {
  const data = row.data as Record<string, unknown>;
  const tier = typeof data.tier === "string" ? data.tier.toLowerCase() : "";
  const place = row.placeCode ?? "";
  const due = typeof data.dueAt === "string" ? ` (due ${data.dueAt.slice(0, 16).replace("T", " ")} UTC)` : "";
  switch (row.kind) {
    case "CASE_ARRIVED":
      return `A case was raised in block ${place} and waits at the ${tier} tier${due}.`;
    case "CASE_ESCALATED":
      return `A case of block ${place} was escalated to you${data.bySweeper ? " by the sweeper, overdue below" : ""}${due}.`;
    case "CASE_TRANSFERRED":
      return `A case of block ${place} was transferred to you${due}.`;
    case "CASE_REOPENED":
      return `A case of block ${place} was reopened: the resident was not satisfied${due}.`;
    case "RESPONSE_DUE_SOON":
      return `A case of block ${place} needs accepting within one working day${due}.`;
    case "DEADLINE_DUE_SOON":
      return `A case of block ${place} reaches the ${tier} tier's time limit within one working day${due}.`;
    case "CASE_OVERDUE":
      return `A case of block ${place} is past the ${tier} tier's time limit${due}.`;
    case "REVISIT_DUE":
      return `A case of block ${place} was resolved: another officer must revisit the resident.`;
    case "PAIRING_PROPOSED":
      return `A pairing with a household of block ${place} was proposed.`;
    case "PAIRING_ACCEPTED":
      return `A household of block ${place} accepted a pairing.`;
    case "PAIRING_ENDED":
      return `A pairing with a household of block ${place} ended.`;
    case "PARTNER_AWAITS_VETTING":
      return `A partner organisation registered with street ${place} and awaits vetting.`;
    case "PARTNER_APPROVED":
      return "Your organisation's registration was approved.";
    case "PARTNER_REJECTED":
      return "Your organisation's registration was rejected.";
    default:
      return row.kind;
  }
}
