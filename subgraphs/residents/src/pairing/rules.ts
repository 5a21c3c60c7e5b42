// The pairing lifecycle: PROPOSED → ACTIVE → ENDED (a proposal may also end unaccepted).
//
// Capacity holds on both sides: a household has a number of places (PAIRING_PLACES_PER_HOUSEHOLD,
// default 1) and a partner its declared capacity, each counting open (PROPOSED or ACTIVE) pairings.
// Every start locks the partner's row, then the household's (always in that order), then counts:
// two partners racing for a household's last place queue on the household's row, and the second
// finds it taken.
import { randomUUID } from "node:crypto";
import { badUserInput, conflict, forbidden, isUniqueViolation } from "@grassroots/platform";
import type { PairingEndReason, PairingStatus, PartnerStatus, Prisma } from "../generated/prisma/client";
import { pairingBlocker } from "../partner/rules";
import type { ResidentsPrisma } from "../prisma";

type Transaction = Prisma.TransactionClient;

// Row locks in a fixed order (partner, then household): no two transactions wait on each other.
interface LockedPartner {
  id: string;
  status: PartnerStatus;
  approvedUntil: Date | null;
  capacity: number;
  streetCode: string;
}
async function lockPartner(tx: Transaction, id: string): Promise<LockedPartner | undefined> {
  const [row] = await tx.$queryRaw<LockedPartner[]>`
    SELECT id, status::text AS status, approved_until AS "approvedUntil", capacity, street_code AS "streetCode"
    FROM partner_organization WHERE id = ${id}::uuid FOR UPDATE`;
  return row;
}
interface LockedHousehold {
  id: string;
  blockCode: string;
  inNeed: boolean;
}
async function lockHousehold(tx: Transaction, id: string): Promise<LockedHousehold | undefined> {
  const [row] = await tx.$queryRaw<LockedHousehold[]>`
    SELECT id, block_code AS "blockCode", cardinality(needs) > 0 AS "inNeed"
    FROM household WHERE id = ${id}::uuid FOR UPDATE`;
  return row;
}

/** Open pairings of the partner, of the household, and whether the two already have one. */
async function openPairings(tx: Transaction, partnerId: string, householdId: string) {
  const [row] = await tx.$queryRaw<{ partner: number; household: number; together: boolean }[]>`
    SELECT count(*) FILTER (WHERE partner_id = ${partnerId}::uuid)::int AS partner,
      count(*) FILTER (WHERE household_id = ${householdId}::uuid)::int AS household,
      coalesce(bool_or(partner_id = ${partnerId}::uuid AND household_id = ${householdId}::uuid), false) AS together
    FROM pairing
    WHERE status IN ('PROPOSED', 'ACTIVE') AND (partner_id = ${partnerId}::uuid OR household_id = ${householdId}::uuid)`;
  return row!;
}

function placesTaken(places: number) {
  return conflict(
    places === 1
      ? "This household is already paired (or has a proposal waiting): it has one place."
      : `This household's ${places} pairing places are taken.`,
    { field: "householdId" },
  );
}

export interface Proposal {
  partnerId: string;
  householdId: string;
  /** The partner proposes for itself; otherwise the household's community worker (or officer) does. */
  byPartner: boolean;
  subject: string;
  note: string | null;
  /** The input field that named the household (householdId, or a partner's opportunityId). */
  householdField?: "householdId" | "opportunityId";
}

/**
 * What a partner hears of a household it may not pair with, whatever the reason (absent, not in need,
 * of another street, or its places taken by other partners): it learns nothing of households by probing.
 */
export function unavailableToPartner(field: "householdId" | "opportunityId" = "householdId") {
  return badUserInput("No household in need of your street that is open for pairing has this id.", { field });
}

/**
 * Starts a proposal in `tx` and returns its id. `arranges` tells whether a proposing worker arranges
 * pairings for a block, `readsPartnersOf` whether it may know the partners of a street; `places` is
 * the household's number of places.
 */
