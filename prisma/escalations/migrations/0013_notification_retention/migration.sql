-- The escalations server prunes notifications past NOTIFICATION_RETENTION_DAYS after each sweep
-- (src/notification/retention.ts): it finds them by when they arrived, without reading every inbox,
-- and their read marks (ON DELETE CASCADE) by their notification, without reading every mark.
CREATE INDEX "notification_received_at_idx" ON "notification"("received_at");

CREATE INDEX "notification_read_notification_id_idx" ON "notification_read"("notification_id");
