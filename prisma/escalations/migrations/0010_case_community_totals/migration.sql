-- CreateTable
CREATE TABLE "case_community_total" (
    "community_code" TEXT NOT NULL,
    "raised" INTEGER NOT NULL DEFAULT 0,
    "open" INTEGER NOT NULL DEFAULT 0,
    "open_block" INTEGER NOT NULL DEFAULT 0,
    "open_community" INTEGER NOT NULL DEFAULT 0,
    "open_street" INTEGER NOT NULL DEFAULT 0,
    "open_department" INTEGER NOT NULL DEFAULT 0,
    "responded" INTEGER NOT NULL DEFAULT 0,
    "resolved" INTEGER NOT NULL DEFAULT 0,
    "closed" INTEGER NOT NULL DEFAULT 0,
    "close_working_days" BIGINT NOT NULL DEFAULT 0,
    "revisits" INTEGER NOT NULL DEFAULT 0,
    "satisfied" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "case_community_total_pkey" PRIMARY KEY ("community_code")
);


-- Adds one bucket's figures (sign 1) or takes them away (sign -1) from its community's totals.
CREATE FUNCTION case_community_total_add(bucket case_block_month, sign integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO case_community_total AS total (community_code, raised, open, open_block, open_community, open_street,
    open_department, responded, resolved, closed, close_working_days, revisits, satisfied)
  VALUES (left(bucket.block_code, 12), sign * bucket.raised, sign * bucket.open, sign * bucket.open_block,
    sign * bucket.open_community, sign * bucket.open_street, sign * bucket.open_department, sign * bucket.responded,
    sign * bucket.resolved, sign * bucket.closed, sign * bucket.close_working_days, sign * bucket.revisits,
    sign * bucket.satisfied)
  ON CONFLICT (community_code) DO UPDATE SET
    raised = total.raised + EXCLUDED.raised,
    open = total.open + EXCLUDED.open,
    open_block = total.open_block + EXCLUDED.open_block,
    open_community = total.open_community + EXCLUDED.open_community,
    open_street = total.open_street + EXCLUDED.open_street,
    open_department = total.open_department + EXCLUDED.open_department,
    responded = total.responded + EXCLUDED.responded,
    resolved = total.resolved + EXCLUDED.resolved,
    closed = total.closed + EXCLUDED.closed,
    close_working_days = total.close_working_days + EXCLUDED.close_working_days,
    revisits = total.revisits + EXCLUDED.revisits,
    satisfied = total.satisfied + EXCLUDED.satisfied
$$;

-- Every change of a month bucket moves its community's totals by the difference, in the same
-- transaction, as case_block_total_follow (migration 0006) moves its block's; a rebuild
-- (stats/roll-ups.ts) recomputes both itself.
CREATE FUNCTION case_community_total_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('grassroots.rebuilding_case_roll_ups', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM case_community_total_add(OLD, -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM case_community_total_add(NEW, 1);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER case_community_total_follow AFTER INSERT OR UPDATE OR DELETE ON case_block_month
  FOR EACH ROW EXECUTE FUNCTION case_community_total_follow();

-- The totals of the buckets already there.
INSERT INTO case_community_total (community_code, raised, open, open_block, open_community, open_street,
  open_department, responded, resolved, closed, close_working_days, revisits, satisfied)
SELECT left(block_code, 12), sum(raised), sum(open), sum(open_block), sum(open_community), sum(open_street),
  sum(open_department), sum(responded), sum(resolved), sum(closed), sum(close_working_days), sum(revisits), sum(satisfied)
FROM case_block_total GROUP BY 1;
