-- Place codes are digits, so byte order ("C") sorts them as any locale does; compared byte by byte,
-- the roll-ups' range scans and groupings skip the locale's string comparison (the whole tree's
-- block-level coverage statement took a fifth less PostgreSQL time). The triggers' and queries'
-- default-collation text meets these columns as "C" (a non-default collation wins over the default), and no other
-- non-default collation is in play. Each ALTER rebuilds the column's indexes and locks its table
-- meanwhile: visits wait for it (seconds on a district's roll-ups).
ALTER TABLE "visited_household" ALTER COLUMN "block_code" TYPE TEXT COLLATE "C";
ALTER TABLE "visited_household_month" ALTER COLUMN "block_code" TYPE TEXT COLLATE "C";
ALTER TABLE "visited_household_day" ALTER COLUMN "block_code" TYPE TEXT COLLATE "C";
ALTER TABLE "visited_household_community_month" ALTER COLUMN "community_code" TYPE TEXT COLLATE "C";
ALTER TABLE "visited_household_community_day" ALTER COLUMN "community_code" TYPE TEXT COLLATE "C";
ALTER TABLE "visit_spell" ALTER COLUMN "block_code" TYPE TEXT COLLATE "C";
ALTER TABLE "visit_spell_month" ALTER COLUMN "block_code" TYPE TEXT COLLATE "C";
ALTER TABLE "visit_spell_day" ALTER COLUMN "block_code" TYPE TEXT COLLATE "C";
-- Fresh statistics for the rebuilt indexes, for the roll-ups' plans.
ANALYZE "visited_household", "visited_household_month", "visited_household_day", "visited_household_community_month",
  "visited_household_community_day", "visit_spell", "visit_spell_month", "visit_spell_day";
