-- The sweeper prunes notifications past NOTIFICATION_RETENTION_DAYS (src/notification/retention.ts):
-- it finds them by when they occurred, without reading every inbox.
CREATE INDEX "notification_occurred_at_idx" ON "notification"("occurred_at");