export async function propose(
  tx: Transaction,
  proposal: Proposal,
  {
    places,
    arranges,
    readsPartnersOf,
  }: { places: number; arranges: (blockCode: string) => boolean; readsPartnersOf: (streetCode: string) => boolean },
): Promise<string> {
  const { partnerId, householdId, byPartner } = proposal;
  const partner = await lockPartner(tx, partnerId);
  if (!partner && byPartner) throw forbidden();
  // A worker names partners it may know of: absent and of a street it does not work in look the same.
  if (!partner || !(byPartner || readsPartnersOf(partner.streetCode))) {
    throw badUserInput("No partner organisation you work with has this id.", { field: "partnerId" });
  }
  const household = await lockHousehold(tx, householdId);
  if (byPartner) {
    if (!household?.inNeed || !household.blockCode.startsWith(partner.streetCode))
      throw unavailableToPartner(proposal.householdField);
  } else {
    if (!household || !arranges(household.blockCode)) throw forbidden();
    if (!household.inNeed) throw badUserInput("This household is not listed as in need.", { field: "householdId" });
    if (!household.blockCode.startsWith(partner.streetCode)) {
      throw badUserInput(`This partner registered with street ${partner.streetCode} and pairs with households there.`, {
        field: "partnerId",
      });
    }
  }
  const blocker = pairingBlocker(partner);
  if (blocker) throw conflict(blocker, { field: "partnerId" });
  const open = await openPairings(tx, partnerId, householdId);
  if (open.together) throw conflict("This partner already has an open pairing with this household.", { field: "householdId" });
  if (open.household >= places) throw byPartner ? unavailableToPartner(proposal.householdField) : placesTaken(places);
  if (open.partner >= partner.capacity) {
    throw conflict(`This partner supports at most ${partner.capacity} households at once, and has that many pairings open.`, {
      field: "partnerId",
    });
  }
  const id = randomUUID();
  try {
    await tx.pairing.create({
      data: {
        id,
        partnerId,
        householdId,
        status: "PROPOSED",
        proposedBy: byPartner ? "PARTNER" : "COMMUNITY_WORKER",
        proposedBySubject: proposal.subject,
        proposalNote: proposal.note,
      },
    });
  } catch (error) {
    // The partial unique index backs the count above up.
    throw isUniqueViolation(error) ? conflict("This partner already has an open pairing with this household.") : error;
  }
  return id;
}

export interface Consent {
  subject: string;
  contactConsent: boolean;
  consentNote: string | null;
}

/**
 * Makes a proposed pairing ACTIVE with the household's consent, if the partner may still start it.
 * A retry by the same worker with the same consent, after the first call went through, answers it
 * again without a change; anyone else, or other consent, finds the pairing no longer PROPOSED.
 */
export async function accept(
  prisma: ResidentsPrisma,
  pairing: { id: string; partnerId: string; householdId: string },
  consent: Consent,
  places: number,
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const partner = (await lockPartner(tx, pairing.partnerId))!;
    await lockHousehold(tx, pairing.householdId);
    const [current] = await tx.$queryRaw<
      { status: PairingStatus; acceptedBySubject: string | null; contactConsent: boolean; consentNote: string | null }[]
    >`
      SELECT status::text AS status, accepted_by_subject AS "acceptedBySubject", contact_consent AS "contactConsent",
        consent_note AS "consentNote"
      FROM pairing WHERE id = ${pairing.id}::uuid FOR UPDATE`;
    if (current?.status === "ACTIVE" && isSameConsent(current, consent)) return;
    if (current?.status !== "PROPOSED")
      throw conflict(`Only a proposed pairing can be accepted; this one is ${current?.status}.`);
    const blocker = pairingBlocker(partner);
    if (blocker) throw conflict(blocker);
    // Proposals already hold their places; this only guards against places lowered since.
    const active = await tx.pairing.count({
      where: { householdId: pairing.householdId, status: "ACTIVE", id: { not: pairing.id } },
    });
    if (active >= places) throw placesTaken(places);
    await tx.pairing.update({
      where: { id: pairing.id },
      data: {
        status: "ACTIVE",
        acceptedAt: new Date(),
        acceptedBySubject: consent.subject,
        contactConsent: consent.contactConsent,
        consentNote: consent.consentNote,
      },
    });
  });
}

/** The acceptance recorded is this one: same worker, same consent, same note. */
function isSameConsent(
  recorded: { acceptedBySubject: string | null; contactConsent: boolean; consentNote: string | null },
  consent: Consent,
): boolean {
  return (
    recorded.acceptedBySubject === consent.subject &&
    recorded.contactConsent === consent.contactConsent &&
    recorded.consentNote === consent.consentNote
  );
}

/** Records the household's consent to share its contact details, on an active pairing. */
export async function recordConsent(
  prisma: ResidentsPrisma,
  id: string,
  { contactConsent, consentNote }: Omit<Consent, "subject">,
): Promise<void> {
  const { count } = await prisma.pairing.updateMany({ where: { id, status: "ACTIVE" }, data: { contactConsent, consentNote } });
  if (count === 0) throw conflict("Consent is recorded on an active pairing.");
}

/**
 * Ends an open pairing (an active one, or a proposal turned down). The same caller retrying with the
 * same reason and note after it ended is answered again; anyone else finds it already ended.
 */
export async function end(
  prisma: ResidentsPrisma,
  id: string,
  { subject, reason, note }: { subject: string; reason: PairingEndReason; note: string | null },
): Promise<void> {
  const { count } = await prisma.pairing.updateMany({
    where: { id, status: { in: ["PROPOSED", "ACTIVE"] } },
    data: { status: "ENDED", endedAt: new Date(), endedBySubject: subject, endReason: reason, endNote: note },
  });
  if (count > 0) return;
  // ENDED is final: what is read now is what the call that ended it wrote.
  const ended = await prisma.pairing.findUnique({
    where: { id },
    select: { endedBySubject: true, endReason: true, endNote: true },
  });
  const replay = ended?.endedBySubject === subject && ended.endReason === reason && ended.endNote === note;
  if (!replay) throw conflict("This pairing has already ended.");
}
