-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "TeamRole" AS ENUM ('COMMUNITY_CADRE', 'STREET_LIAISON', 'PARTY_GROUP_LEADER', 'BUILDING_LEADER', 'VOLUNTEER');

-- CreateEnum
CREATE TYPE "CaseCategory" AS ENUM ('HOUSING', 'WATER_SUPPLY', 'ROADS_TRAFFIC', 'SANITATION', 'CIVIL_AFFAIRS', 'ELDERLY_CARE', 'EMPLOYMENT', 'PUBLIC_SECURITY', 'NEIGHBOUR_DISPUTE', 'OTHER');

-- CreateTable
CREATE TABLE "district" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "district_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "street" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "district_code" TEXT NOT NULL,

    CONSTRAINT "street_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "community" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "street_code" TEXT NOT NULL,

    CONSTRAINT "community_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "block" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "community_code" TEXT NOT NULL,

    CONSTRAINT "block_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "team_member" (
    "id" UUID NOT NULL,
    "block_code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "TeamRole" NOT NULL,
    "work_phone" TEXT NOT NULL,

    CONSTRAINT "team_member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "department" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "district_code" TEXT NOT NULL,

    CONSTRAINT "department_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "department_category" (
    "district_code" TEXT NOT NULL,
    "category" "CaseCategory" NOT NULL,
    "department_id" TEXT NOT NULL,

    CONSTRAINT "department_category_pkey" PRIMARY KEY ("district_code","category")
);

-- CreateIndex
CREATE INDEX "street_district_code_idx" ON "street"("district_code");

-- CreateIndex
CREATE INDEX "community_street_code_idx" ON "community"("street_code");

-- CreateIndex
CREATE INDEX "block_community_code_idx" ON "block"("community_code");

-- CreateIndex
CREATE INDEX "team_member_block_code_idx" ON "team_member"("block_code");

-- CreateIndex
CREATE INDEX "department_district_code_idx" ON "department"("district_code");

-- CreateIndex
CREATE INDEX "department_category_department_id_idx" ON "department_category"("department_id");

-- AddForeignKey
ALTER TABLE "street" ADD CONSTRAINT "street_district_code_fkey" FOREIGN KEY ("district_code") REFERENCES "district"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "community" ADD CONSTRAINT "community_street_code_fkey" FOREIGN KEY ("street_code") REFERENCES "street"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "block" ADD CONSTRAINT "block_community_code_fkey" FOREIGN KEY ("community_code") REFERENCES "community"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "team_member" ADD CONSTRAINT "team_member_block_code_fkey" FOREIGN KEY ("block_code") REFERENCES "block"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "department" ADD CONSTRAINT "department_district_code_fkey" FOREIGN KEY ("district_code") REFERENCES "district"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "department_category" ADD CONSTRAINT "department_category_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

