-- CreateTable
CREATE TABLE "visit_spell" (
    "household_id" UUID NOT NULL,
    "block_code" TEXT NOT NULL,
    "started_on" DATE NOT NULL,
    "ended_on" DATE NOT NULL,

    CONSTRAINT "visit_spell_pkey" PRIMARY KEY ("household_id","block_code","started_on")
);

-- CreateTable
CREATE TABLE "visit_spell_day" (
    "block_code" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "change" INTEGER NOT NULL,

    CONSTRAINT "visit_spell_day_pkey" PRIMARY KEY ("day","block_code")
);

-- CreateTable
CREATE TABLE "visit_spell_month" (
    "block_code" TEXT NOT NULL,
    "month" DATE NOT NULL,
    "change" INTEGER NOT NULL,

    CONSTRAINT "visit_spell_month_pkey" PRIMARY KEY ("block_code","month")
);



-- Written by hand: the spells are kept in the same transaction as every write to visit, by a
-- trigger beside visit_roll_up (0003), whatever path writes. Bulk loads disable both and rebuild.

-- Adds a change of `delta` covered households to the block's day and month of `day`.
CREATE FUNCTION visit_spell_change(block text, day date, delta int) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO visit_spell_day AS bucket (block_code, day, change) VALUES (block, day, delta)
  ON CONFLICT (block_code, day) DO UPDATE SET change = bucket.change + delta;
  INSERT INTO visit_spell_month AS bucket (block_code, month, change) VALUES (block, date_trunc('month', day)::date, delta)
  ON CONFLICT (block_code, month) DO UPDATE SET change = bucket.change + delta;
$$;

-- A household's spells in a block, from its visit days: each day covers [day, day + 1 year); days
-- whose years overlap or touch are one spell. (day + 1 year never decreases as day grows, so the
-- previous day's end decides whether a new spell starts.)
CREATE FUNCTION visit_spells_of(household uuid, block text)
RETURNS TABLE (started_on date, ended_on date) LANGUAGE sql STABLE AS $$
  WITH days AS (
    SELECT DISTINCT visit_local_day(occurred_at) AS day FROM visit WHERE household_id = household AND place_code = block
  ), marked AS (
    SELECT day, (day + interval '1 year')::date AS until,
      CASE WHEN lag((day + interval '1 year')::date) OVER (ORDER BY day) >= day THEN 0 ELSE 1 END AS starts
    FROM days
  ), numbered AS (
    SELECT day, until, sum(starts) OVER (ORDER BY day) AS spell FROM marked
  )
  SELECT min(day), max(until) FROM numbered GROUP BY spell
$$;

-- Makes the household's spells in the block what its visits say, and moves the day and month
-- changes by the difference only: a visit that extends the last spell moves its end (two days'
-- changes), one on a day already visited moves nothing.
CREATE FUNCTION visit_spell_refresh(household uuid, block text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  old_starts date[];
  old_ends date[];
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('visit_spell'), hashtext(household::text || block));
  WITH removed AS (
    DELETE FROM visit_spell WHERE household_id = household AND block_code = block RETURNING started_on, ended_on
  )
  SELECT array_agg(started_on), array_agg(ended_on) INTO old_starts, old_ends FROM removed;
  INSERT INTO visit_spell (household_id, block_code, started_on, ended_on)
  SELECT household, block, spell.started_on, spell.ended_on FROM visit_spells_of(household, block) AS spell;
  PERFORM visit_spell_change(block, net.day, net.delta::int) FROM (
    SELECT day, sum(delta) AS delta FROM (
      SELECT unnest(old_starts) AS day, -1 AS delta
      UNION ALL SELECT unnest(old_ends), 1
      UNION ALL SELECT started_on, 1 FROM visit_spell WHERE household_id = household AND block_code = block
      UNION ALL SELECT ended_on, -1 FROM visit_spell WHERE household_id = household AND block_code = block
    ) AS changes
    WHERE day IS NOT NULL
    GROUP BY day HAVING sum(delta) <> 0
  ) AS net;
END $$;

CREATE FUNCTION visit_spell_roll_up() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.household_id IS NOT NULL THEN
    PERFORM visit_spell_refresh(OLD.household_id, OLD.place_code);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.household_id IS NOT NULL AND (
    TG_OP = 'INSERT' OR OLD.household_id IS DISTINCT FROM NEW.household_id OR OLD.place_code <> NEW.place_code
  ) THEN
    PERFORM visit_spell_refresh(NEW.household_id, NEW.place_code);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER visit_spell_roll_up AFTER INSERT OR DELETE OR UPDATE OF household_id, place_code, occurred_at ON visit
  FOR EACH ROW EXECUTE FUNCTION visit_spell_roll_up();

-- Every household's spells at once (the visits already stored; rebuildVisitRollUps runs the same).
CREATE FUNCTION visit_spells_rebuild() RETURNS void LANGUAGE sql AS $$
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
$$;

SELECT visit_spells_rebuild();
