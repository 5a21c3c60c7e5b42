-- CreateTable
CREATE TABLE "pairing_spell" (
    "household_id" UUID NOT NULL,
    "block_code" TEXT NOT NULL,
    "started_on" DATE NOT NULL,
    "ended_on" DATE,

    CONSTRAINT "pairing_spell_pkey" PRIMARY KEY ("household_id","started_on")
);

-- CreateTable
CREATE TABLE "pairing_spell_day" (
    "block_code" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "change" INTEGER NOT NULL,

    CONSTRAINT "pairing_spell_day_pkey" PRIMARY KEY ("day","block_code")
);

-- CreateTable
CREATE TABLE "pairing_spell_month" (
    "block_code" TEXT NOT NULL,
    "month" DATE NOT NULL,
    "change" INTEGER NOT NULL,

    CONSTRAINT "pairing_spell_month_pkey" PRIMARY KEY ("block_code","month")
);




-- Written by hand: pairingCoverage(asOf) from per-block day and month changes, as visitCoverage(asOf)
-- reads the delegates subgraph's visit spells: its cost grows with blocks × months, not with the
-- pairings ever made. The spells are kept in the same transaction as every write to pairing and
-- household, by triggers, whatever path writes. Bulk loads disable them (ALTER TABLE … DISABLE
-- TRIGGER USER) and rebuild afterwards (rebuildHouseholdRollUps).

-- Adds a change of `delta` paired households to the block's day and month of `day`.
CREATE FUNCTION pairing_spell_change(block text, day date, delta int) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO pairing_spell_day AS bucket (block_code, day, change) VALUES (block, day, delta)
  ON CONFLICT (day, block_code) DO UPDATE SET change = bucket.change + delta;
  INSERT INTO pairing_spell_month AS bucket (block_code, month, change) VALUES (block, date_trunc('month', day)::date, delta)
  ON CONFLICT (block_code, month) DO UPDATE SET change = bucket.change + delta;
$$;

-- The spells of some households: a pairing covers the days (Asia/Shanghai) from its acceptance up to
-- the day it ended, that day excluded (ended_on null while it is active), as pairingCoverage(asOf)
-- always counted; a household's pairings that overlap or touch are one spell. Only a household in
-- need now, in the block it lives in now. Pairings end in any order, so whether a pairing starts a
-- new spell is decided by the latest end among those before it.
CREATE FUNCTION pairing_spells_of(households uuid[])
RETURNS TABLE (household_id uuid, block_code text, started_on date, ended_on date) LANGUAGE sql STABLE AS $$
  WITH spans AS (
    SELECT p.household_id, h.block_code,
      (p.accepted_at AT TIME ZONE 'Asia/Shanghai')::date AS day,
      (p.ended_at AT TIME ZONE 'Asia/Shanghai')::date AS until
    FROM pairing p JOIN household h ON h.id = p.household_id
    WHERE p.household_id = ANY(households) AND p.accepted_at IS NOT NULL AND cardinality(h.needs) > 0
  ), marked AS (
    SELECT household_id, block_code, day, until,
      CASE WHEN max(coalesce(until, 'infinity'::date)) OVER (
        PARTITION BY household_id ORDER BY day, until ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
      ) >= day THEN 0 ELSE 1 END AS starts
    FROM spans
    -- A pairing ended on the day it was accepted covers no day.
    WHERE until IS NULL OR until > day
  ), numbered AS (
    SELECT household_id, block_code, day, until,
      sum(starts) OVER (PARTITION BY household_id ORDER BY day, until ROWS UNBOUNDED PRECEDING) AS spell
    FROM marked
  )
  SELECT household_id, min(block_code), min(day), CASE WHEN bool_or(until IS NULL) THEN NULL ELSE max(until) END
  FROM numbered GROUP BY household_id, spell
$$;

