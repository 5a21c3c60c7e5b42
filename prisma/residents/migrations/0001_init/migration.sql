-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "NeedCategory" AS ENUM ('LOW_INCOME', 'ELDERLY_LIVING_ALONE', 'DISABILITY', 'SERIOUS_ILLNESS', 'LEFT_BEHIND_CHILD', 'UNEMPLOYED', 'VETERAN', 'SPECIAL_HARDSHIP', 'OTHER');

-- CreateTable
CREATE TABLE "household" (
    "id" UUID NOT NULL,
    "block_code" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "needs" "NeedCategory"[],
    "contact_phone" TEXT,
    "registered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "household_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "resident" (
    "id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "id_number" TEXT,
    "birth_year" INTEGER NOT NULL,
    "is_head" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "resident_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "household_block_code_id_idx" ON "household"("block_code", "id");

-- CreateIndex
CREATE INDEX "resident_household_id_idx" ON "resident"("household_id");

-- AddForeignKey
ALTER TABLE "resident" ADD CONSTRAINT "resident_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

