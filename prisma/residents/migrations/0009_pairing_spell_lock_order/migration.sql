-- Written by hand, after a review of 0007_pairing_spells:
--
-- 1. A household's spells are refreshed under the same advisory lock as its block roll-up
--    (household_recount, 0004). With a lock of their own, triggers fired in name order took the two
--    locks in one order on pairing (pairing_roll_up, then pairing_spell_roll_up) and in the other on
--    household (household_pairing_spell_roll_up, then household_roll_up): ending a pairing beside a
--    change of the household's needs could deadlock. Advisory locks are re-entrant, so the second
--    trigger of either table takes the lock it already holds.
--
-- 2. Pairings of one household accepted and ended on the same days are ordered by their id too, so
--    both windows of pairing_spells_of put them in one order and they fall into one spell.

CREATE OR REPLACE FUNCTION pairing_spells_of(households uuid[])
RETURNS TABLE (household_id uuid, block_code text, started_on date, ended_on date) LANGUAGE sql STABLE AS $$
  WITH spans AS (
    SELECT p.household_id, h.block_code, p.id,
      (p.accepted_at AT TIME ZONE 'Asia/Shanghai')::date AS day,
      (p.ended_at AT TIME ZONE 'Asia/Shanghai')::date AS until
    FROM pairing p JOIN household h ON h.id = p.household_id
    WHERE p.household_id = ANY(households) AND p.accepted_at IS NOT NULL AND cardinality(h.needs) > 0
  ), marked AS (
    SELECT household_id, block_code, id, day, until,
      CASE WHEN max(coalesce(until, 'infinity'::date)) OVER (
        PARTITION BY household_id ORDER BY day, until, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
      ) >= day THEN 0 ELSE 1 END AS starts
    FROM spans
    -- A pairing ended on the day it was accepted covers no day.
    WHERE until IS NULL OR until > day
  ), numbered AS (
    SELECT household_id, block_code, day, until,
      sum(starts) OVER (PARTITION BY household_id ORDER BY day, until, id ROWS UNBOUNDED PRECEDING) AS spell
    FROM marked
  )
  SELECT household_id, min(block_code), min(day), CASE WHEN bool_or(until IS NULL) THEN NULL ELSE max(until) END
  FROM numbered GROUP BY household_id, spell
$$;

CREATE OR REPLACE FUNCTION pairing_spell_refresh(household uuid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  old_blocks text[];
  old_starts date[];
  old_ends date[];
BEGIN
  -- household_recount's lock (0004): one transaction at a time per household, whichever trigger
  -- comes first; the statements below then see what the one before committed.
  PERFORM pg_advisory_xact_lock(hashtext('counted_household'), hashtext(household::text));
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