-- Makes the household's spells what its pairings and household row say, and moves the day and
-- month changes by the difference only (an acceptance: one day's +1; an end: that day's -1).
CREATE FUNCTION pairing_spell_refresh(household uuid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  old_blocks text[];
  old_starts date[];
  old_ends date[];
BEGIN
  -- One transaction at a time per household; the statements below then see what the one before
  -- committed (READ COMMITTED takes a snapshot per statement).
  PERFORM pg_advisory_xact_lock(hashtext('pairing_spell'), hashtext(household::text));
  WITH removed AS (
    DELETE FROM pairing_spell WHERE household_id = household RETURNING block_code, started_on, ended_on
  )
  SELECT array_agg(block_code), array_agg(started_on), array_agg(ended_on) INTO old_blocks, old_starts, old_ends FROM removed;
  INSERT INTO pairing_spell (household_id, block_code, started_on, ended_on)
  SELECT spell.household_id, spell.block_code, spell.started_on, spell.ended_on FROM pairing_spells_of(ARRAY[household]) AS spell;
  PERFORM pairing_spell_change(net.block_code, net.day, net.delta::int) FROM (
    SELECT block_code, day, sum(delta) AS delta FROM (
      SELECT unnest(old_blocks) AS block_code, unnest(old_starts) AS day, -1 AS delta
      UNION ALL SELECT unnest(old_blocks), unnest(old_ends), 1
      UNION ALL SELECT block_code, started_on, 1 FROM pairing_spell WHERE household_id = household
      UNION ALL SELECT block_code, ended_on, -1 FROM pairing_spell WHERE household_id = household
    ) AS changes
    WHERE day IS NOT NULL
    GROUP BY block_code, day HAVING sum(delta) <> 0
  ) AS net;
END $$;

CREATE FUNCTION pairing_spell_roll_up() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.accepted_at IS NOT NULL THEN
    PERFORM pairing_spell_refresh(OLD.household_id);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.accepted_at IS NOT NULL
    AND (TG_OP = 'INSERT' OR OLD.accepted_at IS NULL OR OLD.household_id <> NEW.household_id) THEN
    PERFORM pairing_spell_refresh(NEW.household_id);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER pairing_spell_roll_up AFTER INSERT OR DELETE OR UPDATE OF household_id, accepted_at, ended_at ON pairing
  FOR EACH ROW EXECUTE FUNCTION pairing_spell_roll_up();

-- A household's block and needs decide where and whether its spells count; a new household has no
-- pairings yet.
CREATE FUNCTION household_pairing_spell_roll_up() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pairing_spell_refresh(OLD.id);
  IF TG_OP = 'UPDATE' AND NEW.id <> OLD.id THEN
    PERFORM pairing_spell_refresh(NEW.id);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER household_pairing_spell_roll_up AFTER DELETE OR UPDATE OF id, block_code, needs ON household
  FOR EACH ROW EXECUTE FUNCTION household_pairing_spell_roll_up();

-- Every household's spells at once (the pairings already stored; rebuildHouseholdRollUps runs the same).
CREATE FUNCTION pairing_spells_rebuild() RETURNS void LANGUAGE sql AS $$
  INSERT INTO pairing_spell (household_id, block_code, started_on, ended_on)
  SELECT household_id, block_code, started_on, ended_on
  FROM pairing_spells_of(ARRAY(SELECT DISTINCT household_id FROM pairing WHERE accepted_at IS NOT NULL));
  INSERT INTO pairing_spell_day (block_code, day, change)
  SELECT block_code, day, sum(change) FROM (
    SELECT block_code, started_on AS day, 1 AS change FROM pairing_spell
    UNION ALL
    SELECT block_code, ended_on, -1 FROM pairing_spell WHERE ended_on IS NOT NULL
  ) AS changes GROUP BY block_code, day HAVING sum(change) <> 0;
  INSERT INTO pairing_spell_month (block_code, month, change)
  SELECT block_code, date_trunc('month', day)::date, sum(change) FROM pairing_spell_day GROUP BY 1, 2;
$$;

SELECT pairing_spells_rebuild();
