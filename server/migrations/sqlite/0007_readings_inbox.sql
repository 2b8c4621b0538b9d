-- Readings as they arrive: appended in the order they came (few pages touched per batch, so a
-- batch commits fast) and moved into `readings`, ordered by station, metric and time, about
-- once a second. Queries read both. (On PostgreSQL readings go straight into `readings`; the
-- table exists there too so that both schemas stay alike.)
CREATE TABLE readings_inbox (
  station INTEGER NOT NULL,
  metric  INTEGER NOT NULL,
  ts      INTEGER NOT NULL,
  value   REAL NOT NULL
);
