-- CreateEnum
CREATE TYPE "Congress" AS ENUM ('PARTY', 'PEOPLES');

-- CreateEnum
CREATE TYPE "DelegateLevel" AS ENUM ('TOWNSHIP', 'DISTRICT', 'CITY', 'PROVINCE', 'NATIONAL');

-- CreateEnum
CREATE TYPE "RoomStaffRole" AS ENUM ('LIAISON', 'VOLUNTEER', 'STAFF');

-- CreateEnum
CREATE TYPE "VisitChannel" AS ENUM ('RECEPTION', 'HOME_VISIT', 'ONLINE', 'HOTLINE');

-- CreateEnum
CREATE TYPE "VisitCategory" AS ENUM ('LIVING_DIFFICULTY', 'DEVELOPMENT_DIFFICULTY', 'NEIGHBOUR_DISPUTE', 'OPINION_OR_SUGGESTION', 'PETITION', 'OTHER');

-- AlterTable
ALTER TABLE "delegate_room" ADD COLUMN     "hotline" TEXT,
ADD COLUMN     "online_room_url" TEXT;

-- CreateTable
CREATE TABLE "opening_slot" (
    "room_id" UUID NOT NULL,
    "weekday" SMALLINT NOT NULL,
    "opens_minute" SMALLINT NOT NULL,
    "closes_minute" SMALLINT NOT NULL,

    CONSTRAINT "opening_slot_pkey" PRIMARY KEY ("room_id","weekday","opens_minute")
);

-- CreateTable
CREATE TABLE "delegate" (
    "id" UUID NOT NULL,
    "room_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "congress" "Congress" NOT NULL,
    "level" "DelegateLevel" NOT NULL,

    CONSTRAINT "delegate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "room_staff" (
    "id" UUID NOT NULL,
    "room_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "role" "RoomStaffRole" NOT NULL,
    "account_subject" TEXT,

    CONSTRAINT "room_staff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "visit" (
    "id" UUID NOT NULL,
    "channel" "VisitChannel" NOT NULL,
    "room_id" UUID,
    "household_id" UUID,
    "place_code" TEXT NOT NULL,
    "walk_in_name" TEXT,
    "walk_in_phone" TEXT,
    "logged_by" TEXT NOT NULL,
    "category" "VisitCategory" NOT NULL,
    "summary" TEXT NOT NULL,
    "follow_up_needed" BOOLEAN NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "visit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "visit_delegate" (
    "visit_id" UUID NOT NULL,
    "delegate_id" UUID NOT NULL,

    CONSTRAINT "visit_delegate_pkey" PRIMARY KEY ("visit_id","delegate_id")
);

-- CreateTable
CREATE TABLE "visit_follow_up" (
    "visit_id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "visit_follow_up_pkey" PRIMARY KEY ("visit_id","case_id")
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
CREATE INDEX "delegate_room_id_idx" ON "delegate"("room_id");

-- CreateIndex
CREATE UNIQUE INDEX "room_staff_account_subject_key" ON "room_staff"("account_subject");

-- CreateIndex
CREATE INDEX "room_staff_room_id_idx" ON "room_staff"("room_id");

-- CreateIndex
CREATE INDEX "visit_place_code_occurred_at_idx" ON "visit"("place_code", "occurred_at");

-- CreateIndex
CREATE INDEX "visit_household_id_occurred_at_idx" ON "visit"("household_id", "occurred_at");

-- CreateIndex
CREATE INDEX "visit_room_id_occurred_at_idx" ON "visit"("room_id", "occurred_at");

-- CreateIndex
CREATE INDEX "visit_delegate_delegate_id_idx" ON "visit_delegate"("delegate_id");

-- AddForeignKey
ALTER TABLE "opening_slot" ADD CONSTRAINT "opening_slot_room_id_fkey" FOREIGN KEY ("room_id") REFERENCES "delegate_room"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delegate" ADD CONSTRAINT "delegate_room_id_fkey" FOREIGN KEY ("room_id") REFERENCES "delegate_room"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "room_staff" ADD CONSTRAINT "room_staff_room_id_fkey" FOREIGN KEY ("room_id") REFERENCES "delegate_room"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "visit" ADD CONSTRAINT "visit_room_id_fkey" FOREIGN KEY ("room_id") REFERENCES "delegate_room"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "visit_delegate" ADD CONSTRAINT "visit_delegate_visit_id_fkey" FOREIGN KEY ("visit_id") REFERENCES "visit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "visit_delegate" ADD CONSTRAINT "visit_delegate_delegate_id_fkey" FOREIGN KEY ("delegate_id") REFERENCES "delegate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "visit_follow_up" ADD CONSTRAINT "visit_follow_up_visit_id_fkey" FOREIGN KEY ("visit_id") REFERENCES "visit"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Rules Prisma cannot express, kept by the database too (written by hand; `migrate diff` does not
-- see CHECK constraints, so later generated migrations leave them alone).
-- A visit is of a registered household or of a walk-in with a name and phone, never both.
ALTER TABLE "visit" ADD CONSTRAINT "visit_household_or_walk_in" CHECK (
  (household_id IS NOT NULL AND walk_in_name IS NULL AND walk_in_phone IS NULL)
  OR (household_id IS NULL AND walk_in_name IS NOT NULL AND walk_in_phone IS NOT NULL)
);
-- Home visits have no room; every other channel has one.
ALTER TABLE "visit" ADD CONSTRAINT "visit_room_unless_home_visit" CHECK ((channel = 'HOME_VISIT') = (room_id IS NULL));
ALTER TABLE "opening_slot" ADD CONSTRAINT "opening_slot_times" CHECK (
  weekday BETWEEN 1 AND 7 AND opens_minute >= 0 AND opens_minute < closes_minute AND closes_minute <= 1440
);
