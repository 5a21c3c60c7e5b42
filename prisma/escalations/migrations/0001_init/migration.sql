-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Tier" AS ENUM ('BLOCK', 'COMMUNITY', 'STREET', 'DEPARTMENT');

-- CreateEnum
CREATE TYPE "CaseStatus" AS ENUM ('OPEN', 'ACCEPTED', 'RESOLVED', 'CLOSED', 'WITHDRAWN');

-- CreateTable
CREATE TABLE "case" (
    "id" UUID NOT NULL,
    "household_id" UUID,
    "block_code" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "tier" "Tier" NOT NULL,
    "status" "CaseStatus" NOT NULL,
    "raised_at" TIMESTAMPTZ(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "case_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "case_block_code_idx" ON "case"("block_code");

-- CreateIndex
CREATE INDEX "case_household_id_idx" ON "case"("household_id");

