-- Monitoring (监测): the metrics each station reports with their alarm rules, the readings,
-- and the alarms the rules raise. Stations are resources of kind "station".

-- A metric a station reports (code from monitoring/catalogue.cpp, by its number) and the
-- rules that turn its readings into alarms (JSON array, see monitoring/rules.h).
CREATE TABLE station_metrics (
  station_id  INTEGER NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
  metric      INTEGER NOT NULL,
  rules       TEXT NOT NULL DEFAULT '[]',
  updated_at  INTEGER NOT NULL,
  updated_by  TEXT NOT NULL DEFAULT '',
  version     INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (station_id, metric)
);

-- One reading per station, metric and time (milliseconds): a repeated reading is the same
-- row, so resending a batch changes nothing.
CREATE TABLE readings (
  station INTEGER NOT NULL,
  metric  INTEGER NOT NULL,
  ts      INTEGER NOT NULL,
  value   REAL NOT NULL,
  PRIMARY KEY (station, metric, ts)
) WITHOUT ROWID;

-- An alarm: one per station, metric and rule while it is open; a repeat of an open alarm
-- counts up instead of opening another. `active` is whether the condition holds now.
CREATE TABLE alarms (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  station_id      INTEGER NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
  metric          INTEGER NOT NULL,
  rule            TEXT NOT NULL,
  theme           TEXT NOT NULL,
  region          TEXT NOT NULL,
  level           TEXT NOT NULL,
  level_rank      INTEGER NOT NULL,
  peak_level      TEXT NOT NULL,
  value           REAL,
  threshold       REAL,
  count           INTEGER NOT NULL DEFAULT 1,
  active          INTEGER NOT NULL DEFAULT 1,
  opened_at       INTEGER NOT NULL,
  raised_at       INTEGER NOT NULL,
  cleared_at      INTEGER,
  acknowledged_at INTEGER,
  acknowledged_by TEXT NOT NULL DEFAULT '',
  closed_at       INTEGER,
  closed_by       TEXT NOT NULL DEFAULT '',
  close_reason    TEXT NOT NULL DEFAULT '',
  alert_id        INTEGER REFERENCES alerts (id),
  incident_id     INTEGER REFERENCES incidents (id),
  updated_at      INTEGER NOT NULL,
  version         INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX alarms_open_key ON alarms (station_id, metric, rule) WHERE closed_at IS NULL;
CREATE INDEX alarms_open_rank ON alarms (closed_at, level_rank, opened_at);
CREATE INDEX alarms_theme ON alarms (theme, closed_at);
