#!/usr/bin/env bash
# Spatial queries on the resources: Fenghuo's HTTP API (in-memory R-tree) against PostgreSQL
# 15 + PostGIS on the same points (BENCHMARKS.md, "Nearest resources: PostGIS"; issue 4,
# "Benchmark"). Fenghuo loads `demo-data --scale large` (about one million records) into a
# SQLite database of its own; the same points go into a throwaway PostgreSQL cluster as
# res(id bigint, geog geography(Point,4326)) with a GiST index, VACUUM ANALYZE.
#
#   nearest 50 within 50 km: PostGIS's index-ordered KNN (bench/resources-knn.sql) run by
#     pgbench, 2 clients, 2 threads; GET /api/v1/resources/nearby run by wrk with
#     bench/resources.lua, 2 connections, 2 threads, same duration, keep-alive; then wrk
#     again at BENCH_CONNECTIONS_HIGH connections for throughput. Random points over
#     Shanxi's bounding box (lon 110.2-114.6, lat 34.6-40.7) on both sides.
#   bounding box: random 0.5 x 0.5 degree boxes, at most 5000 records, both sides
#     (bench/resources-bbox.sql); figures only, no target.
#   clusters: GET /api/v1/resources/clusters at zooms 6 to 16, a 1920 x 1080 screen's box
#     at each zoom (the whole province at zoom 6), 2 connections.
#   memory: VmRSS of the loaded server minus that of an empty one started the same way.
#   correctness: nearest answers for random points against PostGIS's (same ids, same
#     order up to ties, same distances), boxes and cluster counts against SQL counts.
#
# Targets: nearest-50 p50 < 2 ms; nearest req/s >= PostGIS's at the same connections;
# cluster p99 < 30 ms at every zoom; index memory < 300 MB; correct answers.
#
# Env: BENCH_SCALE (large | small for a quick check), BENCH_SEED (14), BENCH_DURATION
#      (15 s per run), BENCH_CLUSTER_DURATION (10 s per zoom), BENCH_CONNECTIONS_HIGH (64),
#      BENCH_WARMUP (2 s per side; 0 to skip), BENCH_CHECKS (20 points; 0 to skip),
#      FENGHUO_BIN (build/release/fenghuo), FENGHUO_PG_BIN (/usr/lib/postgresql/15/bin).
# Needs wrk, python3, PostgreSQL 15 and postgresql-15-postgis-3 (scripts/install-deps.sh
# --bench). Exit status: 0 when every target is met, 1 when one is not, 2 when the run
# itself failed. Appends the result line to bench/results/resources.log.
set -Eeuo pipefail
# Any unexpected failure is a failed run (2), not a missed target (1).
trap 'echo "bench/resources: failed at line $LINENO: $BASH_COMMAND" >&2; exit 2' ERR
cd "$(dirname "$0")/.."
root=$(pwd)
# shellcheck source=SCRIPTDIR/../scripts/lib.sh
source scripts/lib.sh

scale=${BENCH_SCALE:-large}
seed=${BENCH_SEED:-14}
duration=${BENCH_DURATION:-15}
duration=${duration%s}
cluster_duration=${BENCH_CLUSTER_DURATION:-10}
cluster_duration=${cluster_duration%s}
high=${BENCH_CONNECTIONS_HIGH:-64}
warmup=${BENCH_WARMUP:-2}
warmup=${warmup%s}
checks=${BENCH_CHECKS:-20}
bin=${FENGHUO_BIN:-$root/build/release/fenghuo}
pg_bin=${FENGHUO_PG_BIN:-/usr/lib/postgresql/15/bin}
clients=2 threads=2  # BENCHMARKS.md: 2 clients, 2 threads, on both sides
zooms=(6 8 10 12 14 16)
target_p50_ms=2 target_ratio=1.0 target_cluster_p99_ms=30 target_index_mb=300

