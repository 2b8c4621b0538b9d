-- pgbench script for bench/resources.sh: PostGIS's index-ordered KNN, the fair anchor of
-- ../shared/design/BENCHMARKS.md ("Nearest resources: PostGIS"): the 50 nearest by the
-- GiST index, then the 50 km filter on those. A random point over Shanxi's bounding box
-- (lon 110.2-114.6, lat 34.6-40.7) each time.
\set lon 110.2 + random(0, 4400000) / 1000000.0
\set lat 34.6 + random(0, 6100000) / 1000000.0
select * from (
  select id, ST_Distance(geog, p.g) d
  from res, (select ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography g) p
  order by geog <-> p.g limit 50) t
where d <= 50000;
