-- Written by hand (this statement): the visits' writers wait until this migration commits, then run
-- the new trigger function, so no change lands in the month rows after the years are filled from them.
LOCK TABLE visit IN SHARE MODE;

-- CreateTable
CREATE TABLE "visit_spell_year" (
    "block_code" TEXT NOT NULL,
    "year" DATE NOT NULL,
    "change" INTEGER NOT NULL,

    CONSTRAINT "visit_spell_year_pkey" PRIMARY KEY ("block_code","year")
);


-- Written by hand. visitCoverage(asOf) summed the spells' month changes before the day's month: every
-- month of the history, so its cost grew with the months a district has kept. Whole years now come
-- from visit_spell_year, and only the months of the day's own year from visit_spell_month.
ALTER TABLE "visit_spell_year" ALTER COLUMN "block_code" TYPE TEXT COLLATE "C";

-- Adds a household's net changes (distinct days) to the block's days, months and years at once. A
-- visit that extends a spell moves its end: two days' changes that cancel within their month and
-- year, which are then not written at all (one statement per grain, not per day).
CREATE FUNCTION visit_spell_add(block text, days date[], deltas int[]) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO visit_spell_day AS bucket (block_code, day, change)
  SELECT block, net.day, net.delta FROM unnest(days, deltas) AS net(day, delta)
  ON CONFLICT (block_code, day) DO UPDATE SET change = bucket.change + EXCLUDED.change;
  INSERT INTO visit_spell_month AS bucket (block_code, month, change)
  SELECT block, date_trunc('month', net.day)::date, sum(net.delta) FROM unnest(days, deltas) AS net(day, delta)
  GROUP BY 2 HAVING sum(net.delta) <> 0
  ON CONFLICT (block_code, month) DO UPDATE SET change = bucket.change + EXCLUDED.change;
  INSERT INTO visit_spell_year AS bucket (block_code, year, change)
  SELECT block, date_trunc('year', net.day)::date, sum(net.delta) FROM unnest(days, deltas) AS net(day, delta)
  GROUP BY 2 HAVING sum(net.delta) <> 0
  ON CONFLICT (block_code, year) DO UPDATE SET change = bucket.change + EXCLUDED.change;
$$;

CREATE OR REPLACE FUNCTION visit_spell_refresh(household uuid, block text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  old_starts date[];
  old_ends date[];
  net_days date[];
  net_deltas int[];
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('visit_spell'), hashtext(household::text || block));
  WITH removed AS (
    DELETE FROM visit_spell WHERE household_id = household AND block_code = block RETURNING started_on, ended_on
  )
  SELECT array_agg(started_on), array_agg(ended_on) INTO old_starts, old_ends FROM removed;
  INSERT INTO visit_spell (household_id, block_code, started_on, ended_on)
  SELECT household, block, spell.started_on, spell.ended_on FROM visit_spells_of(household, block) AS spell;
  SELECT array_agg(net.day), array_agg(net.delta) INTO net_days, net_deltas FROM (
    SELECT day, sum(delta)::int AS delta FROM (
      SELECT unnest(old_starts) AS day, -1 AS delta
      UNION ALL SELECT unnest(old_ends), 1
      UNION ALL SELECT started_on, 1 FROM visit_spell WHERE household_id = household AND block_code = block
      UNION ALL SELECT ended_on, -1 FROM visit_spell WHERE household_id = household AND block_code = block
    ) AS changes
    WHERE day IS NOT NULL
    GROUP BY day HAVING sum(delta) <> 0
  ) AS net;
  IF net_days IS NOT NULL THEN PERFORM visit_spell_add(block, net_days, net_deltas); END IF;
END $$;

DROP FUNCTION visit_spell_change(text, date, int);

CREATE OR REPLACE FUNCTION visit_spells_rebuild() RETURNS void LANGUAGE sql AS $$
  INSERT INTO visit_spell (household_id, block_code, started_on, ended_on)
  WITH days AS (
    SELECT DISTINCT household_id, place_code AS block_code, visit_local_day(occurred_at) AS day
    FROM visit WHERE household_id IS NOT NULL
  ), marked AS (
    SELECT household_id, block_code, day, (day + interval '1 year')::date AS until,
      CASE WHEN lag((day + interval '1 year')::date) OVER w >= day THEN 0 ELSE 1 END AS starts
    FROM days WINDOW w AS (PARTITION BY household_id, block_code ORDER BY day)
  ), numbered AS (
    SELECT household_id, block_code, day, until,
      sum(starts) OVER (PARTITION BY household_id, block_code ORDER BY day) AS spell
    FROM marked
  )
  SELECT household_id, block_code, min(day), max(until) FROM numbered GROUP BY household_id, block_code, spell;
  INSERT INTO visit_spell_day (block_code, day, change)
  SELECT block_code, day, sum(change) FROM (
    SELECT block_code, started_on AS day, 1 AS change FROM visit_spell
    UNION ALL
    SELECT block_code, ended_on, -1 FROM visit_spell
  ) AS changes GROUP BY block_code, day HAVING sum(change) <> 0;
  INSERT INTO visit_spell_month (block_code, month, change)
  SELECT block_code, date_trunc('month', day)::date, sum(change) FROM visit_spell_day GROUP BY 1, 2;
  INSERT INTO visit_spell_year (block_code, year, change)
  SELECT block_code, date_trunc('year', month)::date, sum(change) FROM visit_spell_month GROUP BY 1, 2;
$$;

-- The years of the spells already kept, as visit_spells_rebuild computes them.
INSERT INTO visit_spell_year (block_code, year, change)
SELECT block_code, date_trunc('year', month)::date, sum(change) FROM visit_spell_month GROUP BY 1, 2;
ANALYZE "visit_spell_year";
