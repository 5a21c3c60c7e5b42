-- CreateEnum
CREATE TYPE "WebhookDeliveryStatus" AS ENUM ('PENDING', 'DELIVERED', 'FAILED');

-- CreateTable
CREATE TABLE "outbox_event" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "kind" TEXT NOT NULL,
    "audience_role" TEXT NOT NULL,
    "audience_scope" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "pairing_id" UUID,
    "partner_id" UUID,
    "place_code" TEXT,
    "data" JSONB NOT NULL DEFAULT '{}',
    "relayed_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,

    CONSTRAINT "outbox_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabled_at" TIMESTAMPTZ(3),

    CONSTRAINT "webhook_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_delivery" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "webhook_id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "status" "WebhookDeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_attempt_at" TIMESTAMPTZ(3),
    "last_status_code" INTEGER,
    "last_error" TEXT,
    "delivered_at" TIMESTAMPTZ(3),

    CONSTRAINT "webhook_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "webhook_partner_id_idx" ON "webhook"("partner_id");

-- CreateIndex
CREATE INDEX "webhook_delivery_partner_id_created_at_id_idx" ON "webhook_delivery"("partner_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "webhook_delivery_webhook_id_event_id_key" ON "webhook_delivery"("webhook_id", "event_id");

-- AddForeignKey
ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_webhook_id_fkey" FOREIGN KEY ("webhook_id") REFERENCES "webhook"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "outbox_event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Written by hand.
ALTER TABLE "webhook" ADD CONSTRAINT "webhook_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partner_organization"("id");

-- What the relays look for: events not yet acknowledged by the inbox, deliveries still to make.
CREATE INDEX "outbox_event_pending_idx" ON "outbox_event"("next_attempt_at") WHERE "relayed_at" IS NULL;
CREATE INDEX "webhook_delivery_pending_idx" ON "webhook_delivery"("next_attempt_at") WHERE "status" = 'PENDING';

-- The outbox is written by triggers in the transaction of the change it tells, so every path
-- counts (the mutations, an operator's SQL) and no event exists without its change. Bodies carry
-- ids and places; a partner's never name the household (its block only).
CREATE FUNCTION outbox_pairing() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  block text;
BEGIN
  SELECT block_code INTO block FROM household WHERE id = NEW.household_id;
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'PROPOSED' THEN
      RETURN NULL;
    ELSIF NEW.proposed_by = 'PARTNER' THEN
      INSERT INTO outbox_event (kind, audience_role, audience_scope, pairing_id, partner_id, place_code, data)
      VALUES ('PAIRING_PROPOSED', 'community_worker', left(block, 12), NEW.id, NEW.partner_id, block,
        jsonb_build_object('householdId', NEW.household_id, 'proposedBy', NEW.proposed_by));
    ELSE
      INSERT INTO outbox_event (kind, audience_role, audience_scope, pairing_id, partner_id, place_code, data)
      VALUES ('PAIRING_PROPOSED', 'partner', NEW.partner_id::text, NEW.id, NEW.partner_id, block,
        jsonb_build_object('proposedBy', NEW.proposed_by));
    END IF;
  ELSIF NEW.status = 'ACTIVE' AND OLD.status <> 'ACTIVE' THEN
    INSERT INTO outbox_event (kind, audience_role, audience_scope, pairing_id, partner_id, place_code, data)
    VALUES ('PAIRING_ACCEPTED', 'partner', NEW.partner_id::text, NEW.id, NEW.partner_id, block,
      jsonb_build_object('contactShared', NEW.contact_consent));
  ELSIF NEW.status = 'ENDED' AND OLD.status <> 'ENDED' THEN
    INSERT INTO outbox_event (kind, audience_role, audience_scope, pairing_id, partner_id, place_code, data)
    VALUES ('PAIRING_ENDED', 'partner', NEW.partner_id::text, NEW.id, NEW.partner_id, block,
        jsonb_build_object('endReason', NEW.end_reason)),
      ('PAIRING_ENDED', 'community_worker', left(block, 12), NEW.id, NEW.partner_id, block,
        jsonb_build_object('endReason', NEW.end_reason, 'householdId', NEW.household_id));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER pairing_outbox AFTER INSERT OR UPDATE OF status ON pairing FOR EACH ROW EXECUTE FUNCTION outbox_pairing();

-- A registration awaiting vetting tells its street's officers; a decision tells the partner.
CREATE FUNCTION outbox_partner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status = 'PENDING' THEN
      INSERT INTO outbox_event (kind, audience_role, audience_scope, partner_id, place_code)
      VALUES ('PARTNER_AWAITS_VETTING', 'street_officer', NEW.street_code, NEW.id, NEW.street_code);
    END IF;
  ELSIF NEW.vetted_at IS DISTINCT FROM OLD.vetted_at AND NEW.status IN ('APPROVED', 'REJECTED') THEN
    INSERT INTO outbox_event (kind, audience_role, audience_scope, partner_id, place_code, data)
    VALUES ('PARTNER_' || NEW.status::text, 'partner', NEW.id::text, NEW.id, NEW.street_code,
      jsonb_strip_nulls(jsonb_build_object('approvedUntil', NEW.approved_until)));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER partner_outbox AFTER INSERT OR UPDATE OF status, vetted_at ON partner_organization
  FOR EACH ROW EXECUTE FUNCTION outbox_partner();

-- What is addressed to a partner goes to each of its webhooks too, in the same transaction.
CREATE FUNCTION outbox_webhook_deliveries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.audience_role = 'partner' THEN
    INSERT INTO webhook_delivery (webhook_id, event_id, partner_id)
    SELECT webhook.id, NEW.id, webhook.partner_id FROM webhook
    WHERE webhook.partner_id::text = NEW.audience_scope AND webhook.disabled_at IS NULL;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER outbox_event_webhooks AFTER INSERT ON outbox_event FOR EACH ROW EXECUTE FUNCTION outbox_webhook_deliveries();
