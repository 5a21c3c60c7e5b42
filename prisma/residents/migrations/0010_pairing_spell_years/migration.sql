-- Written by hand (this statement): the pairings' and households' writers wait until this migration
-- commits, then run the new trigger function, so no change lands in the month rows after the years
-- are filled from them.
LOCK TABLE household, pairing IN SHARE MODE;

-- CreateTable
CREATE TABLE "pairing_spell_year" (
    "block_code" TEXT NOT NULL,
    "year" DATE NOT NULL,
    "change" INTEGER NOT NULL,

    CONSTRAINT "pairing_spell_year_pkey" PRIMARY KEY ("block_code","year")
);


-- Written by hand. pairingCoverage(asOf) summed the spells' month changes before the day's month:
-- every month of the history, so its cost grew with the months a district has kept. Whole years now
-- come from pairing_spell_year, and only the months of the day's own year from pairing_spell_month.
CREATE OR REPLACE FUNCTION pairing_spell_change(block text, day date, delta int) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO pairing_spell_day AS bucket (block_code, day, change) VALUES (block, day, delta)
  ON CONFLICT (day, block_code) DO UPDATE SET change = bucket.change + delta;
  INSERT INTO pairing_spell_month AS bucket (block_code, month, change) VALUES (block, date_trunc('month', day)::date, delta)
  ON CONFLICT (block_code, month) DO UPDATE SET change = bucket.change + delta;
  INSERT INTO pairing_spell_year AS bucket (block_code, year, change) VALUES (block, date_trunc('year', day)::date, delta)
  ON CONFLICT (block_code, year) DO UPDATE SET change = bucket.change + delta;
$$;

CREATE OR REPLACE FUNCTION pairing_spells_rebuild() RETURNS void LANGUAGE sql AS $$
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
  INSERT INTO pairing_spell_year (block_code, year, change)
  SELECT block_code, date_trunc('year', month)::date, sum(change) FROM pairing_spell_month GROUP BY 1, 2;
$$;

-- The years of the spells already kept, as pairing_spells_rebuild computes them.
INSERT INTO pairing_spell_year (block_code, year, change)
SELECT block_code, date_trunc('year', month)::date, sum(change) FROM pairing_spell_month GROUP BY 1, 2;
