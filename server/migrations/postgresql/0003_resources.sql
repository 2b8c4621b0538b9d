-- Resources on one map: every kind in one table; the kind's own fields as JSON, declared
-- by the schema in server/src/resources/schema.cpp. Deleted records are kept (deleted_at).
CREATE TABLE resources (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind            TEXT NOT NULL,
  category        TEXT NOT NULL,
  name            TEXT NOT NULL,
  region_code     TEXT NOT NULL REFERENCES regions (code),
  lon             DOUBLE PRECISION,
  lat             DOUBLE PRECISION,
  address         TEXT NOT NULL DEFAULT '',
  contact_person  TEXT NOT NULL DEFAULT '',
  contact_phone   TEXT NOT NULL DEFAULT '',
  data_source     TEXT NOT NULL DEFAULT '',
  owner_org_id    BIGINT REFERENCES organisations (id),
  parent_id       BIGINT REFERENCES resources (id),
  attributes_json TEXT NOT NULL DEFAULT '{}',
  quality         BIGINT NOT NULL DEFAULT 0,
  verified_at     BIGINT NOT NULL,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL,
  updated_by      TEXT NOT NULL DEFAULT '',
  version         BIGINT NOT NULL DEFAULT 1,
  deleted_at      BIGINT
);
CREATE INDEX resources_kind_region ON resources (kind, region_code);
CREATE INDEX resources_region ON resources (region_code);
CREATE INDEX resources_parent ON resources (parent_id);
CREATE INDEX resources_updated ON resources (updated_at);
