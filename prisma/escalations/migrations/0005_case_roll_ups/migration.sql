-- CreateTable
CREATE TABLE "case_block_month" (
    "block_code" TEXT NOT NULL,
    "month" DATE NOT NULL,
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

    CONSTRAINT "case_block_month_pkey" PRIMARY KEY ("block_code","month")
);

-- CreateIndex
CREATE INDEX "case_raised_at_block_code_idx" ON "case"("raised_at", "block_code");


-- "Overdue now" depends on the clock, so it is counted at request time, over open cases only.
CREATE INDEX "case_open_block_code_due_at_idx" ON "case"("block_code", "due_at") WHERE status IN ('OPEN', 'ACCEPTED');

-- The bucket of an instant: the first day of its month in Asia/Shanghai.
CREATE FUNCTION case_month(at timestamptz) RETURNS date LANGUAGE sql IMMUTABLE AS $$
  SELECT date_trunc('month', at AT TIME ZONE 'Asia/Shanghai')::date
$$;

-- Day → working-day ordinal (working days from first to day, inclusive) over a span: working days
-- between two dates of the span are a difference of ordinals, one pass over the calendar however
-- many cases are counted (bulk loads, rebuilds, calendar imports).
CREATE FUNCTION working_day_ordinals(first_day date, last_day date) RETURNS TABLE (day date, ordinal integer)
LANGUAGE sql STABLE AS $$
  SELECT d::date, (count(*) FILTER (WHERE is_working_day(d::date)) OVER (ORDER BY d))::int
  FROM generate_series(first_day, last_day, interval '1 day') AS d
$$;

-- Adds signed figures to one block-month bucket.
CREATE FUNCTION case_block_month_add(
  p_block text, p_month date, p_raised int, p_open int, p_open_block int, p_open_community int,
  p_open_street int, p_open_department int, p_responded int, p_resolved int, p_closed int,
  p_close_working_days bigint, p_revisits int, p_satisfied int
) RETURNS void LANGUAGE sql AS $$
  INSERT INTO case_block_month AS b (block_code, month, raised, open, open_block, open_community, open_street,
    open_department, responded, resolved, closed, close_working_days, revisits, satisfied)
  VALUES (p_block, p_month, p_raised, p_open, p_open_block, p_open_community, p_open_street, p_open_department,
    p_responded, p_resolved, p_closed, p_close_working_days, p_revisits, p_satisfied)
  ON CONFLICT (block_code, month) DO UPDATE SET
    raised = b.raised + EXCLUDED.raised, open = b.open + EXCLUDED.open,
    open_block = b.open_block + EXCLUDED.open_block, open_community = b.open_community + EXCLUDED.open_community,
    open_street = b.open_street + EXCLUDED.open_street, open_department = b.open_department + EXCLUDED.open_department,
    responded = b.responded + EXCLUDED.responded, resolved = b.resolved + EXCLUDED.resolved,
    closed = b.closed + EXCLUDED.closed, close_working_days = b.close_working_days + EXCLUDED.close_working_days,
    revisits = b.revisits + EXCLUDED.revisits, satisfied = b.satisfied + EXCLUDED.satisfied
$$;

