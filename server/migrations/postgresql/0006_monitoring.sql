-- Monitoring (监测): the metrics each station reports with their alarm rules, the readings,
-- and the alarms the rules raise. Stations are resources of kind "station".

-- A metric a station reports (code from monitoring/catalogue.cpp, by its number) and the
-- rules that turn its readings into alarms (JSON array, see monitoring/rules.h).
CREATE TABLE station_metrics (
  station_id  BIGINT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
  metric      BIGINT NOT NULL,
  rules       TEXT NOT NULL DEFAULT '[]',
  updated_at  BIGINT NOT NULL,
  updated_by  TEXT NOT NULL DEFAULT '',
  version     BIGINT NOT NULL DEFAULT 1,
  PRIMARY KEY (station_id, metric)
);

-- One reading per station, metric and time (milliseconds): a repeated reading is the same
-- row, so resending a batch changes nothing. Partitioned by month (readings_YYYYMM, created
-- ahead by the monitoring service); what falls outside them lands in readings_default.
CREATE TABLE readings (
  station INTEGER NOT NULL,
  metric  SMALLINT NOT NULL,
  ts      BIGINT NOT NULL,
  value   DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (station, metric, ts)
) PARTITION BY RANGE (ts);
CREATE TABLE readings_default PARTITION OF readings DEFAULT;

-- An alarm: one per station, metric and rule while it is open; a repeat of an open alarm
-- counts up instead of opening another. `active` is whether the condition holds now.
CREATE TABLE alarms (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  station_id      BIGINT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
  metric          BIGINT NOT NULL,
  rule            TEXT NOT NULL,
  theme           TEXT NOT NULL,
  region          TEXT NOT NULL,
  level           TEXT NOT NULL,
  level_rank      BIGINT NOT NULL,
  peak_level      TEXT NOT NULL,
  value           DOUBLE PRECISION,
  threshold       DOUBLE PRECISION,
  count           BIGINT NOT NULL DEFAULT 1,
  active          BIGINT NOT NULL DEFAULT 1,
  opened_at       BIGINT NOT NULL,
  raised_at       BIGINT NOT NULL,
  cleared_at      BIGINT,
  acknowledged_at BIGINT,
  acknowledged_by TEXT NOT NULL DEFAULT '',
  closed_at       BIGINT,
  closed_by       TEXT NOT NULL DEFAULT '',
  close_reason    TEXT NOT NULL DEFAULT '',
  alert_id        BIGINT REFERENCES alerts (id),
  incident_id     BIGINT REFERENCES incidents (id),
  updated_at      BIGINT NOT NULL,
  version         BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX alarms_open_key ON alarms (station_id, metric, rule) WHERE closed_at IS NULL;
CREATE INDEX alarms_open_rank ON alarms (closed_at, level_rank, opened_at);
CREATE INDEX alarms_theme ON alarms (theme, closed_at);
