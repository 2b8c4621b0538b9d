-- Combined search (综合查询): one row per searchable record, kept up to date by triggers on the
-- tables it comes from, and a trigram full-text index over it (substring search in Chinese).
CREATE TABLE search_entries (
  entity TEXT NOT NULL,     -- resource | station | incident | alert | organisation | person
  ref_id INTEGER NOT NULL,
  kind   TEXT NOT NULL DEFAULT '',  -- resources: their kind
  title  TEXT NOT NULL,
  body   TEXT NOT NULL DEFAULT '',
  region TEXT NOT NULL DEFAULT '',
  lon    REAL,
  lat    REAL,
  at     INTEGER NOT NULL DEFAULT 0,
  UNIQUE (entity, ref_id)
);
CREATE INDEX search_entries_region ON search_entries (region);
CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content = 'search_entries',
                                           content_rowid = 'rowid', tokenize = 'trigram');
CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN
  INSERT INTO search_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
END;
CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN
  INSERT INTO search_fts (search_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
END;
CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN
  INSERT INTO search_fts (search_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
  INSERT INTO search_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
END;

-- Resources (stations apart; team members, equipment and stock lines are found by their name
-- too, without a position of their own).
CREATE TRIGGER search_resources_ai AFTER INSERT ON resources WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO search_entries (entity, ref_id, kind, title, body, region, lon, lat, at)
  VALUES (CASE new.kind WHEN 'station' THEN 'station' ELSE 'resource' END, new.id, new.kind,
          new.name, new.address || ' ' || new.contact_person, new.region_code, new.lon, new.lat,
          new.updated_at);
END;
CREATE TRIGGER search_resources_au AFTER UPDATE ON resources BEGIN
  DELETE FROM search_entries WHERE entity IN ('resource', 'station') AND ref_id = old.id;
  INSERT INTO search_entries (entity, ref_id, kind, title, body, region, lon, lat, at)
  SELECT CASE new.kind WHEN 'station' THEN 'station' ELSE 'resource' END, new.id, new.kind,
         new.name, new.address || ' ' || new.contact_person, new.region_code, new.lon, new.lat,
         new.updated_at
  WHERE new.deleted_at IS NULL;
END;
INSERT INTO search_entries (entity, ref_id, kind, title, body, region, lon, lat, at)
SELECT CASE kind WHEN 'station' THEN 'station' ELSE 'resource' END, id, kind, name,
       address || ' ' || contact_person, region_code, lon, lat, updated_at
FROM resources WHERE deleted_at IS NULL;

-- Incidents.
CREATE TRIGGER search_incidents_ai AFTER INSERT ON incidents BEGIN
  INSERT INTO search_entries (entity, ref_id, kind, title, body, region, lon, lat, at)
  VALUES ('incident', new.id, new.type_code, new.title, new.address || ' ' || new.description,
          new.region_code, new.lon, new.lat, new.occurred_at);
END;
CREATE TRIGGER search_incidents_au AFTER UPDATE ON incidents BEGIN
  UPDATE search_entries SET kind = new.type_code, title = new.title,
         body = new.address || ' ' || new.description, region = new.region_code, lon = new.lon,
         lat = new.lat, at = new.occurred_at
  WHERE entity = 'incident' AND ref_id = new.id;
END;
INSERT INTO search_entries (entity, ref_id, kind, title, body, region, lon, lat, at)
SELECT 'incident', id, type_code, title, address || ' ' || description, region_code, lon, lat, occurred_at
FROM incidents;

-- Warnings: their regions are many; the search asks the warnings module who may see each.
CREATE TRIGGER search_alerts_ai AFTER INSERT ON alerts BEGIN
  INSERT INTO search_entries (entity, ref_id, kind, title, body, region, lon, lat, at)
  VALUES ('alert', new.id, new.level, CASE new.headline WHEN '' THEN new.event ELSE new.headline END,
          new.event || ' ' || new.source, '', (new.min_lon + new.max_lon) / 2,
          (new.min_lat + new.max_lat) / 2, new.sent_at);
END;
CREATE TRIGGER search_alerts_au AFTER UPDATE ON alerts BEGIN
  UPDATE search_entries SET kind = new.level,
         title = CASE new.headline WHEN '' THEN new.event ELSE new.headline END,
         body = new.event || ' ' || new.source, lon = (new.min_lon + new.max_lon) / 2,
         lat = (new.min_lat + new.max_lat) / 2, at = new.sent_at
  WHERE entity = 'alert' AND ref_id = new.id;
END;
INSERT INTO search_entries (entity, ref_id, kind, title, body, region, lon, lat, at)
SELECT 'alert', id, level, CASE headline WHEN '' THEN event ELSE headline END,
       event || ' ' || source, '', (min_lon + max_lon) / 2, (min_lat + max_lat) / 2, sent_at
FROM alerts;

-- Organisations and people (by their organisation's region).
CREATE TRIGGER search_organisations_ai AFTER INSERT ON organisations BEGIN
  INSERT INTO search_entries (entity, ref_id, kind, title, body, region, at)
  VALUES ('organisation', new.id, new.type, new.name, new.duty_phone || ' ' || new.contact_phone,
          new.region_code, new.updated_at);
END;
CREATE TRIGGER search_organisations_au AFTER UPDATE ON organisations BEGIN
  UPDATE search_entries SET kind = new.type, title = new.name,
         body = new.duty_phone || ' ' || new.contact_phone, region = new.region_code,
         at = new.updated_at
  WHERE entity = 'organisation' AND ref_id = new.id;
END;
INSERT INTO search_entries (entity, ref_id, kind, title, body, region, at)
SELECT 'organisation', id, type, name, duty_phone || ' ' || contact_phone, region_code, updated_at
FROM organisations;

CREATE TRIGGER search_users_ai AFTER INSERT ON users BEGIN
  INSERT INTO search_entries (entity, ref_id, kind, title, body, region, at)
  SELECT 'person', new.id, new.status, new.name, new.phone || ' ' || o.name, o.region_code,
         new.updated_at
  FROM organisations o WHERE o.id = new.org_id;
END;
CREATE TRIGGER search_users_au AFTER UPDATE ON users BEGIN
  DELETE FROM search_entries WHERE entity = 'person' AND ref_id = old.id;
  INSERT INTO search_entries (entity, ref_id, kind, title, body, region, at)
  SELECT 'person', new.id, new.status, new.name, new.phone || ' ' || o.name, o.region_code,
         new.updated_at
  FROM organisations o WHERE o.id = new.org_id;
END;
INSERT INTO search_entries (entity, ref_id, kind, title, body, region, at)
SELECT 'person', u.id, u.status, u.name, u.phone || ' ' || o.name, o.region_code, u.updated_at
FROM users u JOIN organisations o ON o.id = u.org_id;
