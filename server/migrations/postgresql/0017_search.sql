-- Combined search (综合查询): one row per searchable record, kept up to date by triggers on the
-- tables it comes from, with trigram indexes (pg_trgm) for substring search in Chinese.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE search_entries (
  entity TEXT NOT NULL,     -- resource | station | incident | alert | organisation | person
  ref_id BIGINT NOT NULL,
  kind   TEXT NOT NULL DEFAULT '',
  title  TEXT NOT NULL,
  body   TEXT NOT NULL DEFAULT '',
  region TEXT NOT NULL DEFAULT '',
  lon    DOUBLE PRECISION,
  lat    DOUBLE PRECISION,
  at     BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (entity, ref_id)
);
CREATE INDEX search_entries_region ON search_entries (region);
CREATE INDEX search_entries_title_trgm ON search_entries USING gin (title gin_trgm_ops);
CREATE INDEX search_entries_body_trgm ON search_entries USING gin (body gin_trgm_ops);

CREATE FUNCTION search_resources() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM search_entries WHERE entity IN ('resource', 'station') AND ref_id = NEW.id;
  IF NEW.deleted_at IS NULL THEN
    INSERT INTO search_entries (entity, ref_id, kind, title, body, region, lon, lat, at)
    VALUES (CASE NEW.kind WHEN 'station' THEN 'station' ELSE 'resource' END, NEW.id, NEW.kind,
            NEW.name, NEW.address || ' ' || NEW.contact_person, NEW.region_code, NEW.lon, NEW.lat,
            NEW.updated_at);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER search_resources AFTER INSERT OR UPDATE ON resources
  FOR EACH ROW EXECUTE FUNCTION search_resources();
INSERT INTO search_entries (entity, ref_id, kind, title, body, region, lon, lat, at)
SELECT CASE kind WHEN 'station' THEN 'station' ELSE 'resource' END, id, kind, name,
       address || ' ' || contact_person, region_code, lon, lat, updated_at
FROM resources WHERE deleted_at IS NULL;

CREATE FUNCTION search_incidents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_entries (entity, ref_id, kind, title, body, region, lon, lat, at)
  VALUES ('incident', NEW.id, NEW.type_code, NEW.title, NEW.address || ' ' || NEW.description,
          NEW.region_code, NEW.lon, NEW.lat, NEW.occurred_at)
  ON CONFLICT (entity, ref_id) DO UPDATE SET kind = EXCLUDED.kind, title = EXCLUDED.title,
    body = EXCLUDED.body, region = EXCLUDED.region, lon = EXCLUDED.lon, lat = EXCLUDED.lat,
    at = EXCLUDED.at;
  RETURN NULL;
END $$;
CREATE TRIGGER search_incidents AFTER INSERT OR UPDATE ON incidents
  FOR EACH ROW EXECUTE FUNCTION search_incidents();
INSERT INTO search_entries (entity, ref_id, kind, title, body, region, lon, lat, at)
SELECT 'incident', id, type_code, title, address || ' ' || description, region_code, lon, lat, occurred_at
FROM incidents;

-- Warnings: their regions are many; the search asks the warnings module who may see each.
CREATE FUNCTION search_alerts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_entries (entity, ref_id, kind, title, body, region, lon, lat, at)
  VALUES ('alert', NEW.id, NEW.level, CASE NEW.headline WHEN '' THEN NEW.event ELSE NEW.headline END,
          NEW.event || ' ' || NEW.source, '', (NEW.min_lon + NEW.max_lon) / 2,
          (NEW.min_lat + NEW.max_lat) / 2, NEW.sent_at)
  ON CONFLICT (entity, ref_id) DO UPDATE SET kind = EXCLUDED.kind, title = EXCLUDED.title,
    body = EXCLUDED.body, lon = EXCLUDED.lon, lat = EXCLUDED.lat, at = EXCLUDED.at;
  RETURN NULL;
END $$;
CREATE TRIGGER search_alerts AFTER INSERT OR UPDATE ON alerts
  FOR EACH ROW EXECUTE FUNCTION search_alerts();
INSERT INTO search_entries (entity, ref_id, kind, title, body, region, lon, lat, at)
SELECT 'alert', id, level, CASE headline WHEN '' THEN event ELSE headline END,
       event || ' ' || source, '', (min_lon + max_lon) / 2, (min_lat + max_lat) / 2, sent_at
FROM alerts;

CREATE FUNCTION search_organisations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_entries (entity, ref_id, kind, title, body, region, at)
  VALUES ('organisation', NEW.id, NEW.type, NEW.name, NEW.duty_phone || ' ' || NEW.contact_phone,
          NEW.region_code, NEW.updated_at)
  ON CONFLICT (entity, ref_id) DO UPDATE SET kind = EXCLUDED.kind, title = EXCLUDED.title,
    body = EXCLUDED.body, region = EXCLUDED.region, at = EXCLUDED.at;
  RETURN NULL;
END $$;
CREATE TRIGGER search_organisations AFTER INSERT OR UPDATE ON organisations
  FOR EACH ROW EXECUTE FUNCTION search_organisations();
INSERT INTO search_entries (entity, ref_id, kind, title, body, region, at)
SELECT 'organisation', id, type, name, duty_phone || ' ' || contact_phone, region_code, updated_at
FROM organisations;

CREATE FUNCTION search_users() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM search_entries WHERE entity = 'person' AND ref_id = NEW.id;
  INSERT INTO search_entries (entity, ref_id, kind, title, body, region, at)
  SELECT 'person', NEW.id, NEW.status, NEW.name, NEW.phone || ' ' || o.name, o.region_code,
         NEW.updated_at
  FROM organisations o WHERE o.id = NEW.org_id;
  RETURN NULL;
END $$;
CREATE TRIGGER search_users AFTER INSERT OR UPDATE ON users
  FOR EACH ROW EXECUTE FUNCTION search_users();
INSERT INTO search_entries (entity, ref_id, kind, title, body, region, at)
SELECT 'person', u.id, u.status, u.name, u.phone || ' ' || o.name, o.region_code, u.updated_at
FROM users u JOIN organisations o ON o.id = u.org_id;
