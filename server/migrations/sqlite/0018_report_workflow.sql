-- The report workflow of issue 13: when a report was submitted for approval and when its duty
-- leader was texted that it still waits (notify.approval_sms_after_min); deliveries sent past
-- the direct superior (越级上报); the approver's corrections of a submitted report, field by
-- field.
ALTER TABLE reports ADD COLUMN submitted_at INTEGER;
ALTER TABLE reports ADD COLUMN approval_sms_at INTEGER;
ALTER TABLE report_deliveries ADD COLUMN skip_level INTEGER NOT NULL DEFAULT 0;

CREATE TABLE report_corrections (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  report_id INTEGER NOT NULL REFERENCES reports (id),
  at        INTEGER NOT NULL,
  by_name   TEXT NOT NULL DEFAULT '',
  field     TEXT NOT NULL,
  old_value TEXT NOT NULL DEFAULT '',
  new_value TEXT NOT NULL DEFAULT ''
);
CREATE INDEX report_corrections_report ON report_corrections (report_id);
