-- Who may see a case follows every place that has held it, not only the block it was raised in:
-- reach lists the chains (each place and its ancestors) of the raising block and of every place
-- holder since. A retry of a transition is recognised by the input its event recorded.

-- AlterTable
ALTER TABLE "case" ADD COLUMN     "reach" TEXT[];

UPDATE "case" c SET reach = ARRAY(
  SELECT DISTINCT left(holder, len)
  FROM (SELECT c.block_code AS holder UNION SELECT holder_code FROM tier_clock WHERE case_id = c.id AND tier <> 'DEPARTMENT') AS held,
       generate_series(6, length(holder), 3) AS len
  ORDER BY 1);

-- AlterTable
ALTER TABLE "case_event" ADD COLUMN     "input" JSONB;

-- CreateIndex
CREATE INDEX "case_reach_idx" ON "case" USING GIN ("reach");
