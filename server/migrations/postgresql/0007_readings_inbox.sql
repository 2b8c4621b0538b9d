-- Readings as they arrive: appended in the order they came (few pages touched per batch, so a
-- batch commits fast) and moved into `readings`, ordered by station, metric and time, about
-- once a second. Queries read both. (On PostgreSQL readings go straight into `readings`; the
-- table exists there too so that both schemas stay alike.)
CREATE TABLE readings_inbox (
  station BIGINT NOT NULL,
  metric  BIGINT NOT NULL,
  ts      BIGINT NOT NULL,
  value   DOUBLE PRECISION NOT NULL
);
