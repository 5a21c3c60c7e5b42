-- The demo cases of 0001 carried no ledger (no holder, clocks or events); nothing is deployed yet,
-- so they are dropped here and the seed raises them again through the workflow, with full history.
TRUNCATE "case";

-- CreateEnum
CREATE TYPE "CaseCategory" AS ENUM ('HOUSING', 'WATER_SUPPLY', 'ROADS_TRAFFIC', 'SANITATION', 'CIVIL_AFFAIRS', 'ELDERLY_CARE', 'EMPLOYMENT', 'PUBLIC_SECURITY', 'NEIGHBOUR_DISPUTE', 'OTHER');

-- CreateEnum
CREATE TYPE "CaseChannel" AS ENUM ('HOME_VISIT', 'RECEPTION', 'ONLINE', 'HOTLINE', 'BLOCK_TEAM');

-- CreateEnum
CREATE TYPE "RevisitOutcome" AS ENUM ('SATISFIED', 'NOT_SATISFIED', 'UNREACHABLE', 'UNREASONABLE_REQUEST');

-- CreateEnum
CREATE TYPE "CaseEventKind" AS ENUM ('RAISED', 'ACCEPTED', 'ESCALATED', 'TRANSFERRED', 'RESOLVED', 'REVISITED', 'REOPENED', 'CLOSED', 'WITHDRAWN');

-- AlterTable
ALTER TABLE "case" ADD COLUMN     "channel" "CaseChannel" NOT NULL,
ADD COLUMN     "closed_at" TIMESTAMPTZ(3),
ADD COLUMN     "commitment_date" DATE,
ADD COLUMN     "commitment_note" TEXT,
ADD COLUMN     "due_at" TIMESTAMPTZ(3) NOT NULL,
ADD COLUMN     "holder_code" TEXT NOT NULL,
ADD COLUMN     "raised_by" TEXT NOT NULL,
ADD COLUMN     "resolution" TEXT,
ADD COLUMN     "resolved_at" TIMESTAMPTZ(3),
ADD COLUMN     "response_due_at" TIMESTAMPTZ(3) NOT NULL,
ADD COLUMN     "tier_entered_at" TIMESTAMPTZ(3) NOT NULL,
ADD COLUMN     "transfers_at_tier" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "visit_id" UUID,
DROP COLUMN "category",
ADD COLUMN     "category" "CaseCategory" NOT NULL;

-- CreateTable
CREATE TABLE "tier_clock" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "tier" "Tier" NOT NULL,
    "holder_code" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "response_due_at" TIMESTAMPTZ(3) NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "accepted_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "tier_clock_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case_event" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "kind" "CaseEventKind" NOT NULL,
    "actor" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "from_status" "CaseStatus",
    "to_status" "CaseStatus" NOT NULL,
    "from_tier" "Tier",
    "to_tier" "Tier" NOT NULL,
    "from_holder" TEXT,
    "to_holder" TEXT NOT NULL,
    "reason" TEXT,

    CONSTRAINT "case_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "revisit" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "outcome" "RevisitOutcome" NOT NULL,
    "note" TEXT,
    "recorded_by" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "revisit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tier_policy" (
    "tier" "Tier" NOT NULL,
    "limit_days" INTEGER NOT NULL,
    "response_days" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "tier_policy_pkey" PRIMARY KEY ("tier")
);