-- What one case row counts in its bucket (times sign), with its first clock and revisits as they are now.
CREATE FUNCTION case_roll_up_apply(c "case", sign integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  is_open integer := (c.status IN ('OPEN', 'ACCEPTED'))::int;
  first_responded integer;
  revisit_count integer;
  satisfied_count integer;
BEGIN
  IF c.status = 'WITHDRAWN' THEN RETURN; END IF;
  SELECT count(*) FILTER (WHERE accepted_at <= response_due_at) INTO first_responded
    FROM tier_clock WHERE case_id = c.id AND sequence = 1;
  SELECT count(*), count(*) FILTER (WHERE outcome = 'SATISFIED') INTO revisit_count, satisfied_count
    FROM revisit WHERE case_id = c.id;
  PERFORM case_block_month_add(c.block_code, case_month(c.raised_at), sign, sign * is_open,
    sign * is_open * (c.tier = 'BLOCK')::int, sign * is_open * (c.tier = 'COMMUNITY')::int,
    sign * is_open * (c.tier = 'STREET')::int, sign * is_open * (c.tier = 'DEPARTMENT')::int,
    sign * first_responded, sign * (c.status IN ('RESOLVED', 'CLOSED'))::int, sign * (c.status = 'CLOSED')::int,
    CASE WHEN c.status = 'CLOSED' THEN sign * working_days_between(c.raised_at, c.closed_at) ELSE 0 END,
    sign * revisit_count, sign * satisfied_count);
END
$$;

CREATE FUNCTION case_roll_up() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.id = NEW.id AND OLD.status = NEW.status AND OLD.tier = NEW.tier
     AND OLD.block_code = NEW.block_code AND OLD.raised_at = NEW.raised_at
     AND OLD.closed_at IS NOT DISTINCT FROM NEW.closed_at THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM case_roll_up_apply(OLD, -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM case_roll_up_apply(NEW, 1); END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER case_roll_up AFTER INSERT OR UPDATE OR DELETE ON "case"
  FOR EACH ROW EXECUTE FUNCTION case_roll_up();

-- Adds figures of one case's related rows (responded, revisits) to its bucket, unless it is withdrawn.
CREATE FUNCTION case_roll_up_related(p_case uuid, p_responded integer, p_revisits integer, p_satisfied integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE c "case";
BEGIN
  SELECT * INTO c FROM "case" WHERE id = p_case;
  IF NOT FOUND OR c.status = 'WITHDRAWN' THEN RETURN; END IF;
  PERFORM case_block_month_add(c.block_code, case_month(c.raised_at), 0, 0, 0, 0, 0, 0, p_responded, 0, 0, 0,
    p_revisits, p_satisfied);
END
$$;

CREATE FUNCTION tier_clock_roll_up() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  was_responded boolean := false;
  now_responded boolean := false;
BEGIN
  -- OLD and NEW are null where the operation has none: test the operation before reading them.
  IF TG_OP <> 'INSERT' THEN was_responded := OLD.sequence = 1 AND coalesce(OLD.accepted_at <= OLD.response_due_at, false); END IF;
  IF TG_OP <> 'DELETE' THEN now_responded := NEW.sequence = 1 AND coalesce(NEW.accepted_at <= NEW.response_due_at, false); END IF;
  IF TG_OP = 'UPDATE' AND OLD.case_id = NEW.case_id AND was_responded = now_responded THEN RETURN NULL; END IF;
  IF was_responded THEN PERFORM case_roll_up_related(OLD.case_id, -1, 0, 0); END IF;
  IF now_responded THEN PERFORM case_roll_up_related(NEW.case_id, 1, 0, 0); END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER tier_clock_roll_up AFTER INSERT OR UPDATE OR DELETE ON tier_clock
  FOR EACH ROW EXECUTE FUNCTION tier_clock_roll_up();

CREATE FUNCTION revisit_roll_up() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.case_id = NEW.case_id AND OLD.outcome = NEW.outcome THEN RETURN NULL; END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM case_roll_up_related(OLD.case_id, 0, -1, -(OLD.outcome = 'SATISFIED')::int);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM case_roll_up_related(NEW.case_id, 0, 1, (NEW.outcome = 'SATISFIED')::int);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER revisit_roll_up AFTER INSERT OR UPDATE OR DELETE ON revisit
  FOR EACH ROW EXECUTE FUNCTION revisit_roll_up();

-- A change of working days (a calendar year written or imported) changes working days to close of
-- every CLOSED case whose span (raised, closed] crosses a changed day: their buckets' sums are
-- recounted, in the same transaction.
CREATE FUNCTION recount_close_working_days(first_day date, last_day date) RETURNS void LANGUAGE sql AS $$
  WITH affected AS (
    SELECT DISTINCT block_code, case_month(raised_at) AS month FROM "case"
    WHERE status = 'CLOSED' AND closed_at >= first_day::timestamp AT TIME ZONE 'Asia/Shanghai'
      AND raised_at < last_day::timestamp AT TIME ZONE 'Asia/Shanghai'
  ), closed AS (
    SELECT c.block_code, a.month, (c.raised_at AT TIME ZONE 'Asia/Shanghai')::date AS raised_day,
           (c.closed_at AT TIME ZONE 'Asia/Shanghai')::date AS closed_day
    FROM "case" c JOIN affected a ON a.block_code = c.block_code AND a.month = case_month(c.raised_at)
    WHERE c.status = 'CLOSED'
  ), ord AS (
    SELECT o.* FROM (SELECT min(raised_day) AS lo, max(closed_day) AS hi FROM closed) AS span,
      working_day_ordinals(span.lo, span.hi) AS o
  ), sums AS (
    SELECT closed.block_code, closed.month, sum(greatest(0, c_ord.ordinal - r_ord.ordinal)) AS days
    FROM closed JOIN ord r_ord ON r_ord.day = closed.raised_day JOIN ord c_ord ON c_ord.day = closed.closed_day
    GROUP BY closed.block_code, closed.month
  )
  UPDATE case_block_month b SET close_working_days = sums.days
  FROM sums WHERE b.block_code = sums.block_code AND b.month = sums.month AND b.close_working_days <> sums.days
$$;

CREATE FUNCTION calendar_day_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM recount_close_working_days(min(day), max(day)) FROM new_days HAVING count(*) > 0;
  RETURN NULL;
END
$$;

CREATE FUNCTION calendar_day_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM recount_close_working_days(min(day), max(day)) FROM old_days HAVING count(*) > 0;
  RETURN NULL;
END
$$;

CREATE FUNCTION calendar_day_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM recount_close_working_days(min(day), max(day))
  FROM (SELECT day FROM old_days UNION ALL SELECT day FROM new_days) AS changed HAVING count(*) > 0;
  RETURN NULL;
END
$$;

CREATE TRIGGER calendar_day_inserted AFTER INSERT ON calendar_day
  REFERENCING NEW TABLE AS new_days FOR EACH STATEMENT EXECUTE FUNCTION calendar_day_inserted();
CREATE TRIGGER calendar_day_deleted AFTER DELETE ON calendar_day
  REFERENCING OLD TABLE AS old_days FOR EACH STATEMENT EXECUTE FUNCTION calendar_day_deleted();
CREATE TRIGGER calendar_day_updated AFTER UPDATE ON calendar_day
  REFERENCING OLD TABLE AS old_days NEW TABLE AS new_days FOR EACH STATEMENT EXECUTE FUNCTION calendar_day_updated();

-- Cases already recorded: their buckets, as rebuildRollUps computes them.
INSERT INTO case_block_month (block_code, month, raised, open, open_block, open_community, open_street,
  open_department, responded, resolved, closed, close_working_days, revisits, satisfied)
SELECT c.block_code, case_month(c.raised_at), count(*),
  count(*) FILTER (WHERE c.status IN ('OPEN', 'ACCEPTED')),
  count(*) FILTER (WHERE c.status IN ('OPEN', 'ACCEPTED') AND c.tier = 'BLOCK'),
  count(*) FILTER (WHERE c.status IN ('OPEN', 'ACCEPTED') AND c.tier = 'COMMUNITY'),
  count(*) FILTER (WHERE c.status IN ('OPEN', 'ACCEPTED') AND c.tier = 'STREET'),
  count(*) FILTER (WHERE c.status IN ('OPEN', 'ACCEPTED') AND c.tier = 'DEPARTMENT'),
  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM tier_clock t WHERE t.case_id = c.id AND t.sequence = 1 AND t.accepted_at <= t.response_due_at)),
  count(*) FILTER (WHERE c.status IN ('RESOLVED', 'CLOSED')),
  count(*) FILTER (WHERE c.status = 'CLOSED'),
  coalesce(sum(working_days_between(c.raised_at, c.closed_at)) FILTER (WHERE c.status = 'CLOSED'), 0),
  coalesce(sum((SELECT count(*) FROM revisit r WHERE r.case_id = c.id)), 0),
  coalesce(sum((SELECT count(*) FROM revisit r WHERE r.case_id = c.id AND r.outcome = 'SATISFIED')), 0)
FROM "case" c WHERE c.status <> 'WITHDRAWN'
GROUP BY c.block_code, case_month(c.raised_at);
