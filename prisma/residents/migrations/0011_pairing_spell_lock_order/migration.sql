-- Written by hand. A household's spell changes were written one day at a time, each to its day,
-- month and year in turn: two households of one block refreshed at once could take those rows in
-- opposite orders and deadlock, the more so once every change of a year shared its year's row
-- (0010). They are now written together, one statement per grain, years first, then months, then
-- days, each in ascending (block, date) order; a grain's changes that cancel out are not written.
-- A transaction refreshing several households may still meet another in opposite order across two
-- years: PostgreSQL then refuses one of them (deadlock detected).
CREATE FUNCTION pairing_spell_add(blocks text[], days date[], deltas int[]) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO pairing_spell_year AS bucket (block_code, year, change)
  SELECT net.block_code, date_trunc('year', net.day)::date, sum(net.delta)
  FROM unnest(blocks, days, deltas) AS net(block_code, day, delta)
  GROUP BY 1, 2 HAVING sum(net.delta) <> 0 ORDER BY 1, 2
  ON CONFLICT (block_code, year) DO UPDATE SET change = bucket.change + EXCLUDED.change;
  INSERT INTO pairing_spell_month AS bucket (block_code, month, change)
  SELECT net.block_code, date_trunc('month', net.day)::date, sum(net.delta)
  FROM unnest(blocks, days, deltas) AS net(block_code, day, delta)
  GROUP BY 1, 2 HAVING sum(net.delta) <> 0 ORDER BY 1, 2
  ON CONFLICT (block_code, month) DO UPDATE SET change = bucket.change + EXCLUDED.change;
  INSERT INTO pairing_spell_day AS bucket (block_code, day, change)
  SELECT net.block_code, net.day, sum(net.delta)
  FROM unnest(blocks, days, deltas) AS net(block_code, day, delta)
  GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (day, block_code) DO UPDATE SET change = bucket.change + EXCLUDED.change;
$$;

CREATE OR REPLACE FUNCTION pairing_spell_refresh(household uuid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  old_blocks text[];
  old_starts date[];
  old_ends date[];
  net_blocks text[];
  net_days date[];
  net_deltas int[];
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
  SELECT array_agg(net.block_code), array_agg(net.day), array_agg(net.delta) INTO net_blocks, net_days, net_deltas FROM (
    SELECT block_code, day, sum(delta)::int AS delta FROM (
      SELECT unnest(old_blocks) AS block_code, unnest(old_starts) AS day, -1 AS delta
      UNION ALL SELECT unnest(old_blocks), unnest(old_ends), 1
      UNION ALL SELECT block_code, started_on, 1 FROM pairing_spell WHERE household_id = household
      UNION ALL SELECT block_code, ended_on, -1 FROM pairing_spell WHERE household_id = household
    ) AS changes
    WHERE day IS NOT NULL
    GROUP BY block_code, day HAVING sum(delta) <> 0
  ) AS net;
  IF net_days IS NOT NULL THEN PERFORM pairing_spell_add(net_blocks, net_days, net_deltas); END IF;
END $$;

DROP FUNCTION pairing_spell_change(text, date, int);
