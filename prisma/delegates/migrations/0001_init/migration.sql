-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "delegate_room" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "place_code" TEXT NOT NULL,
    "address" TEXT NOT NULL,

    CONSTRAINT "delegate_room_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "delegate_room_place_code_idx" ON "delegate_room"("place_code");

