-- CreateTable
CREATE TABLE "notification" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "audience_role" TEXT,
    "audience_scope" TEXT,
    "audience_subject" TEXT,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "case_id" UUID,
    "pairing_id" UUID,
    "partner_id" UUID,
    "place_code" TEXT,
    "data" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_read" (
    "notification_id" UUID NOT NULL,
    "subject" TEXT NOT NULL,
    "read_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_read_pkey" PRIMARY KEY ("subject","notification_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "notification_key_key" ON "notification"("key");

-- CreateIndex
CREATE INDEX "notification_audience_role_audience_scope_occurred_at_id_idx" ON "notification"("audience_role", "audience_scope", "occurred_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "notification_audience_subject_occurred_at_id_idx" ON "notification"("audience_subject", "occurred_at" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "notification_read" ADD CONSTRAINT "notification_read_notification_id_fkey" FOREIGN KEY ("notification_id") REFERENCES "notification"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Written by hand. The role that serves a tier: whoever holds a case at that tier is told.
CREATE FUNCTION tier_role(tier "Tier") RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE tier WHEN 'BLOCK' THEN 'block_member' WHEN 'COMMUNITY' THEN 'community_worker'
    WHEN 'STREET' THEN 'street_officer' ELSE 'department_officer' END
$$;

-- A case that reaches a holder (raised, escalated by hand or by the sweeper, transferred, reopened)
-- or is resolved (a revisit is due) tells the holder's role, in the transaction that appends the
-- event: every path that writes events notifies (mutations, the sweeper, an operator's SQL), and no
-- notification exists without its event. Bulk loads (the demo history) turn user triggers off.
CREATE FUNCTION notify_case_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  notice text;
  c "case";
BEGIN
  notice := CASE NEW.kind
    WHEN 'RAISED' THEN 'CASE_ARRIVED'
    WHEN 'ESCALATED' THEN 'CASE_ESCALATED'
    WHEN 'TRANSFERRED' THEN 'CASE_TRANSFERRED'
    WHEN 'REOPENED' THEN 'CASE_REOPENED'
    WHEN 'RESOLVED' THEN 'REVISIT_DUE'
  END;
  IF notice IS NULL THEN
    RETURN NULL;
  END IF;
  SELECT * INTO c FROM "case" WHERE id = NEW.case_id;
  INSERT INTO notification (key, kind, audience_role, audience_scope, occurred_at, case_id, place_code, data)
  VALUES ('event:' || NEW.id, notice, tier_role(NEW.to_tier), NEW.to_holder, NEW.at, NEW.case_id, c.block_code,
    jsonb_strip_nulls(jsonb_build_object(
      'tier', NEW.to_tier, 'category', c.category, 'fromTier', NEW.from_tier, 'fromHolder', NEW.from_holder,
      'bySweeper', NEW.actor = 'system:sweeper',
      'dueAt', CASE WHEN notice = 'REVISIT_DUE' THEN NULL ELSE c.due_at END)))
  ON CONFLICT (key) DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER case_event_notifies AFTER INSERT ON case_event FOR EACH ROW EXECUTE FUNCTION notify_case_event();
