-- AlterEnum
ALTER TYPE "CaseStatus" ADD VALUE 'MERGED';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "CaseEventKind" ADD VALUE 'MERGED';
ALTER TYPE "CaseEventKind" ADD VALUE 'DUPLICATE_MERGED';

-- AlterTable
ALTER TABLE "case" ADD COLUMN     "merged_at" TIMESTAMPTZ(3),
ADD COLUMN     "merged_into_id" UUID;

-- CreateTable
CREATE TABLE "case_trend_month" (
    "place_code" TEXT NOT NULL,
    "month" DATE NOT NULL,
    "dimension" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "raised" INTEGER NOT NULL DEFAULT 0,
    "open" INTEGER NOT NULL DEFAULT 0,
    "resolved" INTEGER NOT NULL DEFAULT 0,
    "closed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "case_trend_month_pkey" PRIMARY KEY ("dimension","place_code","month","key")
);

-- CreateTable
CREATE TABLE "case_open_day" (
    "block_code" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "open_block" INTEGER NOT NULL DEFAULT 0,
    "open_community" INTEGER NOT NULL DEFAULT 0,
    "open_street" INTEGER NOT NULL DEFAULT 0,
    "open_department" INTEGER NOT NULL DEFAULT 0,
    "overdue" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "case_open_day_pkey" PRIMARY KEY ("day","block_code")
);

-- CreateTable
CREATE TABLE "case_open_month" (
    "block_code" TEXT NOT NULL,
    "month" DATE NOT NULL,
    "open_block" INTEGER NOT NULL DEFAULT 0,
    "open_community" INTEGER NOT NULL DEFAULT 0,
    "open_street" INTEGER NOT NULL DEFAULT 0,
    "open_department" INTEGER NOT NULL DEFAULT 0,
    "overdue" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "case_open_month_pkey" PRIMARY KEY ("block_code","month")
);

-- AddForeignKey
ALTER TABLE "case" ADD CONSTRAINT "case_merged_into_id_fkey" FOREIGN KEY ("merged_into_id") REFERENCES "case"("id") ON DELETE SET NULL ON UPDATE CASCADE;



-- Written by hand below.

