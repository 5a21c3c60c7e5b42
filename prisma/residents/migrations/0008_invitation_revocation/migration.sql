-- DropIndex
DROP INDEX "partner_invitation_partner_id_idx";

-- AlterTable
ALTER TABLE "partner_invitation" ADD COLUMN     "revoked_at" TIMESTAMPTZ(3),
ADD COLUMN     "revoked_by" TEXT;

-- CreateIndex
CREATE INDEX "partner_invitation_partner_id_created_at_id_idx" ON "partner_invitation"("partner_id", "created_at" DESC, "id" DESC);


-- Written by hand: a code is used or withdrawn, never both, whatever code writes it.
ALTER TABLE "partner_invitation" ADD CONSTRAINT "partner_invitation_used_or_revoked" CHECK ("revoked_at" IS NULL OR "accepted_at" IS NULL);
