-- Visit coverage in the last 12 months from one counter row per place (visited_household_window)
-- instead of summing a place's month and day buckets at every request: the whole district's
-- blocks read 1,500 rows rather than 21,000 (11 months and half a month of buckets each).
-- The month buckets had no other reader and go; the day buckets stay, keyed by place first, for
-- the days between a counter's day and the window's.
-- Writers of visits wait until this migration commits, from its first statement (as the rebuild
-- makes them wait): a visit counted by the old function after the fill below read the buckets would
-- be missing from the counters for good, and one half-way through its buckets when the tables below
-- change would deadlock with it.
LOCK TABLE visit IN SHARE MODE;

-- AlterTable
ALTER TABLE "visited_household_day" DROP CONSTRAINT "visited_household_day_pkey",
ADD CONSTRAINT "visited_household_day_pkey" PRIMARY KEY ("block_code", "day");

-- AlterTable
ALTER TABLE "visited_household_community_day" DROP CONSTRAINT "visited_household_community_day_pkey",
ADD CONSTRAINT "visited_household_community_day_pkey" PRIMARY KEY ("community_code", "day");

-- DropTable
DROP TABLE "visited_household_month";

-- DropTable
DROP TABLE "visited_household_community_month";

-- CreateTable
CREATE TABLE "visited_household_window" (
    "block_code" TEXT COLLATE "C" NOT NULL,
    "since_day" DATE NOT NULL,
    "households" INTEGER NOT NULL,

    CONSTRAINT "visited_household_window_pkey" PRIMARY KEY ("block_code")
);

-- CreateTable
CREATE TABLE "visited_household_community_window" (
    "community_code" TEXT COLLATE "C" NOT NULL,
    "since_day" DATE NOT NULL,
    "households" INTEGER NOT NULL,

    CONSTRAINT "visited_household_community_window_pkey" PRIMARY KEY ("community_code")
);



-- Written by hand from here on.

-- Adds `delta` households to the block's and its community's day of `at`, and to their counters
-- when they count from that day or before; buckets that reach zero go (counters stay).
CREATE OR REPLACE FUNCTION visited_household_count(block text, at timestamptz, delta int) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  community text := left(block, 12);
  at_day date := visit_local_day(at);
BEGIN
  INSERT INTO visited_household_day AS bucket (block_code, day, households)
  VALUES (block, at_day, delta)
  ON CONFLICT (block_code, day) DO UPDATE SET households = bucket.households + delta;
  INSERT INTO visited_household_community_day AS bucket (community_code, day, households)
  VALUES (community, at_day, delta)
  ON CONFLICT (community_code, day) DO UPDATE SET households = bucket.households + delta;
  -- A place's first counted household starts its counter on its own day.
  INSERT INTO visited_household_window AS counter (block_code, since_day, households)
  VALUES (block, at_day, delta)
  ON CONFLICT (block_code) DO UPDATE SET households = counter.households + delta WHERE counter.since_day <= at_day;
  INSERT INTO visited_household_community_window AS counter (community_code, since_day, households)
  VALUES (community, at_day, delta)
  ON CONFLICT (community_code) DO UPDATE SET households = counter.households + delta WHERE counter.since_day <= at_day;
  IF delta < 0 THEN
    DELETE FROM visited_household_day WHERE block_code = block AND day = at_day AND households = 0;
    DELETE FROM visited_household_community_day WHERE community_code = community AND day = at_day AND households = 0;
  END IF;
END $$;

-- Moves a block's counter, and then a community's, on to count from `first_day`: the day buckets
-- it passes are taken away. Forward only: a write to a day before a counter's day does not touch
-- the counter (visited_household_count), so one moving back could not see such a write still
-- uncommitted. The row is locked first and the buckets summed by the next statement (a new
-- snapshot under READ COMMITTED): every write that changed the counter has committed by then, and
-- one that has not yet reached it will find the counter past its day.
CREATE FUNCTION visited_household_window_roll(block text, first_day date) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  counted_from date;
BEGIN
  SELECT since_day INTO counted_from FROM visited_household_window WHERE block_code = block FOR UPDATE;
  IF counted_from IS NULL OR counted_from >= first_day THEN
    RETURN;
  END IF;
  UPDATE visited_household_window SET since_day = first_day, households = households - coalesce((
    SELECT sum(households) FROM visited_household_day WHERE block_code = block AND day >= counted_from AND day < first_day
  ), 0)
  WHERE block_code = block;
END $$;

CREATE FUNCTION visited_household_community_window_roll(community text, first_day date) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  counted_from date;
BEGIN
  SELECT since_day INTO counted_from FROM visited_household_community_window WHERE community_code = community FOR UPDATE;
  IF counted_from IS NULL OR counted_from >= first_day THEN
    RETURN;
  END IF;
  UPDATE visited_household_community_window SET since_day = first_day, households = households - coalesce((
    SELECT sum(households) FROM visited_household_community_day
    WHERE community_code = community AND day >= counted_from AND day < first_day
  ), 0)
  WHERE community_code = community;
END $$;

-- The counters of the buckets already stored, from a day a little before the window's (a counter
-- may only move forward); the subgraph moves them on when it starts.
INSERT INTO visited_household_window (block_code, since_day, households)
SELECT block_code, visit_local_day(now() - interval '13 months'),
  coalesce(sum(households) FILTER (WHERE day >= visit_local_day(now() - interval '13 months')), 0)
FROM visited_household_day GROUP BY block_code;
INSERT INTO visited_household_community_window (community_code, since_day, households)
SELECT community_code, visit_local_day(now() - interval '13 months'),
  coalesce(sum(households) FILTER (WHERE day >= visit_local_day(now() - interval '13 months')), 0)
FROM visited_household_community_day GROUP BY community_code;
ANALYZE "visited_household_day", "visited_household_community_day", "visited_household_window",
  "visited_household_community_window";
