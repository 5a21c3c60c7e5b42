-- Written by hand. The window counters (0010) are rows every visit of a block, and of a community,
-- writes: taken where visited_household_count first reached them, after a bucket, two visits of one
-- community deadlocked (the benchmark's sustained logVisit, to one block's households). One visit
-- took the buckets of its household's previous last day and then the counters; another, whose
-- household's previous last visit was today, held today's buckets and waited for the counters; the
-- first then wanted today's buckets. A visit now takes its community's counter and then its block's
-- before any bucket: visits of one community queue there, holding nothing another needs. Community
-- before block keeps the order of codes (a community's code is its blocks' prefix), so a batch
-- stored in order of place (logVisits does) takes every counter in one global order too.
CREATE OR REPLACE FUNCTION visited_household_refresh(household uuid, block text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  stored timestamptz;
  latest timestamptz;
BEGIN
  -- One transaction at a time per household and block; the statements below then see what the
  -- one before committed (READ COMMITTED takes a snapshot per statement).
  PERFORM pg_advisory_xact_lock(hashtext('visited_household'), hashtext(household::text || block));
  SELECT max(occurred_at) INTO latest FROM visit WHERE household_id = household AND place_code = block;
  SELECT last_occurred_at INTO stored FROM visited_household WHERE household_id = household AND block_code = block;
  IF stored IS NOT DISTINCT FROM latest THEN
    RETURN;
  END IF;
  -- The counters first, the community's and then the block's (a place's first visit makes them below).
  PERFORM FROM visited_household_community_window WHERE community_code = left(block, 12) FOR UPDATE;
  PERFORM FROM visited_household_window WHERE block_code = block FOR UPDATE;
  IF stored IS NOT NULL THEN
    PERFORM visited_household_count(block, stored, -1);
  END IF;
  IF latest IS NULL THEN
    DELETE FROM visited_household WHERE household_id = household AND block_code = block;
  ELSE
    INSERT INTO visited_household (household_id, block_code, last_occurred_at) VALUES (household, block, latest)
    ON CONFLICT (household_id, block_code) DO UPDATE SET last_occurred_at = EXCLUDED.last_occurred_at;
    PERFORM visited_household_count(block, latest, 1);
  END IF;
END $$;
