-- Text messages to send: written in the transaction of the change that calls for them (so none
-- is lost when the process stops), sent after it, retried with growing pauses while the gateway
-- fails, the last failure kept.
CREATE TABLE sms_queue (
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id    BIGINT,
  phone      TEXT NOT NULL,
  text       TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  next_at    BIGINT NOT NULL,
  attempts   BIGINT NOT NULL DEFAULT 0,
  sent_at    BIGINT,
  error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sms_queue_due ON sms_queue (sent_at, next_at);
