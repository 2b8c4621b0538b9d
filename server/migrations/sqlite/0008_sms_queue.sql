-- Text messages to send: written in the transaction of the change that calls for them (so none
-- is lost when the process stops), sent after it, retried with growing pauses while the gateway
-- fails, the last failure kept.
CREATE TABLE sms_queue (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id    INTEGER,
  phone      TEXT NOT NULL,
  text       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  next_at    INTEGER NOT NULL,
  attempts   INTEGER NOT NULL DEFAULT 0,
  sent_at    INTEGER,
  error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sms_queue_due ON sms_queue (sent_at, next_at);
