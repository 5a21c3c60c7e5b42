-- Written by hand. The window counters (0010) are rows every visit of a block, and of a community,
-- writes: taken where visited_household_count first reached them, after a bucket, two visits of one
-- community deadlocked (the benchmark's sustained logVisit, to one block's households). One visit
-- took the buckets of its household's previous last day and then the counters; another, whose
-- household's previous last visit was that day, held that day's buckets and waited for the
-- counters; the first then wanted that day's buckets.
--
-- The trigger now locks the counters of every place a changed visit row touches (its old and new
-- block, and their communities) first, before the household's advisory lock, any bucket or any
-- spell, in order of code (a community's code is its blocks' prefix, so it comes before them), and
-- whether or not the household's last visit moves. Visits of one community then queue at its
-- counter holding nothing another needs, and a batch stored in order of place (logVisits does)
-- takes every counter in the same order as any other transaction. A place's first visit has no
-- counter yet to lock (visited_household_count makes it); two of those at once may still meet, and
-- the one PostgreSQL refuses is run again (retryingDeadlocks).
CREATE OR REPLACE FUNCTION visit_roll_up() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  place text;
BEGIN
  FOR place IN
    SELECT DISTINCT touched.code COLLATE "C" FROM unnest(ARRAY[
      CASE WHEN TG_OP <> 'INSERT' AND OLD.household_id IS NOT NULL THEN OLD.place_code END,
      CASE WHEN TG_OP <> 'DELETE' AND NEW.household_id IS NOT NULL THEN NEW.place_code END
    ]) AS block(block_code), LATERAL (VALUES (left(block.block_code, 12)), (block.block_code)) AS touched(code)
    WHERE block.block_code IS NOT NULL
    ORDER BY 1
  LOOP
    IF length(place) = 12 THEN
      PERFORM FROM visited_household_community_window WHERE community_code = place FOR UPDATE;
    ELSE
      PERFORM FROM visited_household_window WHERE block_code = place FOR UPDATE;
    END IF;
  END LOOP;
  IF TG_OP <> 'INSERT' AND OLD.household_id IS NOT NULL THEN
    PERFORM visited_household_refresh(OLD.household_id, OLD.place_code);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.household_id IS NOT NULL AND (
    TG_OP = 'INSERT' OR OLD.household_id IS DISTINCT FROM NEW.household_id OR OLD.place_code <> NEW.place_code
  ) THEN
    PERFORM visited_household_refresh(NEW.household_id, NEW.place_code);
  END IF;
  RETURN NULL;
END $$;