-- CreateTable
CREATE TABLE "calendar_day" (
    "day" DATE NOT NULL,
    "working" BOOLEAN NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "calendar_day_pkey" PRIMARY KEY ("day")
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
CREATE UNIQUE INDEX "tier_clock_case_id_sequence_key" ON "tier_clock"("case_id", "sequence");

-- CreateIndex
CREATE UNIQUE INDEX "case_event_case_id_sequence_key" ON "case_event"("case_id", "sequence");

-- CreateIndex
CREATE INDEX "revisit_case_id_idx" ON "revisit"("case_id");

-- CreateIndex
CREATE INDEX "case_visit_id_idx" ON "case"("visit_id");

-- CreateIndex
CREATE INDEX "case_holder_code_status_idx" ON "case"("holder_code", "status");

-- CreateIndex
CREATE INDEX "case_status_due_at_idx" ON "case"("status", "due_at");

-- AddForeignKey
ALTER TABLE "tier_clock" ADD CONSTRAINT "tier_clock_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_event" ADD CONSTRAINT "case_event_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "revisit" ADD CONSTRAINT "revisit_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Working days in Asia/Shanghai: Monday to Friday unless calendar_day says otherwise
-- (public holidays off, 调休 weekend days on). Deadlines, the sweeper and the statistics all use these,
-- so the rules live in one place and set-based SQL can apply them.
CREATE FUNCTION is_working_day(d date) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT COALESCE((SELECT working FROM calendar_day WHERE day = d), extract(isodow FROM d) < 6)
$$;

-- The date n working days after d (n >= 1). The window is wide enough for the longest holiday.
CREATE FUNCTION add_working_days(d date, n integer) RETURNS date LANGUAGE sql STABLE AS $$
  SELECT day::date FROM generate_series(d + 1, d + 21 + n * 2, interval '1 day') AS day
  WHERE is_working_day(day::date) ORDER BY day OFFSET n - 1 LIMIT 1
$$;

-- The end (local midnight) of the n-th working day after the local date of `start`.
CREATE FUNCTION working_deadline(start timestamptz, n integer) RETURNS timestamptz LANGUAGE sql STABLE AS $$
  SELECT (add_working_days((start AT TIME ZONE 'Asia/Shanghai')::date, n) + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
$$;

-- Working days from the local date of a (exclusive) to the local date of b (inclusive).
CREATE FUNCTION working_days_between(a timestamptz, b timestamptz) RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT count(*)::int FROM generate_series((a AT TIME ZONE 'Asia/Shanghai')::date + 1, (b AT TIME ZONE 'Asia/Shanghai')::date, interval '1 day') AS day
  WHERE is_working_day(day::date)
$$;

-- Default time limits (DESIGN.md): block 3, community 7, street 15, district department 30 working days;
-- a response (acceptance) is due within 1 working day of a case reaching a tier.
INSERT INTO tier_policy (tier, limit_days, response_days) VALUES
  ('BLOCK', 3, 1), ('COMMUNITY', 7, 1), ('STREET', 15, 1), ('DEPARTMENT', 30, 1);

-- 2026 public holidays and the weekend days worked in exchange, as the State Council published them.
INSERT INTO calendar_day (day, working, name) VALUES
  ('2026-01-01', false, 'New Year'), ('2026-01-02', false, 'New Year'), ('2026-01-03', false, 'New Year'),
  ('2026-01-04', true, 'New Year (worked Sunday)'),
  ('2026-02-14', true, 'Spring Festival (worked Saturday)'),
  ('2026-02-15', false, 'Spring Festival'), ('2026-02-16', false, 'Spring Festival'), ('2026-02-17', false, 'Spring Festival'),
  ('2026-02-18', false, 'Spring Festival'), ('2026-02-19', false, 'Spring Festival'), ('2026-02-20', false, 'Spring Festival'),
  ('2026-02-21', false, 'Spring Festival'), ('2026-02-22', false, 'Spring Festival'), ('2026-02-23', false, 'Spring Festival'),
  ('2026-02-28', true, 'Spring Festival (worked Saturday)'),
  ('2026-04-04', false, 'Qingming'), ('2026-04-05', false, 'Qingming'), ('2026-04-06', false, 'Qingming'),
  ('2026-05-01', false, 'Labour Day'), ('2026-05-02', false, 'Labour Day'), ('2026-05-03', false, 'Labour Day'),
  ('2026-05-04', false, 'Labour Day'), ('2026-05-05', false, 'Labour Day'), ('2026-05-09', true, 'Labour Day (worked Saturday)'),
  ('2026-06-19', false, 'Dragon Boat Festival'), ('2026-06-20', false, 'Dragon Boat Festival'), ('2026-06-21', false, 'Dragon Boat Festival'),
  ('2026-09-20', true, 'National Day (worked Sunday)'),
  ('2026-09-25', false, 'Mid-Autumn Festival'), ('2026-09-26', false, 'Mid-Autumn Festival'), ('2026-09-27', false, 'Mid-Autumn Festival'),
  ('2026-10-01', false, 'National Day'), ('2026-10-02', false, 'National Day'), ('2026-10-03', false, 'National Day'),
  ('2026-10-04', false, 'National Day'), ('2026-10-05', false, 'National Day'), ('2026-10-06', false, 'National Day'),
  ('2026-10-07', false, 'National Day'), ('2026-10-10', true, 'National Day (worked Saturday)');