-- The similarity of case descriptions (possible duplicates). PGlite loads it as a contrib extension
-- (packages/platform database.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Possible duplicates are looked for among the open cases of one block or household, of one category.
CREATE INDEX "case_open_block_code_category_idx" ON "case"("block_code", "category") WHERE status IN ('OPEN', 'ACCEPTED');
CREATE INDEX "case_merged_into_id_idx" ON "case"("merged_into_id") WHERE merged_into_id IS NOT NULL;

-- The block and the places above it: the district, street and community codes are its prefixes.
CREATE FUNCTION place_and_ancestors(block text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY[left(block, 6), left(block, 9), left(block, 12), block]
$$;

-- caseTrend: adds signed figures to a block and each place above it, for one month and key.
CREATE FUNCTION case_trend_add(p_block text, p_month date, p_dimension text, p_key text, p_raised int, p_open int,
  p_resolved int, p_closed int) RETURNS void LANGUAGE sql AS $$
  INSERT INTO case_trend_month AS t (place_code, month, dimension, key, raised, open, resolved, closed)
  SELECT place, p_month, p_dimension, p_key, p_raised, p_open, p_resolved, p_closed FROM unnest(place_and_ancestors(p_block)) AS place
  ON CONFLICT (dimension, place_code, month, key) DO UPDATE SET
    raised = t.raised + EXCLUDED.raised, open = t.open + EXCLUDED.open,
    resolved = t.resolved + EXCLUDED.resolved, closed = t.closed + EXCLUDED.closed
$$;

-- What one case row counts in its buckets (times sign): case_block_month as in 0005, and now also
-- case_trend_month. Merged cases count nowhere, as withdrawn ones: the problem counts once, as the
-- case it was merged into.
CREATE OR REPLACE FUNCTION case_roll_up_apply(c "case", sign integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  is_open integer := (c.status IN ('OPEN', 'ACCEPTED'))::int;
  is_resolved integer := (c.status IN ('RESOLVED', 'CLOSED'))::int;
  is_closed integer := (c.status = 'CLOSED')::int;
  first_responded integer;
  revisit_count integer;
  satisfied_count integer;
BEGIN
  IF c.status::text IN ('WITHDRAWN', 'MERGED') THEN RETURN; END IF;
  SELECT count(*) FILTER (WHERE accepted_at <= response_due_at) INTO first_responded
    FROM tier_clock WHERE case_id = c.id AND sequence = 1;
  SELECT count(*), count(*) FILTER (WHERE outcome = 'SATISFIED') INTO revisit_count, satisfied_count
    FROM revisit WHERE case_id = c.id;
  PERFORM case_block_month_add(c.block_code, case_month(c.raised_at), sign, sign * is_open,
    sign * is_open * (c.tier = 'BLOCK')::int, sign * is_open * (c.tier = 'COMMUNITY')::int,
    sign * is_open * (c.tier = 'STREET')::int, sign * is_open * (c.tier = 'DEPARTMENT')::int,
    sign * first_responded, sign * is_resolved, sign * is_closed,
    CASE WHEN c.status = 'CLOSED' THEN sign * working_days_between(c.raised_at, c.closed_at) ELSE 0 END,
    sign * revisit_count, sign * satisfied_count);
  PERFORM case_trend_add(c.block_code, case_month(c.raised_at), 'CATEGORY', c.category::text, sign, sign * is_open,
    sign * is_resolved, sign * is_closed);
  PERFORM case_trend_add(c.block_code, case_month(c.raised_at), 'TIER', c.tier::text, sign, sign * is_open,
    sign * is_resolved, sign * is_closed);
END
$$;

-- A change of category moves a case between trend keys.
CREATE OR REPLACE FUNCTION case_roll_up() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.id = NEW.id AND OLD.status = NEW.status AND OLD.tier = NEW.tier
     AND OLD.block_code = NEW.block_code AND OLD.raised_at = NEW.raised_at AND OLD.category = NEW.category
     AND OLD.closed_at IS NOT DISTINCT FROM NEW.closed_at THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM case_roll_up_apply(OLD, -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM case_roll_up_apply(NEW, 1); END IF;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION case_roll_up_related(p_case uuid, p_responded integer, p_revisits integer, p_satisfied integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE c "case";
BEGIN
  SELECT * INTO c FROM "case" WHERE id = p_case;
  IF NOT FOUND OR c.status::text IN ('WITHDRAWN', 'MERGED') THEN RETURN; END IF;
  PERFORM case_block_month_add(c.block_code, case_month(c.raised_at), 0, 0, 0, 0, 0, 0, p_responded, 0, 0, 0,
    p_revisits, p_satisfied);
END
$$;

-- casesOpenAt. A tier clock runs while its case is open at its tier: started_at to ended_at (at the
-- next move, resolution, withdrawal or merge). On Asia/Shanghai days, a clock counts open at the end
-- of day D when it started on or before D and did not end on or before D; overdue too when it was
-- due on or before D. Each clock adds +1 (its tier) on its start day and -1 on its end day; +1
-- overdue on its due day and -1 on the later of its due and end days (when it ended).
CREATE FUNCTION case_local_day(at timestamptz) RETURNS date LANGUAGE sql IMMUTABLE AS $$
  SELECT (at AT TIME ZONE 'Asia/Shanghai')::date
$$;

CREATE FUNCTION case_open_add(p_block text, p_day date, p_tier "Tier", p_open int, p_overdue int) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO case_open_day AS d (block_code, day, open_block, open_community, open_street, open_department, overdue)
  VALUES (p_block, p_day, p_open * (p_tier = 'BLOCK')::int, p_open * (p_tier = 'COMMUNITY')::int,
    p_open * (p_tier = 'STREET')::int, p_open * (p_tier = 'DEPARTMENT')::int, p_overdue)
  ON CONFLICT (block_code, day) DO UPDATE SET
    open_block = d.open_block + EXCLUDED.open_block, open_community = d.open_community + EXCLUDED.open_community,
    open_street = d.open_street + EXCLUDED.open_street, open_department = d.open_department + EXCLUDED.open_department,
    overdue = d.overdue + EXCLUDED.overdue;
  INSERT INTO case_open_month AS m (block_code, month, open_block, open_community, open_street, open_department, overdue)
  VALUES (p_block, date_trunc('month', p_day)::date, p_open * (p_tier = 'BLOCK')::int,
    p_open * (p_tier = 'COMMUNITY')::int, p_open * (p_tier = 'STREET')::int, p_open * (p_tier = 'DEPARTMENT')::int, p_overdue)
  ON CONFLICT (block_code, month) DO UPDATE SET
    open_block = m.open_block + EXCLUDED.open_block, open_community = m.open_community + EXCLUDED.open_community,
    open_street = m.open_street + EXCLUDED.open_street, open_department = m.open_department + EXCLUDED.open_department,
    overdue = m.overdue + EXCLUDED.overdue
$$;

CREATE FUNCTION tier_clock_open_apply(clock tier_clock, sign integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE block text;
BEGIN
  SELECT block_code INTO block FROM "case" WHERE id = clock.case_id;
  IF NOT FOUND THEN RETURN; END IF;
  PERFORM case_open_add(block, case_local_day(clock.started_at), clock.tier, sign, 0);
  PERFORM case_open_add(block, case_local_day(clock.due_at), clock.tier, 0, sign);
  IF clock.ended_at IS NOT NULL THEN
    PERFORM case_open_add(block, case_local_day(clock.ended_at), clock.tier, -sign, 0);
    PERFORM case_open_add(block, greatest(case_local_day(clock.due_at), case_local_day(clock.ended_at)), clock.tier, 0, -sign);
  END IF;
END
$$;

CREATE FUNCTION tier_clock_open_roll_up() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.case_id = NEW.case_id AND OLD.tier = NEW.tier AND OLD.started_at = NEW.started_at
     AND OLD.due_at = NEW.due_at AND OLD.ended_at IS NOT DISTINCT FROM NEW.ended_at THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM tier_clock_open_apply(OLD, -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM tier_clock_open_apply(NEW, 1); END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER tier_clock_open_roll_up AFTER INSERT OR UPDATE OR DELETE ON tier_clock
  FOR EACH ROW EXECUTE FUNCTION tier_clock_open_roll_up();

-- The cases and clocks already recorded, as rebuildCaseRollUps computes them (no case is merged yet).
INSERT INTO case_trend_month (place_code, month, dimension, key, raised, open, resolved, closed)
SELECT place, case_month(c.raised_at), d.dimension, d.key, count(*),
  count(*) FILTER (WHERE c.status IN ('OPEN', 'ACCEPTED')),
  count(*) FILTER (WHERE c.status IN ('RESOLVED', 'CLOSED')),
  count(*) FILTER (WHERE c.status = 'CLOSED')
FROM "case" c, LATERAL (VALUES ('CATEGORY', c.category::text), ('TIER', c.tier::text)) AS d(dimension, key),
  LATERAL unnest(place_and_ancestors(c.block_code)) AS place
WHERE c.status <> 'WITHDRAWN'
GROUP BY 1, 2, 3, 4;

INSERT INTO case_open_day (block_code, day, open_block, open_community, open_street, open_department, overdue)
SELECT block_code, day, sum(open * (tier = 'BLOCK')::int), sum(open * (tier = 'COMMUNITY')::int),
  sum(open * (tier = 'STREET')::int), sum(open * (tier = 'DEPARTMENT')::int), sum(overdue)
FROM (
  SELECT c.block_code, change.day, k.tier, change.open, change.overdue
  FROM tier_clock k JOIN "case" c ON c.id = k.case_id,
  LATERAL (VALUES (case_local_day(k.started_at), 1, 0), (case_local_day(k.due_at), 0, 1),
    (case_local_day(k.ended_at), -1, 0),
    (greatest(case_local_day(k.due_at), case_local_day(k.ended_at)), 0, -(k.ended_at IS NOT NULL)::int)
  ) AS change(day, open, overdue)
  WHERE change.day IS NOT NULL
) AS changes
GROUP BY block_code, day;

INSERT INTO case_open_month (block_code, month, open_block, open_community, open_street, open_department, overdue)
SELECT block_code, date_trunc('month', day)::date, sum(open_block), sum(open_community), sum(open_street),
  sum(open_department), sum(overdue)
FROM case_open_day GROUP BY 1, 2;
