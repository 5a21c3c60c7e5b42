-- CreateTable
CREATE TABLE "visited_household" (
    "household_id" UUID NOT NULL,
    "block_code" TEXT NOT NULL,
    "last_occurred_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "visited_household_pkey" PRIMARY KEY ("household_id","block_code")
);

-- CreateTable
CREATE TABLE "visited_household_month" (
    "block_code" TEXT NOT NULL,
    "month" DATE NOT NULL,
    "households" INTEGER NOT NULL,

    CONSTRAINT "visited_household_month_pkey" PRIMARY KEY ("block_code","month")
);

-- CreateTable
CREATE TABLE "visited_household_day" (
    "block_code" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "households" INTEGER NOT NULL,

    CONSTRAINT "visited_household_day_pkey" PRIMARY KEY ("day","block_code")
);

-- CreateIndex
CREATE INDEX "visited_household_last_occurred_at_idx" ON "visited_household"("last_occurred_at");



-- Written by hand: the roll-ups are kept in the same transaction as every write to visit, by a
-- trigger, whatever path writes (logVisit, logVisits, a hand edit in SQL). Bulk loads disable it
-- (ALTER TABLE visit DISABLE TRIGGER USER) and rebuild afterwards (rebuildRollUps).

-- Days and months are China Standard Time's, as the district counts them.
CREATE FUNCTION visit_local_day(at timestamptz) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT (at AT TIME ZONE 'Asia/Shanghai')::date $$;
CREATE FUNCTION visit_local_month(at timestamptz) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT date_trunc('month', at AT TIME ZONE 'Asia/Shanghai')::date $$;
-- The instant the local day after `at`'s begins.
CREATE FUNCTION visit_next_local_day(at timestamptz) RETURNS timestamptz
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT (visit_local_day(at) + 1)::timestamp AT TIME ZONE 'Asia/Shanghai' $$;

-- Adds `delta` households to the block's month and day of `at`; buckets that reach zero go.
CREATE FUNCTION visited_household_count(block text, at timestamptz, delta int) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO visited_household_month AS bucket (block_code, month, households)
  VALUES (block, visit_local_month(at), delta)
  ON CONFLICT (block_code, month) DO UPDATE SET households = bucket.households + delta;
  INSERT INTO visited_household_day AS bucket (block_code, day, households)
  VALUES (block, visit_local_day(at), delta)
  ON CONFLICT (day, block_code) DO UPDATE SET households = bucket.households + delta;
  IF delta < 0 THEN
    DELETE FROM visited_household_month WHERE block_code = block AND month = visit_local_month(at) AND households = 0;
    DELETE FROM visited_household_day WHERE day = visit_local_day(at) AND block_code = block AND households = 0;
  END IF;
END $$;

-- Makes the household's last visit in the block what its visits say (greatest wins: a backdated
-- visit logged after a later one changes nothing) and moves it between buckets.
CREATE FUNCTION visited_household_refresh(household uuid, block text) RETURNS void
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

CREATE FUNCTION visit_roll_up() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
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

CREATE TRIGGER visit_roll_up AFTER INSERT OR DELETE OR UPDATE OF household_id, place_code, occurred_at ON visit
  FOR EACH ROW EXECUTE FUNCTION visit_roll_up();

-- The visits already stored.
INSERT INTO visited_household (household_id, block_code, last_occurred_at)
SELECT household_id, place_code, max(occurred_at) FROM visit WHERE household_id IS NOT NULL GROUP BY household_id, place_code;
INSERT INTO visited_household_month (block_code, month, households)
SELECT block_code, visit_local_month(last_occurred_at), count(*) FROM visited_household GROUP BY 1, 2;
INSERT INTO visited_household_day (block_code, day, households)
SELECT block_code, visit_local_day(last_occurred_at), count(*) FROM visited_household GROUP BY 1, 2;
