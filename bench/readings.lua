-- wrk script for bench/readings.sh: every request is a fresh POST /api/v1/readings batch of
-- BENCH_BATCH readings, none of which was sent before, so every reading is stored and runs
-- through the station's rules (no cheap duplicates). Configured by the environment:
--   BENCH_TOKEN        API token with readings.write (Authorization: Bearer ...), required
--   BENCH_SERIES       file written by bench/readings.sh, one station metric a line:
--                      station_id TAB metric_id TAB station_code TAB metric TAB normal TAB
--                      jitter TAB spike (a value past the first threshold, or "-")
--   BENCH_THREADS      wrk's -t (the series are shared out between the threads)
--   BENCH_BASE_MS      time of the first reading of every series (ms since 1970)
--   BENCH_BATCH        readings per request (default 1000)
--   BENCH_SPIKE_EVERY  one reading in this many is a spike past the first threshold (an
--                      alarm raised, cleared by the next reading of its series); 0 = none
--   BENCH_SEED         seed for math.random (each thread adds its number)
--
-- Each thread owns every BENCH_THREADS-th series and walks its series round-robin; the n-th
-- round of a series has time BENCH_BASE_MS + n ms. With one connection per thread (as
-- bench/readings.sh runs it) the batches of a series arrive in time order, so the rules see
-- every reading (the server's rules skip a reading older than the newest of its series).
-- response() adds up the server's answers; done() prints the line bench/readings.sh reads:
--   BENCH requests=N errors=N accepted=N duplicates=N rejected=N bad_answers=N
--         sent=N last_ts=N duration_us=N mean_us=N p50_us=N p90_us=N p99_us=N max_us=N
-- (sent counts the readings built by request(), in flight at the end included; last_ts is the
-- newest time used, so the next run can start after it.)

local token = os.getenv("BENCH_TOKEN")
local series_file = os.getenv("BENCH_SERIES")
local nthreads = tonumber(os.getenv("BENCH_THREADS") or "")
local base_ms = tonumber(os.getenv("BENCH_BASE_MS") or "")
local batch = tonumber(os.getenv("BENCH_BATCH") or "1000")
local spike_every = tonumber(os.getenv("BENCH_SPIKE_EVERY") or "0")
local seed = tonumber(os.getenv("BENCH_SEED") or "6")

local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
  thread:set("thread_no", #threads)
end

-- Per thread (each has its own Lua state).
local mine = {}          -- {prefix, normal, jitter, spike}
local n = 0              -- readings built so far
accepted, duplicates, rejected, bad_answers, sent, last_ts = 0, 0, 0, 0, 0, 0

function init(args)
  if token == nil or token == "" then error("BENCH_TOKEN is not set") end
  if series_file == nil or series_file == "" then error("BENCH_SERIES is not set") end
  if nthreads == nil or nthreads < 1 then error("BENCH_THREADS must be wrk's -t") end
  if base_ms == nil then error("BENCH_BASE_MS is not set") end
  if thread_no > nthreads then error("more wrk threads than BENCH_THREADS") end
  local i = 0
  for line in io.lines(series_file) do
    local sid, mid, code, metric, normal, jitter, spike =
      line:match("^(%d+)\t(%d+)\t([^\t]+)\t([^\t]+)\t([^\t]+)\t([^\t]+)\t([^\t]+)$")
    if sid == nil then error("bad line in " .. series_file .. ": " .. line) end
    if i % nthreads == thread_no - 1 then
      mine[#mine + 1] = {
        prefix = '{"station":"' .. code .. '","metric":"' .. metric .. '","time":',
        normal = tonumber(normal), jitter = tonumber(jitter), spike = tonumber(spike)}
    end
    i = i + 1
  end
  if #mine == 0 then error("no series for thread " .. thread_no) end
  math.randomseed(seed * 1000 + thread_no)
  wrk.method = "POST"
  wrk.path = "/api/v1/readings"
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["Content-Type"] = "application/json"
end

local fmt = string.format
local random = math.random
local concat = table.concat

function request()
  local parts = {}
  local count = #mine
  for j = 1, batch do
    local idx = n % count
    local s = mine[idx + 1]
    local ts = base_ms + (n - idx) / count
    local v
    if s.spike and spike_every > 0 and random(spike_every) == 1 then
      v = s.spike
    else
      v = s.normal + s.jitter * (2 * random() - 1)
    end
    parts[j] = s.prefix .. fmt("%d", ts) .. ',"value":' .. fmt("%.6g", v) .. "}"
    if ts > last_ts then last_ts = ts end
    n = n + 1
  end
  sent = sent + batch
  return wrk.format(nil, nil, nil, '{"readings":[' .. concat(parts, ",") .. "]}")
end

function response(status, headers, body)
  if status ~= 200 then return end  -- wrk counts it under Non-2xx
  local a = body:match('"accepted":(%d+)')
  local d = body:match('"duplicates":(%d+)')
  if a == nil or d == nil then
    bad_answers = bad_answers + 1
    return
  end
  accepted = accepted + tonumber(a)
  duplicates = duplicates + tonumber(d)
  if not body:find('"rejected":[]', 1, true) then
    local _, r = body:gsub('"index":', "")
    rejected = rejected + r
  end
end

function done(summary, latency, requests)
  local sums = {accepted = 0, duplicates = 0, rejected = 0, bad_answers = 0, sent = 0}
  local newest = 0
  for _, t in ipairs(threads) do
    for k in pairs(sums) do sums[k] = sums[k] + (t:get(k) or 0) end
    newest = math.max(newest, t:get("last_ts") or 0)
  end
  local e = summary.errors
  io.write(fmt(
    "BENCH requests=%d errors=%d accepted=%d duplicates=%d rejected=%d bad_answers=%d sent=%d " ..
    "last_ts=%d duration_us=%d mean_us=%.0f p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, e.connect + e.read + e.write + e.status + e.timeout, sums.accepted,
    sums.duplicates, sums.rejected, sums.bad_answers, sums.sent, newest, summary.duration,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max))
end