die() { echo "bench/resources: $*" >&2; exit 2; }
[[ $scale == large || $scale == small ]] || die "BENCH_SCALE must be large or small"
for v in seed duration cluster_duration high warmup checks; do
  [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a whole number (got '${!v}')"
done
((duration > 0 && cluster_duration > 0 && high > 0)) || die "durations and connections must be > 0"
[[ -x $bin ]] || die "no server binary at $bin (make build)"
command -v wrk >/dev/null || die "wrk is missing (scripts/install-deps.sh --bench)"
command -v python3 >/dev/null || die "python3 is missing"
[[ -x $pg_bin/pgbench && -x $pg_bin/psql ]] ||
  die "no PostgreSQL 15 at $pg_bin (scripts/install-deps.sh installs postgresql-15)"
[[ -f /usr/share/postgresql/15/extension/postgis.control ]] ||
  die "PostGIS is missing: apt-get install postgresql-15-postgis-3 (scripts/install-deps.sh --bench)"

t0=$SECONDS
step() { printf '[%4ds] %s\n' $((SECONDS - t0)) "$*"; }

tmp=$(mktemp -d -t fenghuo-bench-res.XXXXXX)
chmod 755 "$tmp"  # as root the PostgreSQL server runs as `postgres` and needs to reach pg/
pg_dir=$tmp/pg
server_pid='' child_pid='' pg_started=''
cleanup() {
  [[ -n $child_pid ]] && { stop_pid "$child_pid" 5 || true; }
  [[ -n $server_pid ]] && { stop_pid "$server_pid" 15 || true; }
  [[ -n $pg_started ]] && { scripts/pg-test-cluster.sh stop "$pg_dir" >/dev/null 2>&1 || true; }
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# in_background CMD...: run CMD in $tmp as a child that the traps can stop (a foreground
# child would hold off SIGTERM until it ends), wait for it, return its status.
in_background() {
  local rc=0
  (cd "$tmp" && exec "$@") &
  child_pid=$!
  wait "$child_pid" || rc=$?
  child_pid=''
  return "$rc"
}

rss_kb() { awk -v f="${2:-VmRSS}:" '$1 == f {print $2}' "/proc/$1/status"; }  # rss_kb PID [FIELD]
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# --- Fenghuo: release binary, its own SQLite database, data folder and SMS outbox.
port=$(free_port)
base=http://127.0.0.1:$port
fenghuo_env() {  # fenghuo_env NAME: the environment of one instance (database NAME.db)
  echo FENGHUO_SERVER_HOST=127.0.0.1 "FENGHUO_SERVER_PORT=$port" \
    "FENGHUO_DATABASE_URL=sqlite:$tmp/$1.db" "FENGHUO_STORAGE_PATH=$tmp/$1-data" \
    "FENGHUO_SMS_OUTBOX_PATH=$tmp/$1-outbox.jsonl" "FENGHUO_WEB_ROOT=$root/web/dist" \
    FENGHUO_LOG_ACCESS=false
}
# start_server NAME: serve database NAME.db; sets server_pid, and start_s (seconds until it
# answered).
start_server() {
  local env_list start=$SECONDS
  read -ra env_list <<<"$(fenghuo_env "$1")"
  (cd "$tmp" && exec env "${env_list[@]}" "$bin" serve >"$tmp/$1-serve.log" 2>&1) &
  server_pid=$!
  if ! wait_http "$base/api/v1/health" 120; then
    cat "$tmp/$1-serve.log" >&2
    die "fenghuo ($1) did not answer $base/api/v1/health within 120 s"
  fi
  start_s=$((SECONDS - start))
}
stop_server() {
  local rc=0
  stop_pid "$server_pid" 30 || rc=$?
  server_pid=''
  ((rc == 0)) || echo "bench/resources: note: fenghuo exited with status $rc on SIGTERM (expected 0)" >&2
}
fenghuo() {  # fenghuo NAME ARGS...: run a fenghuo command on database NAME.db, in $tmp
  local env_list name=$1
  shift
  read -ra env_list <<<"$(fenghuo_env "$name")"
  in_background env "${env_list[@]}" "$bin" "$@"
}

echo "Spatial queries: fenghuo /api/v1/resources/{nearby,within,clusters} vs PostgreSQL 15 + PostGIS"
echo "  fenghuo: $(cd "$tmp" && "$bin" version), release build, sqlite, access log off, threads = cores"
echo "  machine: $(nproc) cores, $(awk '/^MemTotal:/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo)," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg) at the start;" \
  "data: demo-data --scale $scale --seed $seed; runs of ${duration}s (clusters ${cluster_duration}s per zoom)"

# 1. An empty server, started the same way, for the memory baseline.
step "empty server: migrate and start"
fenghuo empty migrate >"$tmp/empty-migrate.log" 2>&1 || { cat "$tmp/empty-migrate.log" >&2; die "migrate (empty) failed"; }
start_server empty
sleep 1
rss_empty=$(rss_kb "$server_pid") anon_empty=$(rss_kb "$server_pid" RssAnon)
stop_server
step "empty server: VmRSS $(mb "$rss_empty") MB"

# 2. The data set.
step "loading demo-data --scale $scale --seed $seed into $tmp/bench.db (the slow part) ..."
fenghuo bench migrate >"$tmp/bench-migrate.log" 2>&1 || { cat "$tmp/bench-migrate.log" >&2; die "migrate failed"; }
load_start=$SECONDS
fenghuo bench demo-data --scale "$scale" --seed "$seed" >"$tmp/demo-data.log" 2>&1 ||
  { cat "$tmp/demo-data.log" >&2; die "demo-data failed"; }
load_s=$((SECONDS - load_start))
step "demo-data loaded in ${load_s}s: $(grep -m1 '^demo resources' "$tmp/demo-data.log" || echo '?')"

# 3. The loaded server.
step "starting fenghuo on the loaded database ..."
start_server bench
indexed=$(sed -n 's/.*resources: \([0-9]*\) located records in the spatial index.*/\1/p' "$tmp/bench-serve.log" | tail -1)
[[ -n $indexed ]] || die "the server log does not say how many records are in the spatial index"
sleep 1
rss_loaded=$(rss_kb "$server_pid") anon_loaded=$(rss_kb "$server_pid" RssAnon)
index_kb=$((rss_loaded - rss_empty))
step "fenghuo ready in ${start_s}s: $indexed located records in the spatial index, VmRSS $(mb "$rss_loaded") MB"

# Sign in as the demo administrator, then an API token (it never idles out).
curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' \
  -d '{"phone":"13800138000"}' "$base/api/v1/auth/sms-code" || die "POST /api/v1/auth/sms-code failed"
code=$(python3 -c '
import json, re, sys
lines = [l for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
print(re.search(r"\b\d{6}\b", json.loads(lines[-1])["text"]).group())' "$tmp/bench-outbox.jsonl") ||
  die "no sign-in code in the SMS outbox"
session=$(curl -fsS -X POST -H 'Content-Type: application/json' \
  -d "{\"phone\":\"13800138000\",\"code\":\"$code\"}" "$base/api/v1/auth/login" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])') || die "sign-in failed"
token=$(curl -fsS -X POST -H "Authorization: Bearer $session" -H 'Content-Type: application/json' \
  -d '{"name":"bench","scopes":["resources.read"]}' "$base/api/v1/api-tokens" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])') || die "creating an API token failed"

# 4. The same points into PostGIS.
step "exporting the located records from SQLite ..."
exported=$(python3 - "$tmp/bench.db" "$tmp/points.csv" <<'EOF'
import csv, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
n = 0
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f)
    for row in con.execute(
            "SELECT id, lon, lat FROM resources WHERE lon IS NOT NULL AND deleted_at IS NULL"):
        w.writerow(row)  # repr(float) round-trips: the very same doubles
        n += 1
print(n)
EOF
) || die "export from SQLite failed"
consistent=yes
if [[ $exported != "$indexed" ]]; then
  consistent=no
  echo "bench/resources: note: $exported located records in SQLite but $indexed in the server's index" >&2
