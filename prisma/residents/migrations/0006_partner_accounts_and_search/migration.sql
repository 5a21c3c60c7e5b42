-- CreateEnum
CREATE TYPE "PartnerAccountRole" AS ENUM ('ADMINISTRATOR', 'MEMBER');

-- CreateTable
CREATE TABLE "partner_account" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "subject" TEXT NOT NULL,
    "role" "PartnerAccountRole" NOT NULL,
    "joined_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "removed_at" TIMESTAMPTZ(3),
    "removed_by" TEXT,

    CONSTRAINT "partner_account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "partner_invitation" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "code_hash" TEXT NOT NULL,
    "role" "PartnerAccountRole" NOT NULL DEFAULT 'MEMBER',
    "invited_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "accepted_by" TEXT,
    "accepted_at" TIMESTAMPTZ(3),

    CONSTRAINT "partner_invitation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "partner_account_subject_idx" ON "partner_account"("subject");

-- CreateIndex
CREATE INDEX "partner_account_partner_id_joined_at_idx" ON "partner_account"("partner_id", "joined_at");

-- CreateIndex
CREATE UNIQUE INDEX "partner_invitation_code_hash_key" ON "partner_invitation"("code_hash");

-- CreateIndex
CREATE INDEX "partner_invitation_partner_id_idx" ON "partner_invitation"("partner_id");

-- AddForeignKey
ALTER TABLE "partner_account" ADD CONSTRAINT "partner_account_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partner_organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "partner_invitation" ADD CONSTRAINT "partner_invitation_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partner_organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;



-- Written by hand: what Prisma's schema language cannot express (noted beside the models).

-- A person acts for one organisation at a time; removed accounts are history.
CREATE UNIQUE INDEX "partner_account_one_live_per_subject" ON "partner_account"("subject")
  WHERE "removed_at" IS NULL;

-- householdSearch: trigram indexes for substrings of addresses (door numbers included) and names,
-- and the phone's digits for an exact match. PGlite loads pg_trgm as a contrib extension.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The part of an address a masked viewer (an analyst) sees: the lane and road, never the door, as
-- maskAddress in @grassroots/access; analysts search only this.
CREATE FUNCTION household_address_area(address text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$
    SELECT CASE WHEN cardinality(parts) <= 2 THEN ''
      ELSE btrim(parts[cardinality(parts) - 1]) || ', ' || btrim(parts[cardinality(parts)]) END
    FROM (SELECT string_to_array(address, ',') AS parts) AS split
  $$;

CREATE INDEX "household_address_trgm" ON "household" USING gin ("address" gin_trgm_ops);
CREATE INDEX "household_address_area_trgm" ON "household" USING gin (household_address_area("address") gin_trgm_ops);
CREATE INDEX "resident_name_trgm" ON "resident" USING gin ("name" gin_trgm_ops);
-- Whole names (texts shorter than a trigram), answered from the index alone.
CREATE INDEX "resident_name_household_idx" ON "resident"("name", "household_id");
CREATE INDEX "household_phone_digits_idx" ON "household"(regexp_replace("contact_phone", '[^0-9]', '', 'g'));

-- The key of pairing opportunities' opaque ids (src/pairing/opportunity.ts): 32 random bytes made
-- once per database by the server's strong random source (gen_random_uuid), never leaving it.
CREATE TABLE "pairing_opportunity_key" (
  "id" INT PRIMARY KEY CHECK ("id" = 1),
  "secret" BYTEA NOT NULL
);
INSERT INTO "pairing_opportunity_key" ("id", "secret")
  VALUES (1, decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));
