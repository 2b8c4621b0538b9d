-- Platform tables: installation settings and the overflow store for realtime events
-- whose payload is too large for a NOTIFY (8,000 bytes).
CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE realtime_payloads (
  id         BIGSERIAL PRIMARY KEY,
  payload    TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX realtime_payloads_created_at ON realtime_payloads (created_at);
