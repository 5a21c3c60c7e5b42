-- A household's visit counts in the roll-ups of its block (visited_household, the block and
-- community buckets, the visit spells), which take its place_code for the block's code: it must
-- be a block's, 15 digits. logVisit and logVisits always store the household's block; this keeps
-- any other path from storing a community's or street's code, which the roll-ups would count as a
-- block of its own (and a community's mixed-level sum would count twice). Walk-ins (no household)
-- are at a room's place, of any level.
-- NOT VALID: every visit written from now on is checked; rows already stored are not, so a database
-- holding such a row from an early version still starts. Find them with
--   SELECT id, place_code FROM visit WHERE household_id IS NOT NULL AND place_code !~ '^[0-9]{15}$';
-- and, once corrected, ALTER TABLE visit VALIDATE CONSTRAINT visit_household_place_is_block.
ALTER TABLE "visit" ADD CONSTRAINT "visit_household_place_is_block"
  CHECK ("household_id" IS NULL OR "place_code" ~ '^[0-9]{15}$') NOT VALID;
