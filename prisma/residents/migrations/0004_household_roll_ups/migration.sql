-- CreateTable
CREATE TABLE "block_households" (
    "block_code" TEXT NOT NULL,
    "households" INTEGER NOT NULL,
    "in_need" INTEGER NOT NULL,
    "paired" INTEGER NOT NULL,

    CONSTRAINT "block_households_pkey" PRIMARY KEY ("block_code")
);

-- CreateTable
CREATE TABLE "counted_household" (
    "household_id" UUID NOT NULL,
    "block_code" TEXT NOT NULL,
    "in_need" BOOLEAN NOT NULL,
    "paired" BOOLEAN NOT NULL,

    CONSTRAINT "counted_household_pkey" PRIMARY KEY ("household_id")
);



-- Written by hand: the roll-up is kept in the same transaction as every write to household and
-- pairing, by triggers, whatever path writes (the mutations, the seed, a hand edit in SQL). Bulk
-- loads disable them (ALTER TABLE … DISABLE TRIGGER USER) and rebuild afterwards (rebuildRollUps).

-- Adds to a block's figures; a block left with no households goes.
CREATE FUNCTION block_households_add(block text, households int, in_need int, paired int) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO block_households AS figures (block_code, households, in_need, paired)
  VALUES (block, households, in_need, paired)
  ON CONFLICT (block_code) DO UPDATE SET
    households = figures.households + EXCLUDED.households,
    in_need = figures.in_need + EXCLUDED.in_need,
    paired = figures.paired + EXCLUDED.paired;
  IF households < 0 THEN
    DELETE FROM block_households WHERE block_code = block AND block_households.households = 0;
  END IF;
END $$;

-- Makes what the roll-up counts of one household what its rows say now, moving the difference.
CREATE FUNCTION household_recount(household uuid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  counted counted_household%ROWTYPE;
  block text;
  in_need boolean;
  paired boolean;
BEGIN
  -- One transaction at a time per household; the statements below then see what the one before
  -- committed (READ COMMITTED takes a snapshot per statement).
  PERFORM pg_advisory_xact_lock(hashtext('counted_household'), hashtext(household::text));
  SELECT h.block_code, cardinality(h.needs) > 0 INTO block, in_need FROM household h WHERE h.id = household;
  IF FOUND THEN
    paired := in_need AND EXISTS (SELECT 1 FROM pairing WHERE household_id = household AND status = 'ACTIVE');
  END IF;
  SELECT * INTO counted FROM counted_household WHERE household_id = household;
  IF counted.household_id IS NOT NULL THEN
    IF block IS NOT DISTINCT FROM counted.block_code AND in_need = counted.in_need AND paired = counted.paired THEN
      RETURN;
    END IF;
    PERFORM block_households_add(counted.block_code, -1, -counted.in_need::int, -counted.paired::int);
  END IF;
  IF block IS NULL THEN
    DELETE FROM counted_household WHERE household_id = household;
  ELSE
    INSERT INTO counted_household (household_id, block_code, in_need, paired) VALUES (household, block, in_need, paired)
    ON CONFLICT (household_id) DO UPDATE
      SET block_code = EXCLUDED.block_code, in_need = EXCLUDED.in_need, paired = EXCLUDED.paired;
    PERFORM block_households_add(block, 1, in_need::int, paired::int);
  END IF;
END $$;

CREATE FUNCTION household_roll_up() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM household_recount(OLD.id);
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.id <> OLD.id) THEN
    PERFORM household_recount(NEW.id);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER household_roll_up AFTER INSERT OR DELETE OR UPDATE OF id, block_code, needs ON household
  FOR EACH ROW EXECUTE FUNCTION household_roll_up();

-- Only a pairing that is or was ACTIVE changes what is counted.
CREATE FUNCTION pairing_roll_up() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.status = 'ACTIVE' THEN
    PERFORM household_recount(OLD.household_id);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.status = 'ACTIVE'
    AND (TG_OP = 'INSERT' OR OLD.status <> 'ACTIVE' OR OLD.household_id <> NEW.household_id) THEN
    PERFORM household_recount(NEW.household_id);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER pairing_roll_up AFTER INSERT OR DELETE OR UPDATE OF status, household_id ON pairing
  FOR EACH ROW EXECUTE FUNCTION pairing_roll_up();

-- The households already stored.
INSERT INTO counted_household (household_id, block_code, in_need, paired)
SELECT h.id, h.block_code, cardinality(h.needs) > 0,
  cardinality(h.needs) > 0 AND EXISTS (SELECT 1 FROM pairing p WHERE p.household_id = h.id AND p.status = 'ACTIVE')
FROM household h;
INSERT INTO block_households (block_code, households, in_need, paired)
SELECT block_code, count(*), count(*) FILTER (WHERE in_need), count(*) FILTER (WHERE paired)
FROM counted_household GROUP BY block_code;
