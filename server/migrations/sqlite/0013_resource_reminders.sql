-- When each owner organisation was last reminded of its stale resource records: one SMS round
-- per owner a day, however often the reminder button is pressed.
CREATE TABLE resource_reminders (
  org_id      INTEGER PRIMARY KEY,
  reminded_at INTEGER NOT NULL
);
