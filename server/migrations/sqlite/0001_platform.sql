-- Platform tables: installation settings and the overflow store for realtime events
-- whose payload is too large for a PostgreSQL NOTIFY (kept on SQLite for one schema).
CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE realtime_payloads (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  payload    TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX realtime_payloads_created_at ON realtime_payloads (created_at);
