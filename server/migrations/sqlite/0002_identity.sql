-- Identity (regions, organisations, users, roles, SMS codes, sessions, API tokens, the
-- administrator registry) and the hash-chained audit log.
CREATE TABLE regions (
  code       TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  level      TEXT NOT NULL,
  parent     TEXT,
  lon        REAL,
  lat        REAL,
  area_km2   REAL,
  population INTEGER
);

CREATE TABLE organisations (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  parent_id     INTEGER REFERENCES organisations (id),
  region_code   TEXT NOT NULL REFERENCES regions (code),
  type          TEXT NOT NULL,
  name          TEXT NOT NULL,
  contact_phone TEXT NOT NULL DEFAULT '',
  duty_phone    TEXT NOT NULL DEFAULT '',
  external_id   TEXT UNIQUE,
  status        TEXT NOT NULL DEFAULT 'active',
  version       INTEGER NOT NULL DEFAULT 1,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);
CREATE INDEX organisations_region ON organisations (region_code);
CREATE UNIQUE INDEX organisations_bureau ON organisations (region_code) WHERE type = 'emergency_bureau' AND external_id IS NULL;

CREATE TABLE users (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  name          TEXT NOT NULL,
  phone         TEXT NOT NULL UNIQUE,
  org_id        INTEGER NOT NULL REFERENCES organisations (id),
  status        TEXT NOT NULL DEFAULT 'active',
  external_id   TEXT UNIQUE,
  last_login_at INTEGER,
  version       INTEGER NOT NULL DEFAULT 1,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);
CREATE INDEX users_org ON users (org_id);

CREATE TABLE user_roles (
  user_id INTEGER NOT NULL REFERENCES users (id),
  role    TEXT NOT NULL,
  PRIMARY KEY (user_id, role)
);

CREATE TABLE sms_codes (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  phone          TEXT NOT NULL,
  client_address TEXT NOT NULL,
  salt           TEXT NOT NULL,
  code_hash      TEXT NOT NULL,
  created_at     INTEGER NOT NULL,
  expires_at     INTEGER NOT NULL,
  attempts       INTEGER NOT NULL DEFAULT 0,
  used_at        INTEGER
);
CREATE INDEX sms_codes_phone ON sms_codes (phone, created_at);
CREATE INDEX sms_codes_client ON sms_codes (client_address, created_at);

CREATE TABLE sessions (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  token_hash     TEXT NOT NULL UNIQUE,
  csrf_hash      TEXT NOT NULL,
  user_id        INTEGER NOT NULL REFERENCES users (id),
  created_at     INTEGER NOT NULL,
  last_seen_at   INTEGER NOT NULL,
  expires_at     INTEGER NOT NULL,
  revoked_at     INTEGER,
  client_address TEXT NOT NULL DEFAULT '',
  user_agent     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  scopes       TEXT NOT NULL,
  region_code  TEXT NOT NULL,
  created_by   INTEGER NOT NULL REFERENCES users (id),
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER,
  revoked_at   INTEGER,
  last_used_at INTEGER
);

CREATE TABLE org_admins (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id     INTEGER NOT NULL REFERENCES organisations (id),
  name       TEXT NOT NULL,
  phone      TEXT NOT NULL,
  duties     TEXT NOT NULL DEFAULT '',
  version    INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX org_admins_org ON org_admins (org_id);

CREATE TABLE audit_log (
  seq            INTEGER PRIMARY KEY,
  at             INTEGER NOT NULL,
  actor_type     TEXT NOT NULL,
  actor_id       INTEGER NOT NULL,
  actor_name     TEXT NOT NULL,
  client_address TEXT NOT NULL,
  action         TEXT NOT NULL,
  entity_type    TEXT NOT NULL,
  entity_id      TEXT NOT NULL,
  region         TEXT NOT NULL,
  before_json    TEXT,
  after_json     TEXT,
  algorithm      TEXT NOT NULL,
  prev_hash      TEXT NOT NULL,
  hash           TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id);
CREATE INDEX audit_log_at ON audit_log (at);
