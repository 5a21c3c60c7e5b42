-- Written by hand (this statement): the clocks' writers wait until this migration commits, then run
-- the new trigger function, so no change lands in the month rows after the years are filled from them.
LOCK TABLE tier_clock IN SHARE MODE;

-- CreateTable
CREATE TABLE "case_open_year" (
    "block_code" TEXT NOT NULL,
    "year" DATE NOT NULL,
    "open_block" INTEGER NOT NULL DEFAULT 0,
    "open_community" INTEGER NOT NULL DEFAULT 0,
    "open_street" INTEGER NOT NULL DEFAULT 0,
    "open_department" INTEGER NOT NULL DEFAULT 0,
    "overdue" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "case_open_year_pkey" PRIMARY KEY ("block_code","year")
);


-- casesOpenAt summed whole months before a date's own: every month of the history, so its cost grew
-- with the months a district has kept. Whole years now come from this table, and only the months
-- of the date's own year from case_open_month. Each change of case_open_day is added to its year too.
CREATE OR REPLACE FUNCTION case_open_add(p_block text, p_day date, p_tier "Tier", p_open int, p_overdue int) RETURNS void
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
    overdue = m.overdue + EXCLUDED.overdue;
  INSERT INTO case_open_year AS y (block_code, year, open_block, open_community, open_street, open_department, overdue)
  VALUES (p_block, date_trunc('year', p_day)::date, p_open * (p_tier = 'BLOCK')::int,
    p_open * (p_tier = 'COMMUNITY')::int, p_open * (p_tier = 'STREET')::int, p_open * (p_tier = 'DEPARTMENT')::int, p_overdue)
  ON CONFLICT (block_code, year) DO UPDATE SET
    open_block = y.open_block + EXCLUDED.open_block, open_community = y.open_community + EXCLUDED.open_community,
    open_street = y.open_street + EXCLUDED.open_street, open_department = y.open_department + EXCLUDED.open_department,
    overdue = y.overdue + EXCLUDED.overdue
$$;

-- The years of the changes already kept, as rebuildCaseRollUps computes them.
INSERT INTO case_open_year (block_code, year, open_block, open_community, open_street, open_department, overdue)
SELECT block_code, date_trunc('year', month)::date, sum(open_block), sum(open_community), sum(open_street),
  sum(open_department), sum(overdue)
FROM case_open_month GROUP BY 1, 2;
