-- Written by hand. A household's spell changes are written years first, then months, then days,
-- each in ascending order: two such writes on one block take its rows in the same order, so two
-- visits logged at once in one block wait for each other instead of deadlocking (0008 wrote days
-- first, in no set order, and every change of a year shares its year's row). A transaction writing
-- several (a batch of visits across blocks, or across two years) may still meet another in opposite
-- order: PostgreSQL then refuses one of them (deadlock detected).
CREATE OR REPLACE FUNCTION visit_spell_add(block text, days date[], deltas int[]) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO visit_spell_year AS bucket (block_code, year, change)
  SELECT block, date_trunc('year', net.day)::date, sum(net.delta) FROM unnest(days, deltas) AS net(day, delta)
  GROUP BY 2 HAVING sum(net.delta) <> 0 ORDER BY 2
  ON CONFLICT (block_code, year) DO UPDATE SET change = bucket.change + EXCLUDED.change;
  INSERT INTO visit_spell_month AS bucket (block_code, month, change)
  SELECT block, date_trunc('month', net.day)::date, sum(net.delta) FROM unnest(days, deltas) AS net(day, delta)
  GROUP BY 2 HAVING sum(net.delta) <> 0 ORDER BY 2
  ON CONFLICT (block_code, month) DO UPDATE SET change = bucket.change + EXCLUDED.change;
  INSERT INTO visit_spell_day AS bucket (block_code, day, change)
  SELECT block, net.day, sum(net.delta) FROM unnest(days, deltas) AS net(day, delta)
  GROUP BY 2 ORDER BY 2
  ON CONFLICT (block_code, day) DO UPDATE SET change = bucket.change + EXCLUDED.change;
$$;
