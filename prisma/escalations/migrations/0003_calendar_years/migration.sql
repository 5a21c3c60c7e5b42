-- The working-day calendar by year: calendar_year says whether each year is official (the State
-- Council's notice) or provisional (the law's holidays alone), and calendar_day rows belong to a
-- year. The escalations service writes the years it needs at start-up (see src/calendar/years.ts);
-- 0002 shipped 2026 as published.

-- CreateTable
CREATE TABLE "calendar_year" (
    "year" INTEGER NOT NULL,
    "provisional" BOOLEAN NOT NULL,
    "source" TEXT,
    "imported_at" TIMESTAMPTZ(3),

    CONSTRAINT "calendar_year_pkey" PRIMARY KEY ("year")
);

INSERT INTO calendar_year (year, provisional, source, imported_at)
VALUES (2026, false, '国务院办公厅关于2026年部分节假日安排的通知', NULL);

-- AlterTable
ALTER TABLE "calendar_day" ADD COLUMN "year" INTEGER;
UPDATE "calendar_day" SET "year" = extract(year FROM "day")::int;
ALTER TABLE "calendar_day" ALTER COLUMN "year" SET NOT NULL,
DROP CONSTRAINT "calendar_day_pkey",
ADD CONSTRAINT "calendar_day_pkey" PRIMARY KEY ("year", "day");

-- CreateIndex
CREATE INDEX "calendar_day_day_idx" ON "calendar_day"("day");

-- AddForeignKey
ALTER TABLE "calendar_day" ADD CONSTRAINT "calendar_day_year_fkey" FOREIGN KEY ("year") REFERENCES "calendar_year"("year") ON DELETE CASCADE ON UPDATE CASCADE;

-- A late-December day may be named by two years' notices: the later year has the last word.
CREATE OR REPLACE FUNCTION is_working_day(d date) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT COALESCE((SELECT working FROM calendar_day WHERE day = d ORDER BY year DESC LIMIT 1), extract(isodow FROM d) < 6)
$$;

-- Whether working days counted from the local date of `start` to that of `due` (a deadline: the end
-- of its last day) touch a year that is provisional or missing. Late December also reads the next
-- year, whose New Year break can start there.
CREATE FUNCTION calendar_provisional(start timestamptz, due timestamptz) RETURNS boolean LANGUAGE sql STABLE AS $$
  WITH span AS (
    SELECT (start AT TIME ZONE 'Asia/Shanghai')::date AS first_day,
           ((due - interval '1 millisecond') AT TIME ZONE 'Asia/Shanghai')::date AS last_day
  )
  SELECT EXISTS (
    SELECT 1 FROM span,
      generate_series(extract(year FROM first_day)::int,
                      extract(year FROM last_day)::int + CASE WHEN extract(month FROM last_day) = 12 AND extract(day FROM last_day) >= 25 THEN 1 ELSE 0 END) AS y
    WHERE NOT EXISTS (SELECT 1 FROM calendar_year cy WHERE cy.year = y AND NOT cy.provisional)
  )
$$;

-- AlterTable: whether each case's current deadline was computed across a provisional year.
ALTER TABLE "case" ADD COLUMN "deadline_provisional" BOOLEAN NOT NULL DEFAULT false;
UPDATE "case" SET "deadline_provisional" = calendar_provisional("tier_entered_at", "due_at");
