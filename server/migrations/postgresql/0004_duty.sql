-- Duty and incident reporting: incident types, incidents with their level history and
-- intakes, reports with approval comments and deliveries, the incident timeline,
-- in-app notifications, stored files, duty rosters, the duty log, handovers and e-faxes.
CREATE TABLE incident_types (
  code      TEXT PRIMARY KEY,
  name      TEXT NOT NULL,
  name_en   TEXT NOT NULL DEFAULT '',
  parent    TEXT NOT NULL DEFAULT '',
  category  TEXT NOT NULL,
  grading   TEXT NOT NULL DEFAULT 'none',
  sort      BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE files (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sha256       TEXT NOT NULL,
  name         TEXT NOT NULL,
  type         TEXT NOT NULL,
  size         BIGINT NOT NULL,
  org_id       BIGINT REFERENCES organisations (id),
  region_code  TEXT NOT NULL,
  created_by   TEXT NOT NULL DEFAULT '',
  created_at   BIGINT NOT NULL
);
CREATE INDEX files_sha ON files (sha256);

CREATE TABLE incidents (
  id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  title             TEXT NOT NULL,
  type_code         TEXT NOT NULL REFERENCES incident_types (code),
  occurred_at       BIGINT NOT NULL,
  received_at       BIGINT NOT NULL,
  lon               DOUBLE PRECISION,
  lat               DOUBLE PRECISION,
  region_code       TEXT NOT NULL REFERENCES regions (code),
  address           TEXT NOT NULL DEFAULT '',
  deaths            BIGINT NOT NULL DEFAULT 0,
  missing           BIGINT NOT NULL DEFAULT 0,
  injured           BIGINT NOT NULL DEFAULT 0,
  seriously_injured BIGINT NOT NULL DEFAULT 0,
  trapped           BIGINT NOT NULL DEFAULT 0,
  direct_loss_yuan  DOUBLE PRECISION NOT NULL DEFAULT 0,
  metrics_json      TEXT NOT NULL DEFAULT '{}',
  description       TEXT NOT NULL DEFAULT '',
  drill             BIGINT NOT NULL DEFAULT 0,
  reporting_unit    TEXT NOT NULL DEFAULT '',
  reporter_name     TEXT NOT NULL DEFAULT '',
  reporter_phone    TEXT NOT NULL DEFAULT '',
  attachments_json  TEXT NOT NULL DEFAULT '[]',
  level             TEXT NOT NULL,
  level_reason      TEXT NOT NULL DEFAULT '',
  level_source      TEXT NOT NULL DEFAULT 'rules',
  status            TEXT NOT NULL DEFAULT 'received',
  merged_into       BIGINT REFERENCES incidents (id),
  org_id            BIGINT NOT NULL REFERENCES organisations (id),
  created_by        TEXT NOT NULL DEFAULT '',
  created_at        BIGINT NOT NULL,
  updated_at        BIGINT NOT NULL,
  version           BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX incidents_region ON incidents (region_code, occurred_at);
CREATE INDEX incidents_status ON incidents (status);
CREATE INDEX incidents_occurred ON incidents (occurred_at);

CREATE TABLE incident_levels (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id BIGINT NOT NULL REFERENCES incidents (id),
  level       TEXT NOT NULL,
  reason      TEXT NOT NULL,
  source      TEXT NOT NULL,
  at          BIGINT NOT NULL,
  by_name     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX incident_levels_incident ON incident_levels (incident_id);

CREATE TABLE incident_intakes (
  id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id    BIGINT NOT NULL REFERENCES incidents (id),
  at             BIGINT NOT NULL,
  by_name        TEXT NOT NULL DEFAULT '',
  reporting_unit TEXT NOT NULL DEFAULT '',
  reporter_name  TEXT NOT NULL DEFAULT '',
  reporter_phone TEXT NOT NULL DEFAULT '',
  description    TEXT NOT NULL DEFAULT '',
  from_incident  BIGINT REFERENCES incidents (id)
);
CREATE INDEX incident_intakes_incident ON incident_intakes (incident_id);

CREATE TABLE incident_events (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id BIGINT NOT NULL REFERENCES incidents (id),
  at          BIGINT NOT NULL,
  actor       TEXT NOT NULL DEFAULT '',
  org_name    TEXT NOT NULL DEFAULT '',
  action      TEXT NOT NULL,
  detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX incident_events_incident ON incident_events (incident_id, at);

CREATE TABLE reports (
  id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id         BIGINT NOT NULL REFERENCES incidents (id),
  kind                TEXT NOT NULL,
  seq                 BIGINT NOT NULL DEFAULT 1,
  org_id              BIGINT NOT NULL REFERENCES organisations (id),
  status              TEXT NOT NULL DEFAULT 'draft',
  content_json        TEXT NOT NULL DEFAULT '{}',
  level               TEXT NOT NULL,
  due_at              BIGINT,
  sent_at             BIGINT,
  overdue_notified_at BIGINT,
  created_by          TEXT NOT NULL DEFAULT '',
  created_at          BIGINT NOT NULL,
  updated_at          BIGINT NOT NULL,
  version             BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX reports_incident ON reports (incident_id);
CREATE INDEX reports_org_status ON reports (org_id, status);
CREATE INDEX reports_due ON reports (due_at);

CREATE TABLE report_comments (
  id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  report_id BIGINT NOT NULL REFERENCES reports (id),
  at        BIGINT NOT NULL,
  by_name   TEXT NOT NULL DEFAULT '',
  action    TEXT NOT NULL,
  text      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX report_comments_report ON report_comments (report_id);

CREATE TABLE report_deliveries (
  id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  report_id         BIGINT NOT NULL REFERENCES reports (id),
  org_id            BIGINT NOT NULL REFERENCES organisations (id),
  from_org_id       BIGINT NOT NULL REFERENCES organisations (id),
  kind              TEXT NOT NULL,
  sent_at           BIGINT NOT NULL,
  sent_by           TEXT NOT NULL DEFAULT '',
  signed_at         BIGINT,
  signed_by         TEXT,
  relay_due_at      BIGINT,
  relayed_at        BIGINT,
  relay_notified_at BIGINT,
  UNIQUE (report_id, org_id)
);
CREATE INDEX report_deliveries_org ON report_deliveries (org_id, signed_at);

CREATE TABLE notifications (
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id    BIGINT NOT NULL REFERENCES users (id),
  kind       TEXT NOT NULL,
  title      TEXT NOT NULL,
  body       TEXT NOT NULL DEFAULT '',
  link       TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  read_at    BIGINT
);
CREATE INDEX notifications_user ON notifications (user_id, read_at);

CREATE TABLE duty_settings (
  org_id      BIGINT PRIMARY KEY REFERENCES organisations (id),
  shifts_json TEXT NOT NULL,
  version     BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE duty_shifts (
  id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id           BIGINT NOT NULL REFERENCES organisations (id),
  day              TEXT NOT NULL,
  shift_code       TEXT NOT NULL,
  starts_at        BIGINT NOT NULL,
  ends_at          BIGINT NOT NULL,
  leader_id        BIGINT REFERENCES users (id),
  officer_ids_json TEXT NOT NULL DEFAULT '[]',
  note             TEXT NOT NULL DEFAULT '',
  updated_at       BIGINT NOT NULL,
  updated_by       TEXT NOT NULL DEFAULT '',
  version          BIGINT NOT NULL DEFAULT 1,
  UNIQUE (org_id, day, shift_code)
);
CREATE INDEX duty_shifts_time ON duty_shifts (starts_at, ends_at);

CREATE TABLE duty_log (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id      BIGINT NOT NULL REFERENCES organisations (id),
  shift_id    BIGINT REFERENCES duty_shifts (id),
  at          BIGINT NOT NULL,
  kind        TEXT NOT NULL,
  text        TEXT NOT NULL,
  incident_id BIGINT REFERENCES incidents (id),
  author_id   BIGINT,
  author_name TEXT NOT NULL DEFAULT '',
  created_at  BIGINT NOT NULL
);
CREATE INDEX duty_log_org ON duty_log (org_id, at);

CREATE TABLE handovers (
  id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id        BIGINT NOT NULL REFERENCES organisations (id),
  from_user_id  BIGINT NOT NULL REFERENCES users (id),
  to_user_id    BIGINT NOT NULL REFERENCES users (id),
  notes         TEXT NOT NULL DEFAULT '',
  snapshot_json TEXT NOT NULL DEFAULT '{}',
  created_at    BIGINT NOT NULL,
  accepted_at   BIGINT
);
CREATE INDEX handovers_org ON handovers (org_id, created_at);

CREATE TABLE faxes (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  title           TEXT NOT NULL,
  urgency         TEXT NOT NULL,
  note            TEXT NOT NULL DEFAULT '',
  file_id         BIGINT NOT NULL REFERENCES files (id),
  from_org_id     BIGINT NOT NULL REFERENCES organisations (id),
  sent_by         TEXT NOT NULL DEFAULT '',
  sent_at         BIGINT NOT NULL,
  sender_archived BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX faxes_from ON faxes (from_org_id, sent_at);

CREATE TABLE fax_recipients (
  fax_id       BIGINT NOT NULL REFERENCES faxes (id),
  org_id       BIGINT NOT NULL REFERENCES organisations (id),
  delivered_at BIGINT NOT NULL,
  read_at      BIGINT,
  signed_at    BIGINT,
  signed_by    TEXT,
  reminded_at  BIGINT,
  archived     BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (fax_id, org_id)
);
CREATE INDEX fax_recipients_org ON fax_recipients (org_id, signed_at);
