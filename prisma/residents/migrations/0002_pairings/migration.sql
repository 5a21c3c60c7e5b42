-- CreateEnum
CREATE TYPE "PairingStatus" AS ENUM ('PROPOSED', 'ACTIVE', 'ENDED');

-- CreateTable
CREATE TABLE "pairing" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "status" "PairingStatus" NOT NULL,
    "contact_consent" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "pairing_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "pairing_household_id_status_idx" ON "pairing"("household_id", "status");

-- CreateIndex
CREATE INDEX "pairing_partner_id_status_idx" ON "pairing"("partner_id", "status");

-- AddForeignKey
ALTER TABLE "pairing" ADD CONSTRAINT "pairing_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

