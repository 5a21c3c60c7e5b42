// What a partner organisation's registration must hold, how vetting decides, and when a partner may
// start pairings: approved, and the approval still runs.
import { blockCodeRange, codeProblem } from "@grassroots/jurisdiction";
import { conflict } from "@grassroots/platform";
import { NEED_CATEGORIES, PARTNER_KINDS } from "@grassroots/vocabulary";
import { z } from "zod";
import type { Context } from "../context";
import type { PartnerOrganization as PartnerRow } from "../generated/prisma/client";
import { creditCodeProblem } from "./credit-code";

/** Approved and the approval still runs: what starting a pairing needs. */
export function canStartPairings(partner: Pick<PartnerRow, "status" | "approvedUntil">, now = new Date()): boolean {
  return partner.status === "APPROVED" && partner.approvedUntil !== null && partner.approvedUntil > now;
}

/** Why a partner cannot start a pairing now, in words for whoever asked; null when it can. */
export function pairingBlocker(partner: Pick<PartnerRow, "status" | "approvedUntil">, now = new Date()): string | null {
  if (partner.status === "PENDING")
    return "This partner organisation has not been vetted yet; the street office approves it first.";
  if (partner.status === "REJECTED") return "This partner organisation's registration was rejected.";
  if (!canStartPairings(partner, now)) {
    return `This partner organisation's approval expired on ${partner.approvedUntil?.toISOString().slice(0, 10)}: it starts no new pairings until the street office vets it again.`;
  }
  return null;
}

const PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;

const text = (what: string, max: number) =>
  z.string().trim().min(1, `give ${what}.`).max(max, `${what} is at most ${max} characters.`);

export const Registration = z.object({
  name: text("the organisation's name", 200),
  kind: z.enum(PARTNER_KINDS),
  creditCode: z
    .string()
    .trim()
    .toUpperCase()
    .superRefine((code, check) => {
      const problem = creditCodeProblem(code);
      if (problem) check.addIssue({ code: "custom", message: problem });
    }),
  contactPerson: text("a contact person", 100),
  contactPhone: z.string().trim().regex(PHONE, "give a mobile number (11 digits) or a landline with its area code."),
  streetCode: z
    .string()
    .trim()
    .superRefine((code, check) => {
      const problem = codeProblem(code, "STREET");
      if (problem) check.addIssue({ code: "custom", message: problem });
    }),
  services: z
    .array(z.enum([...NEED_CATEGORIES, "OTHER"]))
    .min(1, "list at least one need the organisation helps with.")
    .transform((services) => [...new Set(services)]),
  capacity: z
    .number()
    .int()
    .min(1, "an organisation supports at least one household.")
    .max(1000, "at most 1000 households; register branches separately."),
});

export const Vetting = z.object({
  vettingNotes: text("vetting notes", 2000),
  approvedUntil: z
    .date()
    .refine((date) => date.getTime() > Date.now(), "an approval must run until a date in the future.")
    .refine((date) => date.getTime() < Date.now() + 5 * 366 * 86_400_000, "an approval runs at most five years."),
});

/**
 * Whether households are registered under a place. The blocks subgraph owns the tree, and this one
 * reads no other database: a place this district's households live in is a place that exists.
 */
export async function isKnownPlace(context: Pick<Context, "prisma">, code: string): Promise<boolean> {
  const { from, to } = blockCodeRange(code);
  const found = await context.prisma.household.findFirst({ where: { blockCode: { gte: from, lte: to } }, select: { id: true } });
  return found !== null;
}

export function alreadyRegistered() {
  return conflict("An organisation with this unified social credit code is already registered; ask its street office.", {
    field: "creditCode",
  });
}
