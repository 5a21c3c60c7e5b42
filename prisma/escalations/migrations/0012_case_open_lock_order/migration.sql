-- Written by hand. A clock's changes were written one day at a time, each to its day, month and year
-- in turn: two transactions changing clocks of one block could take those rows in opposite orders
-- and deadlock, the more so once every change of a year shared its year's row (0011). A clock's
-- changes are now written together, one statement per grain, years first, then months, then days,
-- each in ascending order: every writer takes a block's rows in the same order. A grain's changes
-- that cancel out are not written at all.
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

-- Each clock counts open from its start day to its end day, overdue from its due day to the later of
-- its due and end days (0008).
CREATE OR REPLACE FUNCTION tier_clock_open_apply(clock tier_clock, sign integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE block text;
BEGIN
  SELECT block_code INTO block FROM "case" WHERE id = clock.case_id;
  IF NOT FOUND THEN RETURN; END IF;
  PERFORM case_open_write(block, clock.tier,
    ARRAY[case_local_day(clock.started_at), case_local_day(clock.due_at), case_local_day(clock.ended_at),
      CASE WHEN clock.ended_at IS NOT NULL THEN greatest(case_local_day(clock.due_at), case_local_day(clock.ended_at)) END],
    ARRAY[sign, 0, -sign, 0], ARRAY[0, sign, 0, -sign]);
END
$$;

DROP FUNCTION case_open_add(text, date, "Tier", int, int);
