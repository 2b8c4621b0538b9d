-- pgbench script for bench/resources.sh: the records in a random 0.5 x 0.5 degree box over
-- Shanxi's bounding box, at most 5000, with their coordinates (what GET
-- /api/v1/resources/within?bbox=...&limit=5000 answers). The GiST index finds the
-- candidates (&&); the exact longitude/latitude test keeps the same box as Fenghuo's.
\set x1 110.2 + random(0, 3900000) / 1000000.0
\set y1 34.6 + random(0, 5600000) / 1000000.0
\set x2 :x1 + 0.5
\set y2 :y1 + 0.5
select id, ST_X(g) lon, ST_Y(g) lat from (
  select id, geog::geometry g from res
  where geog && ST_MakeEnvelope(:x1, :y1, :x2, :y2, 4326)::geography) t
where ST_X(g) between :x1 and :x2 and ST_Y(g) between :y1 and :y2
limit 5000;
