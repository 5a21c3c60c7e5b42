// Partner accounts: the registrant becomes the organisation's first administrator; administrators
// invite colleagues with one-time codes and remove them. Codes are shown once and stored only as
// their SHA-256; accepting one is a single conditional UPDATE, so a code is used at most once.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { badUserInput, conflict, isUniqueViolation } from "@grassroots/platform";
import type { PartnerAccountRole, Prisma } from "../generated/prisma/client";
import type { ResidentsPrisma } from "../prisma";
import type { LiveAccount } from "./access";

type Transaction = Prisma.TransactionClient;

/** How long an invitation code may be used. */
export const INVITATION_DAYS = 7;

/** The subject's live account and its organisation's status: one statement through two indexes. */
export async function liveAccountOf(prisma: ResidentsPrisma, subject: string): Promise<LiveAccount | null> {
  const [row] = await prisma.$queryRaw<LiveAccount[]>`
    SELECT a.id, a.partner_id AS "partnerId", a.role::text AS role, p.status::text AS "partnerStatus"
    FROM partner_account a JOIN partner_organization p ON p.id = a.partner_id
    WHERE a.subject = ${subject} AND a.removed_at IS NULL`;
  return row ?? null;
}

function alreadyActsForOne() {
  return conflict("You already act for a partner organisation; its administrator removes you before you join another.");
}

/** Makes `subject` an account of the organisation in `tx`; CONFLICT when it already has a live one. */
export async function openAccount(tx: Transaction, partnerId: string, subject: string, role: PartnerAccountRole) {
  const live = await tx.partnerAccount.findFirst({ where: { subject, removedAt: null }, select: { id: true } });
  if (live) throw alreadyActsForOne();
  const id = randomUUID();
  try {
    // A savepoint would be needed to go on after a unique violation; nothing goes on: it is answered.
    await tx.partnerAccount.create({ data: { id, partnerId, subject, role } });
  } catch (error) {
    throw isUniqueViolation(error) ? alreadyActsForOne() : error;
  }
  return id;
}

const hashOf = (code: string) => createHash("sha256").update(code.trim()).digest("hex");

/** A new one-time code for the organisation, its invitation's id and when it expires; only the code's hash is stored. */
export async function invite(prisma: ResidentsPrisma, partnerId: string, invitedBy: string, role: PartnerAccountRole) {
  const code = randomBytes(15).toString("base64url");
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86_400_000);
  const invitationId = randomUUID();
  await prisma.partnerInvitation.create({
    data: { id: invitationId, partnerId, codeHash: hashOf(code), role, invitedBy, expiresAt },
  });
  return { invitationId, code, expiresAt };
}

/** One answer for a code that is unknown, used by someone else, expired, withdrawn or of a rejected organisation. */
function unusableCode() {
  return badUserInput("This invitation code is unknown, used or expired; ask your organisation's administrator for a new one.", {
    field: "code",
  });
}

/**
 * Uses the code for `subject`: its organisation gains an account with the invitation's role. The same subject sending the
 * code again after it went through gets its account back; anyone else finds the code used.
 */
export async function acceptInvitation(prisma: ResidentsPrisma, code: string, subject: string): Promise<string> {
  if (code.trim().length < 10 || code.length > 100) throw unusableCode();
  const codeHash = hashOf(code);
  return prisma.$transaction(async (tx) => {
    const [used] = await tx.$queryRaw<{ partnerId: string; role: PartnerAccountRole }[]>`
      UPDATE partner_invitation i SET accepted_by = ${subject}, accepted_at = now()
      FROM partner_organization p
      WHERE i.code_hash = ${codeHash} AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()
        AND p.id = i.partner_id AND p.status = 'APPROVED'
      RETURNING i.partner_id AS "partnerId", i.role::text AS role`;
    if (!used) {
      const replay = await tx.partnerInvitation.findUnique({
        where: { codeHash },
        select: { acceptedBy: true, partnerId: true },
      });
      const mine =
        replay?.acceptedBy === subject &&
        (await tx.partnerAccount.findFirst({ where: { subject, partnerId: replay.partnerId, removedAt: null } }));
      if (mine) return mine.id;
      throw unusableCode();
    }
    return openAccount(tx, used.partnerId, subject, used.role);
  });
}

/**
 * Withdraws an invitation of the organisation that nobody has used: its code is refused from then
 * on. Withdrawing it again answers it again; a code already used is a CONFLICT (the colleague is a
 * member: remove them instead). Answers the invitation's id.
 */
export async function revokeInvitation(prisma: ResidentsPrisma, partnerId: string, invitationId: string, subject: string) {
  const { count } = await prisma.partnerInvitation.updateMany({
    where: { id: invitationId, partnerId, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date(), revokedBy: subject },
  });
  if (count > 0) return;
  const invitation = await prisma.partnerInvitation.findFirst({
    where: { id: invitationId, partnerId },
    select: { acceptedAt: true, revokedAt: true },
  });
  if (!invitation) throw badUserInput("No invitation of your organisation has this id.", { field: "invitationId" });
  if (invitation.acceptedAt) {
    throw conflict("This invitation was already used: its colleague is a member; remove their account instead.", {
      field: "invitationId",
    });
  }
}

/**
 * Removes a member of the organisation: refused from its next request on. An administrator does not
 * remove itself (the organisation would have no one to manage it). A retry by the same administrator
 * after the removal answers it again.
 */
export async function removeAccount(
  prisma: ResidentsPrisma,
  partnerId: string,
  accountId: string,
  by: LiveAccount,
  subject: string,
) {
  if (accountId === by.id) throw conflict("An administrator does not remove their own account.", { field: "accountId" });
  const { count } = await prisma.partnerAccount.updateMany({
    where: { id: accountId, partnerId, removedAt: null },
    data: { removedAt: new Date(), removedBy: subject },
  });
  if (count > 0) return;
  const removed = await prisma.partnerAccount.findFirst({ where: { id: accountId, partnerId }, select: { removedBy: true } });
  if (removed?.removedBy !== subject) {
    throw badUserInput("No account of your organisation has this id.", { field: "accountId" });
  }
}

/** A rejected registration's accounts end with it: its registrant may register again. */
export async function closeAccountsOf(tx: Transaction | ResidentsPrisma, partnerId: string, subject: string) {
  await tx.partnerAccount.updateMany({
    where: { partnerId, removedAt: null },
    data: { removedAt: new Date(), removedBy: subject },
  });
}
