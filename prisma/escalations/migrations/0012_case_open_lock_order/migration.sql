-- Written by hand. A clock's changes were written one day at a time, each to its day, month and year
-- in turn: two transactions changing clocks of one block could take those rows in opposite orders
-- and deadlock, the more so once every change of a year shared its year's row (0011). A clock's
-- changes (an update's old ones taken back and its new ones, together) are now written in one call,
-- one statement per grain, years first, then months, then days, each in ascending order, and a
-- grain's changes that cancel out are not written. Two such calls on one block take its rows in the
-- same order. A transaction writing several clocks (the sweeper) may still meet another in opposite
-- order when their clocks span two years: PostgreSQL then refuses one of them (deadlock detected).
CREATE FUNCTION case_open_write(p_block text, p_tier "Tier", days date[], opens int[], overdues int[]) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO case_open_year AS y (block_code, year, open_block, open_community, open_street, open_department, overdue)
  SELECT p_block, date_trunc('year', c.day)::date, sum(c.open) * (p_tier = 'BLOCK')::int,
    sum(c.open) * (p_tier = 'COMMUNITY')::int, sum(c.open) * (p_tier = 'STREET')::int,
    sum(c.open) * (p_tier = 'DEPARTMENT')::int, sum(c.overdue)
  FROM unnest(days, opens, overdues) AS c(day, open, overdue) WHERE c.day IS NOT NULL
  GROUP BY 2 HAVING sum(c.open) <> 0 OR sum(c.overdue) <> 0 ORDER BY 2
  ON CONFLICT (block_code, year) DO UPDATE SET
    open_block = y.open_block + EXCLUDED.open_block, open_community = y.open_community + EXCLUDED.open_community,
    open_street = y.open_street + EXCLUDED.open_street, open_department = y.open_department + EXCLUDED.open_department,
    overdue = y.overdue + EXCLUDED.overdue;
  INSERT INTO case_open_month AS m (block_code, month, open_block, open_community, open_street, open_department, overdue)
  SELECT p_block, date_trunc('month', c.day)::date, sum(c.open) * (p_tier = 'BLOCK')::int,
    sum(c.open) * (p_tier = 'COMMUNITY')::int, sum(c.open) * (p_tier = 'STREET')::int,
    sum(c.open) * (p_tier = 'DEPARTMENT')::int, sum(c.overdue)
  FROM unnest(days, opens, overdues) AS c(day, open, overdue) WHERE c.day IS NOT NULL
  GROUP BY 2 HAVING sum(c.open) <> 0 OR sum(c.overdue) <> 0 ORDER BY 2
  ON CONFLICT (block_code, month) DO UPDATE SET
    open_block = m.open_block + EXCLUDED.open_block, open_community = m.open_community + EXCLUDED.open_community,
    open_street = m.open_street + EXCLUDED.open_street, open_department = m.open_department + EXCLUDED.open_department,
    overdue = m.overdue + EXCLUDED.overdue;
  INSERT INTO case_open_day AS d (block_code, day, open_block, open_community, open_street, open_department, overdue)
  SELECT p_block, c.day, sum(c.open) * (p_tier = 'BLOCK')::int,
    sum(c.open) * (p_tier = 'COMMUNITY')::int, sum(c.open) * (p_tier = 'STREET')::int,
    sum(c.open) * (p_tier = 'DEPARTMENT')::int, sum(c.overdue)
  FROM unnest(days, opens, overdues) AS c(day, open, overdue) WHERE c.day IS NOT NULL
  GROUP BY 2 HAVING sum(c.open) <> 0 OR sum(c.overdue) <> 0 ORDER BY 2
  ON CONFLICT (block_code, day) DO UPDATE SET
    open_block = d.open_block + EXCLUDED.open_block, open_community = d.open_community + EXCLUDED.open_community,
    open_street = d.open_street + EXCLUDED.open_street, open_department = d.open_department + EXCLUDED.open_department,
    overdue = d.overdue + EXCLUDED.overdue;
$$;

-- A clock's changes, `sign` times (0008): +1 open at its tier on its start day and -1 on its end
-- day; +1 overdue on its due day and -1 on the later of its due and end days (when it ended).
CREATE FUNCTION tier_clock_open_changes(clock tier_clock, sign integer)
RETURNS TABLE (day date, open int, overdue int) LANGUAGE sql IMMUTABLE AS $$
  SELECT change.day, change.open, change.overdue FROM (VALUES
    (case_local_day(clock.started_at), sign, 0),
    (case_local_day(clock.due_at), 0, sign),
    (case_local_day(clock.ended_at), -sign, 0),
    (CASE WHEN clock.ended_at IS NOT NULL THEN greatest(case_local_day(clock.due_at), case_local_day(clock.ended_at)) END, 0, -sign)
  ) AS change(day, open, overdue)
  WHERE change.day IS NOT NULL
$$;

CREATE OR REPLACE FUNCTION tier_clock_open_roll_up() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.case_id = NEW.case_id AND OLD.tier = NEW.tier AND OLD.started_at = NEW.started_at
     AND OLD.due_at = NEW.due_at AND OLD.ended_at IS NOT DISTINCT FROM NEW.ended_at THEN
    RETURN NULL;
  END IF;
  -- The old clock's changes taken back and the new one's added, per block and tier in one call each
  -- (one, unless the update moved the clock).
  PERFORM case_open_write(changes.block_code, changes.tier, array_agg(changes.day), array_agg(changes.open),
    array_agg(changes.overdue))
  FROM (
    SELECT c.block_code, OLD.tier, change.day, change.open, change.overdue
    FROM "case" c, tier_clock_open_changes(OLD, -1) AS change WHERE TG_OP <> 'INSERT' AND c.id = OLD.case_id
    UNION ALL
    SELECT c.block_code, NEW.tier, change.day, change.open, change.overdue
    FROM "case" c, tier_clock_open_changes(NEW, 1) AS change WHERE TG_OP <> 'DELETE' AND c.id = NEW.case_id
  ) AS changes(block_code, tier, day, open, overdue)
  GROUP BY changes.block_code, changes.tier
  ORDER BY changes.block_code, changes.tier;
  RETURN NULL;
END
$$;

DROP FUNCTION tier_clock_open_apply(tier_clock, integer);
DROP FUNCTION case_open_add(text, date, "Tier", int, int);
