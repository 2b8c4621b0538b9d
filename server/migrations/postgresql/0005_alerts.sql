-- Warnings (预警): one row per message (CAP or entered by hand), the regions it concerns,
-- and its CAP content as JSON; the original XML is kept as it came.
CREATE TABLE alerts (
  id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  identifier    TEXT NOT NULL,
  sender        TEXT NOT NULL,
  sent_at       BIGINT NOT NULL,
  status        TEXT NOT NULL,
  msg_type      TEXT NOT NULL,
  level         TEXT NOT NULL,
  event         TEXT NOT NULL DEFAULT '',
  headline      TEXT NOT NULL DEFAULT '',
  source        TEXT NOT NULL DEFAULT '',
  effective_at  BIGINT,
  expires_at    BIGINT,
  min_lon       DOUBLE PRECISION,
  min_lat       DOUBLE PRECISION,
  max_lon       DOUBLE PRECISION,
  max_lat       DOUBLE PRECISION,
  state         TEXT NOT NULL DEFAULT 'active',
  superseded_by BIGINT REFERENCES alerts (id),
  state_reason  TEXT NOT NULL DEFAULT '',
  from_cap      BIGINT NOT NULL DEFAULT 1,
  cap_json      TEXT NOT NULL,
  original_xml  TEXT NOT NULL DEFAULT '',
  created_by    TEXT NOT NULL DEFAULT '',
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL,
  version       BIGINT NOT NULL DEFAULT 1,
  UNIQUE (identifier, sender)
);
CREATE INDEX alerts_state ON alerts (state, expires_at);
CREATE INDEX alerts_sent ON alerts (sent_at);

-- A region a warning concerns; `prefix` is the code's jurisdiction prefix ("14", "1401",
-- "140105"): a warning for a city reaches the users of its counties too.
CREATE TABLE alert_regions (
  alert_id    BIGINT NOT NULL REFERENCES alerts (id),
  region_code TEXT NOT NULL,
  prefix      TEXT NOT NULL,
  PRIMARY KEY (alert_id, region_code)
);
CREATE INDEX alert_regions_code ON alert_regions (region_code);

-- 叫应: each new or upgraded warning reaches the people on duty in every region it covers;
-- each acknowledges it, is chased by SMS, and then their duty leader is told.
CREATE TABLE alert_deliveries (
  alert_id        BIGINT NOT NULL REFERENCES alerts (id),
  user_id         BIGINT NOT NULL REFERENCES users (id),
  org_id          BIGINT NOT NULL REFERENCES organisations (id),
  delivered_at    BIGINT NOT NULL,
  acknowledged_at BIGINT,
  sms_at          BIGINT,
  sms_error       TEXT NOT NULL DEFAULT '',
  escalated_at    BIGINT,
  PRIMARY KEY (alert_id, user_id)
);
CREATE INDEX alert_deliveries_open ON alert_deliveries (acknowledged_at, delivered_at);
