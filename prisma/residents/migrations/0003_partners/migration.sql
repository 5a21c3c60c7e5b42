-- CreateEnum
CREATE TYPE "PartnerKind" AS ENUM ('COMPANY', 'AGENCY', 'SCHOOL', 'SOCIAL_ORGANIZATION');

-- CreateEnum
CREATE TYPE "PartnerStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED');

-- CreateEnum
CREATE TYPE "PairingProposer" AS ENUM ('PARTNER', 'COMMUNITY_WORKER');

-- CreateEnum
CREATE TYPE "PairingEndReason" AS ENUM ('NEEDS_MET', 'HOUSEHOLD_REQUEST', 'PARTNER_WITHDREW', 'DECLINED', 'HOUSEHOLD_MOVED', 'OTHER');

-- CreateEnum
CREATE TYPE "CheckInKind" AS ENUM ('HOME_VISIT', 'PHONE_CALL', 'SUPPLIES', 'SERVICE', 'OTHER');

-- AlterTable
ALTER TABLE "pairing" ADD COLUMN     "accepted_at" TIMESTAMPTZ(3),
ADD COLUMN     "accepted_by_subject" TEXT,
ADD COLUMN     "consent_note" TEXT,
ADD COLUMN     "end_note" TEXT,
ADD COLUMN     "end_reason" "PairingEndReason",
ADD COLUMN     "ended_at" TIMESTAMPTZ(3),
ADD COLUMN     "ended_by_subject" TEXT,
ADD COLUMN     "proposal_note" TEXT,
ADD COLUMN     "proposed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "proposed_by" "PairingProposer" NOT NULL DEFAULT 'PARTNER',
ADD COLUMN     "proposed_by_subject" TEXT;

-- CreateTable
CREATE TABLE "partner_organization" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "PartnerKind" NOT NULL,
    "credit_code" TEXT NOT NULL,
    "contact_person" TEXT NOT NULL,
    "contact_phone" TEXT NOT NULL,
    "street_code" TEXT NOT NULL,
    "services" "NeedCategory"[],
    "capacity" INTEGER NOT NULL,
    "status" "PartnerStatus" NOT NULL DEFAULT 'PENDING',
    "vetting_notes" TEXT,
    "vetted_by" TEXT,
    "vetted_at" TIMESTAMPTZ(3),
    "approved_until" TIMESTAMPTZ(3),
    "registered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "partner_organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "partner_member" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "home_block_code" TEXT NOT NULL,
    "registered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "partner_member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pairing_check_in" (
    "id" UUID NOT NULL,
    "pairing_id" UUID NOT NULL,
    "kind" "CheckInKind" NOT NULL,
    "help" TEXT NOT NULL,
    "happened_at" TIMESTAMPTZ(3) NOT NULL,
    "logged_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "logged_by" TEXT NOT NULL,

    CONSTRAINT "pairing_check_in_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idempotency_key" (
    "actor" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "result_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_key_pkey" PRIMARY KEY ("actor","operation","key")
);

-- CreateIndex
CREATE INDEX "partner_organization_street_code_status_id_idx" ON "partner_organization"("street_code", "status", "id");

-- CreateIndex
CREATE INDEX "partner_member_home_block_code_idx" ON "partner_member"("home_block_code");

-- CreateIndex
CREATE INDEX "partner_member_partner_id_id_idx" ON "partner_member"("partner_id", "id");

-- CreateIndex
CREATE INDEX "pairing_check_in_pairing_id_happened_at_idx" ON "pairing_check_in"("pairing_id", "happened_at");

-- AddForeignKey
ALTER TABLE "partner_member" ADD CONSTRAINT "partner_member_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partner_organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pairing" ADD CONSTRAINT "pairing_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partner_organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pairing_check_in" ADD CONSTRAINT "pairing_check_in_pairing_id_fkey" FOREIGN KEY ("pairing_id") REFERENCES "pairing"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Written by hand: what Prisma's schema language cannot express (noted beside the models).

-- One open (proposed or active) pairing per partner and household; ended ones are history.
CREATE UNIQUE INDEX "pairing_one_open_per_partner_household" ON "pairing"("partner_id", "household_id")
  WHERE "status" IN ('PROPOSED', 'ACTIVE');

-- One live registration per organisation; a rejected one may register again.
CREATE UNIQUE INDEX "partner_organization_credit_code_live" ON "partner_organization"("credit_code")
  WHERE "status" <> 'REJECTED';

-- Households in need per block, for pairing coverage without reading every household.
CREATE INDEX "household_in_need_idx" ON "household"("block_code") WHERE cardinality("needs") > 0;

ALTER TABLE "partner_organization" ADD CONSTRAINT "partner_organization_capacity_check" CHECK ("capacity" > 0);

-- A pairing's timestamps follow its status, whatever code writes it.
ALTER TABLE "pairing" ADD CONSTRAINT "pairing_status_check" CHECK (
  ("status" = 'PROPOSED' AND "accepted_at" IS NULL AND "ended_at" IS NULL)
  OR ("status" = 'ACTIVE' AND "accepted_at" IS NOT NULL AND "ended_at" IS NULL)
  OR ("status" = 'ENDED' AND "ended_at" IS NOT NULL AND "end_reason" IS NOT NULL)
);
