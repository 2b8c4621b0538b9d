-- wrk script for bench/resources.sh: every request asks about a new random place in
-- Shanxi's bounding box (lon 110.2-114.6, lat 34.6-40.7), like pgbench's \set random() on
-- the PostGIS side. Configured by the environment:
--   BENCH_TOKEN  API token (Authorization: Bearer ...), required
--   BENCH_MODE   nearby (nearest 50 within 50 km), within (a 0.5 x 0.5 degree box, at most
--                5000 records) or clusters (a box the size of a 1920 x 1080 screen at
--                BENCH_ZOOM, clamped to the province)
--   BENCH_ZOOM   map zoom for clusters (default 10)
--   BENCH_SEED   seed for math.random (each thread adds its number)
-- done() prints one line that bench/resources.sh reads:
--   BENCH requests=N errors=N mean_us=N p50_us=N p90_us=N p99_us=N max_us=N

local min_lon, max_lon, min_lat, max_lat = 110.2, 114.6, 34.6, 40.7
local mode = os.getenv("BENCH_MODE") or "nearby"
local zoom = tonumber(os.getenv("BENCH_ZOOM") or "10")
local seed = tonumber(os.getenv("BENCH_SEED") or "1")
local token = os.getenv("BENCH_TOKEN")

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_no", threads)
end

-- Box size for the cluster mode: a 256 px tile spans 360 / 2^zoom degrees of longitude,
-- so 1920 px span 2700 / 2^zoom; 1080 px of Web Mercator span about 1518.75 / 2^zoom
-- degrees of longitude, times cos(37.5 deg) in latitude.
local box_w, box_h = 0.5, 0.5
if mode == "clusters" then
  box_w = math.min(2700 / 2 ^ zoom, max_lon - min_lon)
  box_h = math.min(1518.75 * math.cos(math.rad(37.5)) / 2 ^ zoom, max_lat - min_lat)
end

function init(args)
  if token == nil or token == "" then error("BENCH_TOKEN is not set") end
  if mode ~= "nearby" and mode ~= "within" and mode ~= "clusters" then
    error("BENCH_MODE must be nearby, within or clusters, not " .. mode)
  end
  math.randomseed(seed * 1000 + (thread_no or 0))
  wrk.headers["Authorization"] = "Bearer " .. token
end

local function uniform(lo, hi) return lo + (hi - lo) * math.random() end

function request()
  local path
  if mode == "nearby" then
    path = string.format("/api/v1/resources/nearby?lon=%.6f&lat=%.6f&radius_m=50000&k=50",
                         uniform(min_lon, max_lon), uniform(min_lat, max_lat))
  else
    local x1 = uniform(min_lon, max_lon - box_w)
    local y1 = uniform(min_lat, max_lat - box_h)
    local box = string.format("%.6f,%.6f,%.6f,%.6f", x1, y1, x1 + box_w, y1 + box_h)
    if mode == "within" then
      path = "/api/v1/resources/within?bbox=" .. box .. "&limit=5000"
    else
      path = "/api/v1/resources/clusters?bbox=" .. box .. "&zoom=" .. zoom
    end
  end
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d errors=%d mean_us=%.0f p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, e.connect + e.read + e.write + e.status + e.timeout, latency.mean,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