fi
step "starting a throwaway PostgreSQL cluster ..."
pg_started=yes
pg_url=$(scripts/pg-test-cluster.sh start "$pg_dir" 2>"$tmp/pg-start.log") ||
  { cat "$tmp/pg-start.log" >&2; die "could not start PostgreSQL"; }
psql=("$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 "$pg_url")
step "loading $exported points into PostGIS (COPY, geography, GiST index, VACUUM ANALYZE) ..."
pg_load_start=$SECONDS
cat >"$tmp/pg-load.sql" <<EOF
create extension postgis;
set maintenance_work_mem = '512MB';
create table res_raw (id bigint, lon float8, lat float8);
\copy res_raw from '$tmp/points.csv' with (format csv)
create table res (id bigint, geog geography(Point, 4326));
insert into res select id, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography from res_raw;
create index res_geog on res using gist (geog);
vacuum analyze res;
vacuum analyze res_raw;
EOF
in_background "${psql[@]}" -f "$tmp/pg-load.sql" >"$tmp/pg-load.log" 2>&1 ||
  { cat "$tmp/pg-load.log" >&2; die "loading PostGIS failed"; }
pg_load_s=$((SECONDS - pg_load_start))
read -r pg_rows pg_table_mb pg_index_mb < <("${psql[@]}" -At -F ' ' -c \
  "select count(*), round(pg_table_size('res') / 1048576.0, 1), round(pg_relation_size('res_geog') / 1048576.0, 1) from res")
postgis_version=$("${psql[@]}" -At -c 'select postgis_lib_version()')
pg_version=$("${psql[@]}" -At -c 'show server_version')
step "PostGIS loaded in ${pg_load_s}s: $pg_rows rows, table $pg_table_mb MB, GiST index $pg_index_mb MB"

pgbench_cmd() {  # pgbench_cmd SQLFILE SECONDS
  echo "$pg_bin/pgbench" -n -M prepared -c "$clients" -j "$threads" -T "$2" -f "$1"
}
wrk_cmd() {  # wrk_cmd MODE CONNECTIONS SECONDS [ZOOM]
  echo env "BENCH_MODE=$1" "BENCH_ZOOM=${4:-10}" "BENCH_SEED=$seed" \
    wrk -t"$threads" -c"$2" -d"$3"s --latency -s bench/resources.lua "$base"
}
echo "  postgres: PostgreSQL $pg_version, PostGIS $postgis_version, default settings; pgbench -M prepared"
echo "  commands (BENCH_TOKEN=<API token with resources.read>, created through the API):"
echo "    (cd $tmp && env $(fenghuo_env bench) $bin migrate)"
echo "    (cd $tmp && env $(fenghuo_env bench) $bin demo-data --scale $scale --seed $seed)"
echo "    (cd $tmp && env $(fenghuo_env bench) $bin serve)"
echo "    scripts/pg-test-cluster.sh start $pg_dir    # then COPY, geography, GiST, VACUUM ANALYZE"
echo "    $(pgbench_cmd bench/resources-knn.sql "$duration") $pg_url"
echo "    $(pgbench_cmd bench/resources-bbox.sql "$duration") $pg_url"
echo "    BENCH_TOKEN=... $(wrk_cmd nearby "$clients" "$duration")"
echo "    BENCH_TOKEN=... $(wrk_cmd nearby "$high" "$duration")"
echo "    BENCH_TOKEN=... $(wrk_cmd within "$clients" "$duration")"
echo "    BENCH_TOKEN=... $(wrk_cmd clusters "$clients" "$cluster_duration" Z)    # Z in ${zooms[*]}"

# 5. Correctness: the same answers as PostGIS.
check_fails=0 check_summary='skipped (BENCH_CHECKS=0)'
if ((checks > 0)); then
  step "checking $checks nearest answers, boxes and cluster counts against PostGIS ..."
  if check_out=$(python3 - "$base" "$token" "$pg_bin/psql" "$pg_url" "$checks" "$seed" <<'EOF' 2>&1
import json, math, random, subprocess, sys, urllib.request
base, token, psql, pg_url, n, seed = sys.argv[1:7]
n, rng = int(n), random.Random(int(seed))
def api(path):
    req = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.load(r)
def sql(q):
    out = subprocess.run([psql, "-X", "-At", "-F", " ", "-v", "ON_ERROR_STOP=1", pg_url, "-c", q],
                         check=True, capture_output=True, text=True).stdout
    return [line.split(" ") for line in out.splitlines() if line]
fails, same_order, worst = 0, 0, 0.0
for i in range(n):
    # Six decimals, the very same point on both sides.
    lon, lat = round(rng.uniform(110.2, 114.6), 6), round(rng.uniform(34.6, 40.7), 6)
    got = [(int(x["id"]), x["distance_m"])
           for x in api(f"/api/v1/resources/nearby?lon={lon:.6f}&lat={lat:.6f}&radius_m=50000&k=50")["items"]]
    # The exact answer: 80 candidates by the index (sphere), ranked by ellipsoid distance.
    rows = sql(f"select id, ST_Distance(geog, p.g) from res, (select ST_SetSRID(ST_MakePoint({lon!r}, {lat!r}), 4326)::geography g) p "
               f"order by geog <-> p.g limit 80")
    want = sorted(((int(a), float(b)) for a, b in rows), key=lambda t: (t[1], t[0]))
    inside = [t for t in want if t[1] <= 50000]
    pg = dict(want)
    problems = []
    if len(got) != min(50, len(inside)):
        problems.append(f"{len(got)} items, PostGIS {min(50, len(inside))}")
    for k, (rid, d) in enumerate(got):
        if rid not in pg:
            problems.append(f"id {rid} at {d} m is not among PostGIS's 80 nearest"); break
        worst = max(worst, abs(pg[rid] - d))
        if abs(pg[rid] - d) > 0.06:  # the API rounds to 0.1 m
            problems.append(f"id {rid}: {d} m, PostGIS {pg[rid]:.1f} m"); break
        if k and d < got[k - 1][1]:
            problems.append(f"not sorted at item {k}"); break
    if got and len(inside) > len(got) and inside[len(got) - 1][1] < got[-1][1] - 0.5:
        problems.append("a nearer record was missed")
    if [r for r, _ in got] == [r for r, _ in inside[:len(got)]]:
        same_order += 1
    elif not problems:
        k = next(k for k, (r, _) in enumerate(got) if r != inside[k][0])
        a, b = got[k][0], inside[k][0]
        print(f"  note: lon={lon:.6f} lat={lat:.6f}: item {k + 1} is id {a} here, id {b} in PostGIS; "
              f"fenghuo (to 0.1 m): {a} {got[k][1]} m, {b} {dict(got).get(b, '-')} m; "
              f"PostGIS: {a} {pg[a]:.4f} m, {b} {pg[b]:.4f} m")
    if problems:
        fails += 1
        print(f"  nearby lon={lon:.6f} lat={lat:.6f}: " + "; ".join(problems))
print(f"nearby: {n - fails}/{n} right, {same_order}/{n} same ids in the same order as PostGIS, "
      f"largest distance difference {worst:.2f} m")
# Boxes: every record in a small box (no limit reached), and the PostGIS bbox query used
# by pgbench finds the same number.
box_fails, boxes = 0, max(3, n // 5)
for i in range(boxes):
    x1, y1 = rng.uniform(110.2, 114.5), rng.uniform(34.6, 40.6)
    x2, y2 = x1 + 0.05, y1 + 0.05
    box = f"{x1:.6f},{y1:.6f},{x2:.6f},{y2:.6f}"
    got = api(f"/api/v1/resources/within?bbox={box}&limit=20000")
    ids = {int(x["id"]) for x in got["items"]}
    exact = f"lon between {x1:.6f} and {x2:.6f} and lat between {y1:.6f} and {y2:.6f}"
    want = {int(r[0]) for r in sql(f"select id from res_raw where {exact}")}
    via_index = int(sql(f"select count(*) from (select geog::geometry g from res where geog && "
                        f"ST_MakeEnvelope({x1:.6f}, {y1:.6f}, {x2:.6f}, {y2:.6f}, 4326)::geography) t "
                        f"where ST_X(g) between {x1:.6f} and {x2:.6f} and ST_Y(g) between {y1:.6f} and {y2:.6f}")[0][0])
    bad = []
    if got["truncated"] or ids != want:
        bad.append(f"within {box}: {len(ids)} records, SQL {len(want)} ({len(ids - want)} extra, {len(want - ids)} missing)")
    if via_index != len(want):
        bad.append(f"the PostGIS bbox query finds {via_index} in {box}, not {len(want)}")
    if bad:
        box_fails += 1
        print("  " + "; ".join(bad))
print(f"boxes: {boxes - box_fails}/{boxes} right (records in the box, and the count of the PostGIS bbox query)")
# Clusters: the server answers whole grid cells (90 / 2^zoom degrees) touching the box;
# the count of each cell (found by its cluster's centre) must be SQL's count of that cell.
cluster_fails, shared = 0, 0
zooms = [6, 8, 10, 12, 14, 16]
for i in range(max(len(zooms), n // 3)):
    z = zooms[i % len(zooms)]
    w = min(2700 / 2 ** z, 4.4)
    h = min(1518.75 * math.cos(math.radians(37.5)) / 2 ** z, 6.1)
    x1, y1 = rng.uniform(110.2, 114.6 - w), rng.uniform(34.6, 40.7 - h)
    box = f"{x1:.6f},{y1:.6f},{x1 + w:.6f},{y1 + h:.6f}"
    x1, y1, x2, y2 = (float(v) for v in box.split(","))
    cell = 90 / 2 ** z
    got = api(f"/api/v1/resources/clusters?bbox={box}&zoom={z}")
    cells = {}
    for c in got["items"]:
        key = (math.floor(c["lon"] / cell), math.floor(c["lat"] / cell))
        shared += key in cells
        cells[key] = cells.get(key, 0) + c["count"]
    cx0, cx1, cy0, cy1 = (math.floor(v / cell) for v in (x1, x2, y1, y2))
    want = {(int(a), int(b)): int(c) for a, b, c in sql(
        f"select floor(lon / {cell!r})::bigint a, floor(lat / {cell!r})::bigint b, count(*) from res_raw "
        f"where floor(lon / {cell!r}) between {cx0} and {cx1} and floor(lat / {cell!r}) between {cy0} and {cy1} "
        f"group by 1, 2")}
    total = sum(cells.values())
    if cells != want or got["total"] != total:
        cluster_fails += 1
        wrong = sum(1 for k in set(cells) | set(want) if cells.get(k) != want.get(k))
        print(f"  clusters {box} zoom {z}: {total} records (total {got['total']}) in {len(cells)} cells, "
              f"SQL {sum(want.values())} in {len(want)} cells; {wrong} cells differ")
note = f", {shared} cells with more than one cluster" if shared else ""
print(f"clusters: {max(len(zooms), n // 3) - cluster_fails}/{max(len(zooms), n // 3)} right "
      f"(count per grid cell at zooms 6-16{note})")
sys.exit(1 if fails or box_fails or cluster_fails else 0)
EOF
  ); then
    check_fails=0
  else
    check_fails=1
  fi
  check_summary=$(grep -E '^(nearby|boxes|clusters):' <<<"$check_out" | paste -sd '|' | sed 's/|/; /g') || true
  [[ -n $check_summary ]] || check_summary='the check itself failed'
  while IFS= read -r l; do echo "  $l"; done <<<"$check_out"
fi

# 6. The timed runs.
rps='' p50='' p99=''
show() { [[ $1 == warmup ]] || printf '         %s req/s, p50 %s ms, p99 %s ms\n' "$rps" "$p50" "$p99"; }
# run_wrk NAME MODE CONNECTIONS SECONDS [ZOOM]: sets rps, p50 and p99 (ms).
run_wrk() {
  local name=$1 out wrk_rps line cmd
  shift
  read -ra cmd <<<"$(wrk_cmd "$@")"
  out=$(BENCH_TOKEN=$token "${cmd[@]}" 2>&1) || { echo "$out" >&2; die "wrk ($name) failed"; }
  echo "$out" >"$tmp/wrk-$name.txt"
  line=$(grep '^BENCH ' <<<"$out") || { echo "$out" >&2; die "wrk ($name) printed no BENCH line"; }
  if grep -qE 'Non-2xx|Socket errors' <<<"$out" || ! grep -q ' errors=0 ' <<<"$line"; then
    echo "$out" >&2
    die "errors during the wrk run above ($name)"
  fi
  wrk_rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  read -r rps p50 p99 < <(awk -v rps="$wrk_rps" '{
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      printf "%.0f %.3f %.3f\n", rps, v["p50_us"] / 1000, v["p99_us"] / 1000 }' <<<"$line")
  show "$name"
}
# run_pgbench NAME SQLFILE SECONDS: sets rps, p50 and p99 (ms; from pgbench -l's log).
run_pgbench() {
  local name=$1 out tps cmd
  read -ra cmd <<<"$(pgbench_cmd "$2" "$3")"
  rm -f "$tmp/pgbench-$name".*
  out=$("${cmd[@]}" -l --log-prefix="$tmp/pgbench-$name" "$pg_url" 2>&1) ||
    { echo "$out" >&2; die "pgbench ($name) failed"; }
  echo "$out" >"$tmp/pgbench-$name.txt"
  if grep -qE '^number of failed transactions: [1-9]' <<<"$out"; then
    echo "$out" >&2
    die "failed transactions during the pgbench run above ($name)"
  fi
  tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' <<<"$out")
  [[ -n $tps ]] || { echo "$out" >&2; die "pgbench ($name) printed no tps"; }
  read -r rps p50 p99 < <(cat "$tmp/pgbench-$name".[0-9]* | awk '{print $3}' | sort -n |
    awk -v tps="$tps" '
      { v[NR] = $1 }
      END {
        p50 = v[int(NR * 0.50 + 0.999999)]; p99 = v[int(NR * 0.99 + 0.999999)]
        printf "%.0f %.3f %.3f\n", tps, p50 / 1000, p99 / 1000 }')
  show "$name"
}

if ((warmup > 0)); then
  step "warm-up (${warmup}s each side)"
  run_wrk warmup nearby "$clients" "$warmup"
  run_pgbench warmup bench/resources-knn.sql "$warmup"
fi
step "nearest 50: fenghuo, $clients connections"
run_wrk nearby nearby "$clients" "$duration"
f_rps=$rps f_p50=$p50 f_p99=$p99
step "nearest 50: PostGIS, $clients clients"
run_pgbench knn bench/resources-knn.sql "$duration"
p_rps=$rps p_p50=$p50 p_p99=$p99
step "nearest 50: fenghuo, $high connections"
run_wrk nearby-high nearby "$high" "$duration"
fh_rps=$rps fh_p50=$p50 fh_p99=$p99
rss_after_nearby=$(rss_kb "$server_pid")
step "bounding box: fenghuo, $clients connections"
run_wrk within within "$clients" "$duration"
b_rps=$rps b_p50=$p50 b_p99=$p99
step "bounding box: PostGIS, $clients clients"
run_pgbench bbox bench/resources-bbox.sql "$duration"
pb_rps=$rps pb_p50=$p50 pb_p99=$p99
rss_after_bbox=$(rss_kb "$server_pid")
declare -A c_rps c_p50 c_p99
for z in "${zooms[@]}"; do
  step "clusters: fenghuo, zoom $z, $clients connections"
  run_wrk "clusters-$z" clusters "$clients" "$cluster_duration" "$z"
  c_rps[$z]=$rps c_p50[$z]=$p50 c_p99[$z]=$p99
done
rss_after=$(rss_kb "$server_pid")
stop_server

# 7. Results.
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
verdict() { if "$@"; then echo PASS; else echo FAIL; fi; }
ratio=$(awk -v f="$f_rps" -v p="$p_rps" 'BEGIN { printf "%.2f", f / p }')
ratio_high=$(awk -v f="$fh_rps" -v p="$p_rps" 'BEGIN { printf "%.2f", f / p }')
ratio_bbox=$(awk -v f="$b_rps" -v p="$pb_rps" 'BEGIN { printf "%.2f", f / p }')
index_mb=$(mb "$index_kb")
v_p50=$(verdict lt "$f_p50" "$target_p50_ms")
v_ratio=$(verdict ge "$ratio" "$target_ratio")
v_mem=$(verdict lt "$index_mb" "$target_index_mb")
v_check=$(verdict test "$check_fails" = 0 -a "$consistent" = yes)
worst_z='' worst_p99=0 v_clusters=PASS
for z in "${zooms[@]}"; do
  if ge "${c_p99[$z]}" "$worst_p99"; then worst_z=$z worst_p99=${c_p99[$z]}; fi
  lt "${c_p99[$z]}" "$target_cluster_p99_ms" || v_clusters=FAIL
done

echo
printf '  %-22s %6s | %11s %9s %9s | %11s %9s %9s | %6s\n' \
  query conns "fenghuo r/s" "p50 ms" "p99 ms" "PostGIS q/s" "p50 ms" "p99 ms" ratio
row() { printf '  %-22s %6s | %11s %9s %9s | %11s %9s %9s | %6s\n' "$@"; }
row "nearest 50 in 50 km" "$clients" "$f_rps" "$f_p50" "$f_p99" "$p_rps" "$p_p50" "$p_p99" "$ratio"
row "nearest 50 in 50 km" "$high" "$fh_rps" "$fh_p50" "$fh_p99" "($clients clients)" "" "" "$ratio_high"
row "bbox 0.5 x 0.5 deg" "$clients" "$b_rps" "$b_p50" "$b_p99" "$pb_rps" "$pb_p50" "$pb_p99" "$ratio_bbox"
for z in "${zooms[@]}"; do
  row "clusters zoom $z" "$clients" "${c_rps[$z]}" "${c_p50[$z]}" "${c_p99[$z]}" "-" "" "" ""
done
echo
echo "  load: demo-data ${load_s}s ($indexed located records); server ready in ${start_s}s; PostGIS load ${pg_load_s}s;" \
  "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end (other work on the machine skews p99s)"
echo "  memory: VmRSS empty $(mb "$rss_empty") MB, loaded $(mb "$rss_loaded") MB (index ≈ $index_mb MB;" \
  "RssAnon $(mb "$anon_empty") -> $(mb "$anon_loaded") MB, +$(mb $((anon_loaded - anon_empty))) MB);" \
  "after nearest $(mb "$rss_after_nearby") MB, after bbox $(mb "$rss_after_bbox") MB, after clusters $(mb "$rss_after") MB;" \
  "PostGIS table $pg_table_mb MB + GiST index $pg_index_mb MB on disk"
echo "  correctness: $check_summary$([[ $consistent == yes ]] || echo "; SQLite has $exported located records, the index $indexed")"
echo
echo "  targets:"
printf '    %-50s %-24s %s\n' "nearest-50 p50 < $target_p50_ms ms ($clients connections)" "$f_p50 ms" "$v_p50"
printf '    %-50s %-24s %s\n' "nearest-50 req/s >= PostGIS's ($clients each)" "$f_rps / $p_rps = $ratio" "$v_ratio"
printf '    %-50s %-24s %s\n' "cluster p99 < $target_cluster_p99_ms ms at zooms ${zooms[*]}" "worst $worst_p99 ms (zoom $worst_z)" "$v_clusters"
printf '    %-50s %-24s %s\n' "index memory < $target_index_mb MB (loaded - empty VmRSS)" "$index_mb MB" "$v_mem"
printf '    %-50s %-24s %s\n' "same answers as PostGIS / SQL" "$( ((check_fails)) && echo wrong || echo right)" "$v_check"

overall=PASS
for v in "$v_p50" "$v_ratio" "$v_clusters" "$v_mem" "$v_check"; do [[ $v == PASS ]] || overall=FAIL; done
cluster_p99s=$(for z in "${zooms[@]}"; do printf 'z%s %s ' "$z" "${c_p99[$z]}"; done)
line=$(printf 'resources  nearest p50 %s ms (%s)  fenghuo %s req/s  PostGIS %s q/s  ratio %s (%s)  cluster p99 ms %s(%s)  index %s MB (%s)  answers %s  %s' \
  "$f_p50" "$v_p50" "$f_rps" "$p_rps" "$ratio" "$v_ratio" "$cluster_p99s" "$v_clusters" "$index_mb" "$v_mem" "$v_check" "$overall")
echo
echo "$line"

mkdir -p bench/results
commit=$(git rev-parse --short=8 HEAD 2>/dev/null || echo unknown)
echo "$(date -u +%Y-%m-%dT%H:%M:%SZ)  $commit  $line  ($scale, $indexed records, ${duration}s runs, ${cluster_duration}s per zoom, $high conns high $fh_rps req/s, bbox $b_rps vs $pb_rps, load ${load_s}s, $(nproc) cores)" \
  >>bench/results/resources.log
step "done"

if [[ $overall == PASS ]]; then exit 0; else exit 1; fi
