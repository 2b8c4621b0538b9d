#!/usr/bin/env bash
# Readings ingestion (BENCHMARKS.md, "Readings ingestion: PostgreSQL COPY"; issue 6): readings
# into Fenghuo through HTTP batches and through MQTT, each one checked, run through its
# station's alarm rules and stored durably, on SQLite and on PostgreSQL; as the limit, the
# database's own bulk load of the same rows into a table of the same definition.
#
#   anchors: PostgreSQL `\copy` of BENCH_COPY_ROWS rows (2 million) from CSV into
#     readings_copy (LIKE readings INCLUDING ALL, holding the demo readings first), default
#     settings and durability; for SQLite the sqlite3 shell's `.import` of the same CSV into a
#     WITHOUT ROWID table of the same definition in WAL mode (a figure only: the SQLite
#     target is absolute). The best of BENCH_ANCHOR_RUNS runs counts, each into a fresh
#     table. The rows are those the HTTP load sends: the demo stations' series round-robin,
#     times 1 ms apart per series, normal values.
#   HTTP: wrk (bench/readings.lua), BENCH_CONNECTIONS (4) connections, each with a wrk thread
#     of its own (so the batches of a series, which stay with one thread, arrive in time order
#     and the rules see every reading; wrk itself needs a few % of a core), every
#     request a new batch of BENCH_BATCH readings (1000) of the demo stations (by station code,
#     ~700 series), values inside the normal band with one in BENCH_SPIKE_EVERY past the first
#     threshold (the alarm is raised, then cleared by the series' next reading). No reading
#     repeats: every one is stored and evaluated, which the answers' `accepted` and the rows
#     counted in the database before and after must both show. Where the schema has a
#     readings_inbox (the server appending there and moving rows into `readings` about once a
#     second), rows are counted in both, and the figure counts only if the inbox is empty
#     within 3 s of the load's end; otherwise accepted / (run + time until it is empty).
#   alarm latency: during the HTTP run, bench/readings-probe.py POSTs one reading of a mine
#     station the load leaves alone every BENCH_PROBE_INTERVAL s (0.5), alternately past the
#     red threshold and back to normal, and times each to its "alarm" event on a WebSocket
#     subscribed to monitoring/mine.
#   MQTT: bench/readings-mqtt.py | mosquitto_pub -l -q 1, through a throwaway Mosquitto, for
#     each rate in BENCH_MQTT_RATES: every second one message per station with its readings of
#     that second (the shape `fenghuo simulate` sends), the same series, values and spikes as
#     the HTTP load, none repeated. The server's rows are counted every second until they stop
#     growing; all published must be stored. When the server is still storing more than 2.5 s
#     after the publisher ended, it set the pace and stored/s is its rate; otherwise it kept up.
#     (Not `fenghuo simulate`: this publisher sends the very series, values and spikes of the
#     HTTP load, so the two figures compare.)
#
# Targets: HTTP on SQLite >= 100,000 readings/s; HTTP on PostgreSQL >= 0.5 x COPY's rows/s;
# alarm latency max < 1000 ms during the HTTP load (on each database), no event missing.
#
# Env: BENCH_DURATION (15 s per HTTP run), BENCH_WARMUP (3 s; 0 to skip), BENCH_BATCH (1000),
#      BENCH_CONNECTIONS (4), BENCH_SPIKE_EVERY (20000; 0 = no spikes), BENCH_COPY_ROWS (2000000),
#      BENCH_ANCHOR_RUNS (2: the anchor's best run counts),
#      BENCH_MQTT_RATES ("50000 200000"; "" to skip), BENCH_MQTT_SECONDS (BENCH_DURATION),
#      BENCH_PROBE_INTERVAL (0.5), BENCH_DATABASES ("sqlite postgresql"),
#      FENGHUO_BIN (build/release/fenghuo), FENGHUO_PG_BIN (/usr/lib/postgresql/15/bin).
#      A quick check: BENCH_DURATION=3 BENCH_COPY_ROWS=200000 BENCH_MQTT_RATES=20000.
# Needs wrk, python3, sqlite3, PostgreSQL 15, mosquitto and mosquitto_pub (scripts/install-deps.sh
# --bench).
# Exit status: 0 when every target is met, 1 when one is not, 2 when the run itself failed.
# Appends the result line to bench/results/readings.log.
set -Eeuo pipefail
# Any unexpected failure is a failed run (2), not a missed target (1).
trap 'echo "bench/readings: failed at line $LINENO: $BASH_COMMAND" >&2; exit 2' ERR
cd "$(dirname "$0")/.."
root=$(pwd)
# shellcheck source=SCRIPTDIR/../scripts/lib.sh
source scripts/lib.sh

duration=${BENCH_DURATION:-15}
duration=${duration%s}
warmup=${BENCH_WARMUP:-3}
warmup=${warmup%s}
batch=${BENCH_BATCH:-1000}
connections=${BENCH_CONNECTIONS:-4}
spike_every=${BENCH_SPIKE_EVERY:-20000}
copy_rows=${BENCH_COPY_ROWS:-2000000}
anchor_runs=${BENCH_ANCHOR_RUNS:-2}
mqtt_rates=${BENCH_MQTT_RATES-50000 200000}
mqtt_seconds=${BENCH_MQTT_SECONDS:-$duration}
mqtt_seconds=${mqtt_seconds%s}
probe_interval=${BENCH_PROBE_INTERVAL:-0.5}
databases=${BENCH_DATABASES:-sqlite postgresql}
bin=${FENGHUO_BIN:-$root/build/release/fenghuo}
pg_bin=${FENGHUO_PG_BIN:-/usr/lib/postgresql/15/bin}
threads=$connections  # one connection per wrk thread: a series' batches arrive in order (readings.lua)
target_sqlite_rps=100000 target_pg_ratio=0.5 target_latency_ms=1000

die() { echo "bench/readings: $*" >&2; exit 2; }
for v in duration warmup batch connections spike_every copy_rows anchor_runs mqtt_seconds; do
  [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a whole number (got '${!v}')"
done
((duration > 0 && connections > 0 && copy_rows > 0 && anchor_runs > 0 && mqtt_seconds > 0)) ||
  die "durations, connections, rows and anchor runs must be > 0"
((batch >= 1 && batch <= 10000)) || die "BENCH_BATCH must be 1 to 10000 (the server's limit per batch)"
[[ $probe_interval =~ ^[0-9]*\.?[0-9]+$ ]] || die "BENCH_PROBE_INTERVAL must be a number of seconds"
for r in $mqtt_rates; do [[ $r =~ ^[1-9][0-9]*$ ]] || die "BENCH_MQTT_RATES must list whole numbers (got '$r')"; done
for d in $databases; do [[ $d == sqlite || $d == postgresql ]] || die "BENCH_DATABASES: sqlite and/or postgresql, not '$d'"; done
[[ -n $databases ]] || die "BENCH_DATABASES is empty"
[[ -x $bin ]] || die "no server binary at $bin (make build)"
command -v wrk >/dev/null || die "wrk is missing (scripts/install-deps.sh --bench)"
command -v python3 >/dev/null || die "python3 is missing"
command -v sqlite3 >/dev/null || die "the sqlite3 shell is missing (scripts/install-deps.sh --bench)"
if [[ $databases == *postgresql* ]]; then
  [[ -x $pg_bin/psql ]] || die "no PostgreSQL 15 at $pg_bin (scripts/install-deps.sh installs postgresql-15)"
fi
if [[ -n ${mqtt_rates// /} ]]; then
  command -v mosquitto >/dev/null || [[ -x /usr/sbin/mosquitto ]] ||
    die "mosquitto is missing (scripts/install-deps.sh installs it)"
  command -v mosquitto_pub >/dev/null || die "mosquitto_pub is missing (mosquitto-clients; scripts/install-deps.sh --bench)"
fi

t0=$SECONDS
step() { printf '[%4ds] %s\n' $((SECONDS - t0)) "$*"; }
now_ms() { date +%s%3N; }

tmp=$(mktemp -d -t fenghuo-bench-rd.XXXXXX)
chmod 755 "$tmp"  # as root the PostgreSQL server runs as `postgres` and needs to reach pg/
pg_dir=$tmp/pg mqtt_dir=$tmp/mqtt
server_pid='' child_pid='' probe_pid='' gen_pid='' pub_pid='' pg_started='' mqtt_started=''
cleanup() {
  [[ -n $child_pid ]] && { stop_pid "$child_pid" 5 || true; }
  [[ -n $probe_pid ]] && { stop_pid "$probe_pid" 5 || true; }
  [[ -n $gen_pid ]] && { stop_pid "$gen_pid" 5 || true; }
  [[ -n $pub_pid ]] && { stop_pid "$pub_pid" 5 || true; }
  [[ -n $server_pid ]] && { stop_pid "$server_pid" 15 || true; }
  [[ -n $mqtt_started ]] && { scripts/mqtt-test-broker.sh stop "$mqtt_dir" >/dev/null 2>&1 || true; }
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

# --- Shared: one Mosquitto for both databases, a port for the server.
mqtt_url=''
if [[ -n ${mqtt_rates// /} ]]; then
  mqtt_started=yes
  mqtt_url=$(scripts/mqtt-test-broker.sh start "$mqtt_dir" 2>"$tmp/mqtt-start.log") ||
    { cat "$tmp/mqtt-start.log" >&2; die "could not start Mosquitto"; }
fi
port=$(free_port)
base=http://127.0.0.1:$port

db=''       # sqlite | postgresql: the database being measured
db_url=''
fenghuo_env() {
  echo FENGHUO_SERVER_HOST=127.0.0.1 "FENGHUO_SERVER_PORT=$port" "FENGHUO_DATABASE_URL=$db_url" \
    "FENGHUO_STORAGE_PATH=$tmp/$db-data" "FENGHUO_SMS_OUTBOX_PATH=$tmp/$db-outbox.jsonl" \
    "FENGHUO_WEB_ROOT=$root/web/dist" FENGHUO_LOG_ACCESS=false \
    ${mqtt_url:+"FENGHUO_MONITORING_MQTT_URL=$mqtt_url"}
}
fenghuo() {  # fenghuo ARGS...: a fenghuo command on the current database, in $tmp
  local env_list
  read -ra env_list <<<"$(fenghuo_env)"
  in_background env "${env_list[@]}" "$bin" "$@"
}
start_server() {
  local env_list
  read -ra env_list <<<"$(fenghuo_env)"
  (cd "$tmp" && exec env "${env_list[@]}" "$bin" serve >"$tmp/$db-serve.log" 2>&1) &
  server_pid=$!
  if ! wait_http "$base/api/v1/health" 120; then
    cat "$tmp/$db-serve.log" >&2
    die "fenghuo ($db) did not answer $base/api/v1/health within 120 s"
  fi
}
stop_server() {
  local rc=0
  stop_pid "$server_pid" 30 || rc=$?
  server_pid=''
  ((rc == 0)) || echo "bench/readings: note: fenghuo ($db) exited with status $rc on SIGTERM (expected 0)" >&2
}

psql_admin=() psql_app=()
# The server's stored readings: `readings`, plus `readings_inbox` where the schema has one (the
# server may append there and move rows into `readings` later); one statement, one snapshot.
readings_sql='select count(*) from readings'
count_rows() {  # count_rows [TABLE]: the stored readings (or the rows of TABLE)
  local sql=$readings_sql
  [[ -n ${1:-} ]] && sql="select count(*) from $1"
  if [[ $db == sqlite ]]; then
    sqlite3 -readonly "$tmp/sqlite.db" "$sql"
  else
    "${psql_app[@]}" -At -c "$sql"
  fi
}
has_inbox=0
set_readings_sql() {
  if [[ $db == sqlite ]]; then
    has_inbox=$(sqlite3 -readonly "$tmp/sqlite.db" "select count(*) from sqlite_master where name = 'readings_inbox'")
  else
    has_inbox=$("${psql_app[@]}" -At -c "select count(*) from pg_tables where tablename = 'readings_inbox'")
  fi
  readings_sql='select count(*) from readings'
  ((has_inbox == 0)) || readings_sql='select (select count(*) from readings) + (select count(*) from readings_inbox)'
}
# settled_rows: the stored readings once their count has stopped changing (batches still in
# flight when a load stops are committed a little later).
settled_rows() {
  local n m deadline=$((SECONDS + 60))
  n=$(count_rows)
  while ((SECONDS < deadline)); do
    sleep 0.5
    m=$(count_rows)
    ((m == n)) && { echo "$n"; return 0; }
    n=$m
  done
  die "$db: the stored readings kept changing for a minute after the load"
}
# inbox_drain FROM_MS: seconds from FROM_MS until readings_inbox is empty (0 without one):
# readings the server took in but has still to move into `readings`.
inbox_drain() {
  local deadline=$((SECONDS + 300))
  ((has_inbox)) || { echo 0; return 0; }
  while ((SECONDS < deadline)); do
    if (($(count_rows readings_inbox) == 0)); then
      awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }'
      return 0
    fi
    sleep 0.2
  done
  die "$db: readings_inbox still not empty five minutes after the load"
}

# CPU accounting from /proc: cpu_snap FILE PID... writes "tid program/name ticks" for every
# thread of those processes (name: the thread's name, mosquitto_loop being the server's MQTT
# thread; for PostgreSQL the process's role: backend, walwriter, checkpointer, ...);
# cpu_diff BEFORE AFTER SECONDS prints per program its CPU in % of one core and that of each
# thread or process above 5%.
cpu_snap() {
  local out=$1 pid task stat prog role
  shift
  : >"$out"
  for pid in "$@"; do
    prog=$(cat "/proc/$pid/comm" 2>/dev/null) || continue
    role=''
    if [[ $prog == postgres ]]; then
      role=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || continue
      case $role in
        *'127.0.0.1('* | *'[local]'*) role=backend ;;
        'postgres: '*) role=${role#postgres: }; role=${role%% process*}; role=${role// /_} ;;
        *) role=postmaster ;;
      esac
    fi
    for task in /proc/"$pid"/task/*; do
      stat=$(cat "$task/stat" 2>/dev/null) || continue
      awk -v tid="${task##*/}" -v prog="$prog" -v role="$role" -v s="$stat" 'BEGIN {
        i = index(s, ") "); comm = substr(s, index(s, "(") + 1, i - index(s, "(") - 1)
        gsub(/ /, "_", comm); split(substr(s, i + 2), f, " ")
        print tid, prog "/" (role != "" ? role : comm), f[12] + f[13] }' >>"$out"
    done
  done
}
cpu_diff() {
  awk -v secs="$3" -v hz="$(getconf CLK_TCK)" '
    NR == FNR { before[$1] = $3; next }
    { d = $3 - ($1 in before ? before[$1] : 0); pct = d / hz / secs * 100
      split($2, pn, "/"); total[pn[1]] += pct; count[pn[1]]++
      if (pct >= 5) list[pn[1]] = list[pn[1]] sprintf(", %s %.0f", pn[2], pct) }
    END { for (p in total) printf "%s %.0f%% of a core in %d threads/processes%s\n", p, total[p], count[p],
            (p in list) ? "; over 5%: " substr(list[p], 3) : "" }' "$1" "$2" | sort
}
pg_pids() {  # the postmaster and its children
  local pm
  pm=$(head -1 "$pg_dir/data/postmaster.pid" 2>/dev/null) || return 0
  echo "$pm" "$(ps -o pid= --ppid "$pm" 2>/dev/null | tr -s ' \n' ' ' || true)"
}

# The readings of the HTTP load, also as CSV for the anchors: make_series writes
# $tmp/$db-series.tsv (see readings.lua) and $tmp/$db-probe.env, from the API's station list.
make_series() {
  curl -fsS -H "Authorization: Bearer $token" "$base/api/v1/monitoring/stations?limit=2000" >"$tmp/$db-stations.json" ||
    die "GET /api/v1/monitoring/stations failed"
  curl -fsS -H "Authorization: Bearer $token" "$base/api/v1/monitoring/catalogue" >"$tmp/$db-catalogue.json" ||
    die "GET /api/v1/monitoring/catalogue failed"
  if [[ $db == sqlite ]]; then
    sqlite3 -readonly -separator ' ' "$tmp/sqlite.db" 'select station_id, metric from station_metrics' >"$tmp/$db-pairs.txt"
  else
    "${psql_app[@]}" -At -F ' ' -c 'select station_id, metric from station_metrics' >"$tmp/$db-pairs.txt"
  fi
  python3 - "$tmp/$db-stations.json" "$tmp/$db-catalogue.json" "$tmp/$db-pairs.txt" \
    "$tmp/$db-series.tsv" "$tmp/$db-probe.env" <<'EOF'
import json, sys
from datetime import datetime
stations_f, catalogue_f, pairs_f, series_f, probe_f = sys.argv[1:6]
stations = json.load(open(stations_f))["items"]
catalogue = json.load(open(catalogue_f))["metrics"]
# The catalogue lists the metrics by number (monitoring/catalogue.cpp); check that against the
# database's (station, metric number) pairs before using it for the anchors' CSV.
metric_id = {m["code"]: i + 1 for i, m in enumerate(catalogue)}
computed = {m["code"] for m in catalogue if m.get("source")}
db_pairs = {tuple(map(int, l.split())) for l in open(pairs_f) if l.strip()}
api_pairs = {(int(s["id"]), metric_id[m["metric"]]) for s in stations for m in s["metrics"]}
if db_pairs != api_pairs:
    sys.exit(f"metric numbers: the API's station metrics ({len(api_pairs)}) do not match "
             f"station_metrics ({len(db_pairs)}) when numbered in catalogue order")

def plan(m):
    """normal value, jitter, spike (a value past the first threshold or None)."""
    hi = lo = rate = None
    spike = None
    margin = 0.0
    for r in m["rules"]:
        if r["kind"] in ("above", "below"):
            values = [t["value"] for t in r["thresholds"]]
            first = min(values) if r["kind"] == "above" else max(values)
            margin = max(margin, 2 * r.get("deadband", 0), 0.1 * abs(first))
            if r["kind"] == "above":
                hi = first if hi is None else min(hi, first)
            else:
                lo = first if lo is None else max(lo, first)
            spike = first if spike is None else spike
        elif r["kind"] == "rate":
            v = min(t["value"] for t in r["thresholds"])
            rate = v if rate is None else min(rate, v)
    if hi is not None and lo is not None:
        # A narrow normal band (furnace 1400-1560) keeps a quarter of its width either side.
        margin = min(margin, (hi - lo) / 4)
    last = (m.get("last") or {}).get("value")
    lo_ok = (lo + margin) if lo is not None else float("-inf")
    hi_ok = (hi - margin) if hi is not None else float("inf")
    if last is not None and lo_ok < last < hi_ok:
        normal = last
    elif hi is not None and lo is not None:
        normal = (hi + lo) / 2
    elif hi is not None:
        normal = hi * 0.5 if hi > 0 else hi - 10
    elif lo is not None:
        normal = lo * 1.5 if lo > 0 else lo + 10
    else:
        normal = last if last is not None else 10.0
    jitter = max(abs(normal) * 0.01, 0.001)
    room = min(normal - lo_ok, hi_ok - normal)
    if room != float("inf"):
        jitter = min(jitter, room / 4)
    if rate is not None:
        jitter = min(jitter, rate / 4)
    if not (lo_ok < normal - jitter and normal + jitter < hi_ok):
        sys.exit(f"no normal band for {m['metric']} with rules {m['rules']}")
    return normal, jitter, spike

# The probe: the first mine station (by code) with an "above" rule that has a red level.
probe = None
for s in sorted(stations, key=lambda s: s["code"]):
    if s["theme"] != "mine" or probe:
        continue
    for m in s["metrics"]:
        for r in m["rules"]:
            reds = [t["value"] for t in r["thresholds"] if t["level"] == "red"] if r["kind"] == "above" else []
            if reds and probe is None:
                normal, _, _ = plan(m)
                red = reds[0]
                high = red + max(r.get("deadband", 0), 0.2 * abs(red), 0.01)
                probe = dict(PROBE_STATION=s["code"], PROBE_STATION_ID=s["id"], PROBE_METRIC=m["metric"],
                             PROBE_THEME=s["theme"], PROBE_HIGH=f"{high:.4f}", PROBE_LOW=f"{normal:.4f}",
                             PROBE_RED=f"{red:g}")
if probe is None:
    sys.exit("no mine station with a red 'above' threshold for the latency probe")

newest = 0
series = 0
with open(series_f, "w") as out:
    for s in sorted(stations, key=lambda s: int(s["id"])):
        for m in s["metrics"]:
            last = m.get("last")
            if last:
                t = datetime.fromisoformat(last["time"].replace("Z", "+00:00"))
                newest = max(newest, int(t.timestamp() * 1000))
            if s["code"] == probe["PROBE_STATION"] or m["metric"] in computed:
                continue  # computed metrics (rain_1h ... sums of rain) are not reported
            normal, jitter, spike = plan(m)
            out.write(f"{s['id']}\t{metric_id[m['metric']]}\t{s['code']}\t{m['metric']}\t"
                      f"{normal:.6g}\t{jitter:.6g}\t{'-' if spike is None else f'{spike:.6g}'}\n")
            series += 1
probe["DEMO_NEWEST_MS"] = newest
probe["SERIES"] = series
probe["STATIONS"] = len(stations)
with open(probe_f, "w") as out:
    for k, v in probe.items():
        out.write(f"{k}={v}\n")
EOF
}

# make_csv FILE ROWS BASE_MS: the HTTP load's rows (same series, order, times and values).
make_csv() {
  python3 - "$tmp/$db-series.tsv" "$1" "$2" "$3" "$spike_every" <<'EOF'
import random, sys
series_f, out_f, rows, base, spike_every = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
series = []
for line in open(series_f):
    sid, mid, _code, _metric, normal, jitter, spike = line.rstrip("\n").split("\t")
    series.append((sid, mid, float(normal), float(jitter), None if spike == "-" else float(spike)))
rng = random.Random(6)
n_series = len(series)
with open(out_f, "w") as out:
    buf = []
    for n in range(rows):
        sid, mid, normal, jitter, spike = series[n % n_series]
        if spike is not None and spike_every and rng.randrange(spike_every) == 0:
            v = spike
        else:
            v = normal + jitter * (2 * rng.random() - 1)
        buf.append(f"{sid},{mid},{base + n // n_series},{v:.6g}\n")
        if len(buf) >= 100000:
            out.write("".join(buf)); buf = []
    out.write("".join(buf))
EOF
}

# Sign in as the demo administrator; an API token with readings.write and monitoring.read.
sign_in() {
  curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' \
    -d '{"phone":"13800138000"}' "$base/api/v1/auth/sms-code" || die "POST /api/v1/auth/sms-code failed"
  local code session
  code=$(python3 -c '
import json, re, sys
lines = [l for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
print(re.search(r"\b\d{6}\b", json.loads(lines[-1])["text"]).group())' "$tmp/$db-outbox.jsonl") ||
    die "no sign-in code in the SMS outbox"
  session=$(curl -fsS -X POST -H 'Content-Type: application/json' \
    -d "{\"phone\":\"13800138000\",\"code\":\"$code\"}" "$base/api/v1/auth/login" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])') || die "sign-in failed"
  token=$(curl -fsS -X POST -H "Authorization: Bearer $session" -H 'Content-Type: application/json' \
    -d '{"name":"bench","scopes":["readings.write","monitoring.read"]}' "$base/api/v1/api-tokens" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])') || die "creating an API token failed"
}

wrk_cmd() {  # wrk_cmd SECONDS BASE_MS
  echo env "BENCH_SERIES=$tmp/$db-series.tsv" "BENCH_THREADS=$threads" "BENCH_BASE_MS=$2" \
    "BENCH_BATCH=$batch" "BENCH_SPIKE_EVERY=$spike_every" \
    wrk -t"$threads" -c"$connections" -d"$1"s --timeout 30s --latency -s bench/readings.lua "$base"
}
# run_wrk NAME SECONDS: one load run from after the newest reading sent so far. Sets
# w_accepted, w_sent, w_rps (accepted readings/s), w_req (requests/s), w_p50/w_p99 (ms per
# batch), w_cpu (wrk's own CPU, % of one core), next_base.
next_base=0
run_wrk() {
  local name=$1 secs=$2 out line cmd start_base wrk_user wrk_sys
  start_base=$(( $(now_ms) > next_base ? $(now_ms) : next_base ))
  read -ra cmd <<<"$(wrk_cmd "$secs" "$start_base")"
  out=$( { TIMEFORMAT='WRKCPU %U %S'; time BENCH_TOKEN=$token "${cmd[@]}"; } 2>&1) ||
    { echo "$out" >&2; die "wrk ($db $name) failed"; }
  echo "$out" >"$tmp/$db-wrk-$name.txt"
  line=$(grep '^BENCH ' <<<"$out") || { echo "$out" >&2; die "wrk ($db $name) printed no BENCH line"; }
  if grep -qE 'Non-2xx|Socket errors' <<<"$out" || ! grep -q ' errors=0 ' <<<"$line" ||
    ! grep -q ' rejected=0 bad_answers=0 ' <<<"$line"; then
    echo "$out" >&2
    die "errors, refused readings or unreadable answers during the wrk run above ($db $name)"
  fi
  read -r wrk_user wrk_sys < <(sed -n 's/^WRKCPU //p' <<<"$out")
  eval "$(awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); printf "wv_%s=%s\n", kv[1], kv[2] } }' <<<"$line")"
  # shellcheck disable=SC2154  # wv_* come from the BENCH line
  {
    w_accepted=$wv_accepted w_sent=$wv_sent w_dup=$wv_duplicates
    w_rps=$(awk -v a="$wv_accepted" -v d="$wv_duration_us" 'BEGIN { printf "%.0f", a / (d / 1e6) }')
    w_req=$(awk -v a="$wv_requests" -v d="$wv_duration_us" 'BEGIN { printf "%.1f", a / (d / 1e6) }')
    w_p50=$(awk -v v="$wv_p50_us" 'BEGIN { printf "%.1f", v / 1000 }')
    w_p99=$(awk -v v="$wv_p99_us" 'BEGIN { printf "%.1f", v / 1000 }')
    w_cpu=$(awk -v u="$wrk_user" -v s="$wrk_sys" -v d="$wv_duration_us" 'BEGIN { printf "%.0f", (u + s) / (d / 1e6) * 100 }')
    next_base=$((wv_last_ts + 1))
  }
}

declare -A R  # results: R[db.key]

echo "Readings ingestion: fenghuo POST /api/v1/readings and MQTT (rules, durable storage) vs the database's bulk load"
echo "  fenghuo: $(cd "$tmp" && "$bin" version), release build, access log off, threads = cores"
echo "  machine: $(nproc) cores, $(awk '/^MemTotal:/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo)," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg) at the start; the server, wrk, the probe, the MQTT publisher," \
  "Mosquitto and PostgreSQL all share these cores"
echo "  load: wrk -t$threads -c$connections, ${duration}s runs (warm-up ${warmup}s), batches of $batch readings," \
  "1 in $spike_every past a threshold; anchors $copy_rows rows (best of $anchor_runs runs); MQTT rates: ${mqtt_rates:-skipped}, ${mqtt_seconds}s each"

run_db() {
  db=$1
  local rows_before rows_after pre_rows anchor_ms anchor_rps
  if [[ $db == sqlite ]]; then
    db_url=sqlite:$tmp/sqlite.db
  else
    step "starting a throwaway PostgreSQL cluster ..."
    pg_started=yes
    local pg_admin
    pg_admin=$(scripts/pg-test-cluster.sh start "$pg_dir" 2>"$tmp/pg-start.log") ||
      { cat "$tmp/pg-start.log" >&2; die "could not start PostgreSQL"; }
    psql_admin=("$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 "$pg_admin")
    "${psql_admin[@]}" -c 'create database fenghuo'
    db_url=${pg_admin%/postgres}/fenghuo
    psql_app=("$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 "$db_url")
    R[pg.version]=$("${psql_app[@]}" -At -c 'show server_version')
  fi

  step "$db: migrate, demo-data, start the server ..."
  fenghuo migrate >"$tmp/$db-migrate.log" 2>&1 || { cat "$tmp/$db-migrate.log" >&2; die "migrate ($db) failed"; }
  fenghuo demo-data >"$tmp/$db-demo.log" 2>&1 || { cat "$tmp/$db-demo.log" >&2; die "demo-data ($db) failed"; }
  set_readings_sql
  start_server
  sign_in
  make_series || die "preparing the series ($db) failed"
  # shellcheck disable=SC1090
  source "$tmp/$db-probe.env"
  next_base=$((DEMO_NEWEST_MS + 1))
  step "$db: $STATIONS stations, $SERIES series under load; probe: $PROBE_STATION $PROBE_METRIC" \
    "(red at $PROBE_RED: $PROBE_HIGH / $PROBE_LOW)"

  # The anchor: the database's own bulk load of the load's rows, server idle; the best of
  # BENCH_ANCHOR_RUNS runs, each into a fresh table holding the demo readings.
  make_csv "$tmp/rows.csv" "$copy_rows" "$next_base" || die "writing the CSV failed"
  local run t_start t_end anchor_runs_ms=()
  for ((run = 1; run <= anchor_runs; run++)); do
    if [[ $db == sqlite ]]; then
      rm -f "$tmp/ref.db" "$tmp/ref.db-wal" "$tmp/ref.db-shm"
      sqlite3 -readonly "$tmp/sqlite.db" '.schema readings' >"$tmp/ref-schema.sql"
      cat >"$tmp/ref-setup.sql" <<EOF
PRAGMA journal_mode=WAL;
.read $tmp/ref-schema.sql
ATTACH 'file:$tmp/sqlite.db?mode=ro' AS src;
INSERT INTO readings SELECT * FROM src.readings;
DETACH src;
EOF
      in_background sqlite3 "$tmp/ref.db" ".read $tmp/ref-setup.sql" >/dev/null || die "sqlite3 reference setup failed"
      pre_rows=$(sqlite3 "$tmp/ref.db" 'select count(*) from readings')
      t_start=$(now_ms)
      in_background sqlite3 "$tmp/ref.db" ".import --csv $tmp/rows.csv readings" || die "sqlite3 .import failed"
      t_end=$(now_ms)
      [[ $(sqlite3 "$tmp/ref.db" 'select count(*) from readings') == $((pre_rows + copy_rows)) ]] ||
        die "sqlite3 .import did not store all $copy_rows rows"
      R[$db.anchor_cmd]="sqlite3 ref.db \".import --csv rows.csv readings\"  (WAL, schema of the server's table, demo rows in it first)"
      rm -f "$tmp/ref.db" "$tmp/ref.db-wal" "$tmp/ref.db-shm"
    else
      "${psql_app[@]}" -c 'set client_min_messages = warning' -c 'drop table if exists readings_copy' -c 'create table readings_copy (like readings including all)' \
        -c 'insert into readings_copy select * from readings' -c 'checkpoint'
      pre_rows=$(count_rows readings_copy)
      t_start=$(now_ms)
      in_background "${psql_app[@]}" -c "\\copy readings_copy from '$tmp/rows.csv' with (format csv)" ||
        die "\\copy failed"
      t_end=$(now_ms)
      [[ $(count_rows readings_copy) == $((pre_rows + copy_rows)) ]] || die "\\copy did not store all $copy_rows rows"
      local kind note=''
      kind=$("${psql_app[@]}" -At -c "select relkind from pg_class where relname = 'readings'")
      [[ $kind == p ]] && note="; readings is partitioned, readings_copy a plain table with its columns and key: the anchor's best shot"
      R[$db.anchor_cmd]="psql $db_url -c \"\\copy readings_copy from 'rows.csv' with (format csv)\"  (readings_copy: LIKE readings INCLUDING ALL, demo rows in it first$note)"
      "${psql_app[@]}" -c 'drop table readings_copy' -c 'checkpoint'
    fi
    anchor_runs_ms+=($((t_end - t_start)))
  done
  rm -f "$tmp/rows.csv"
  anchor_ms=$(printf '%s\n' "${anchor_runs_ms[@]}" | sort -n | head -1)
  anchor_rps=$(awk -v n="$copy_rows" -v ms="$anchor_ms" 'BEGIN { printf "%.0f", n / (ms / 1000) }')
  R[$db.anchor_rps]=$anchor_rps R[$db.anchor_s]=$(awk -v ms="$anchor_ms" 'BEGIN { printf "%.1f", ms / 1000 }')
  step "$db: anchor: $copy_rows rows in ${R[$db.anchor_s]}s = $anchor_rps rows/s (best of runs of" \
    "$(printf '%s ' "${anchor_runs_ms[@]}")ms)"

  # HTTP.
  if ((warmup > 0)); then
    step "$db: HTTP warm-up (${warmup}s)"
    run_wrk warmup "$warmup"
  fi
  rows_before=$(settled_rows)
  rm -f "$tmp/probe-ready"
  python3 bench/readings-probe.py --port "$port" --token "$token" --theme "$PROBE_THEME" \
    --station "$PROBE_STATION" --metric "$PROBE_METRIC" --high "$PROBE_HIGH" --low "$PROBE_LOW" \
    --interval "$probe_interval" --seconds "$duration" --ready "$tmp/probe-ready" \
    >"$tmp/$db-probe.txt" 2>"$tmp/$db-probe.err" &
  probe_pid=$!
  local i
  for ((i = 0; i < 150; i++)); do
    [[ -e $tmp/probe-ready ]] && break
    alive "$probe_pid" || break
    sleep 0.1
  done
  [[ -e $tmp/probe-ready ]] || { cat "$tmp/$db-probe.err" >&2; die "the alarm probe ($db) did not start"; }
  rows_before=$((rows_before + 1))  # the probe's priming reading
  step "$db: HTTP load (${duration}s) with the alarm probe; each batch: $batch readings of" \
    "$(( (SERIES + threads - 1) / threads )) series (its wrk thread's share), times 1 ms apart per series"
  local pids
  pids=("$server_pid")
  [[ $db == postgresql ]] && read -ra pids <<<"$server_pid $(pg_pids)"
  cpu_snap "$tmp/cpu-before" "${pids[@]}"
  local cpu_t0 cpu_t1
  cpu_t0=$(now_ms)
  run_wrk http "$duration"
  cpu_snap "$tmp/cpu-after" "${pids[@]}"
  cpu_t1=$(now_ms)
  local inbox_left=0 drain_s
  ((has_inbox)) && inbox_left=$(count_rows readings_inbox)
  drain_s=$(inbox_drain "$cpu_t1")
  R[$db.cpu]=$(cpu_diff "$tmp/cpu-before" "$tmp/cpu-after" "$(awk -v a="$cpu_t0" -v b="$cpu_t1" 'BEGIN { print (b - a) / 1000 }')")
  local rc=0
  wait "$probe_pid" || rc=$?
  probe_pid=''
  ((rc == 0)) || { cat "$tmp/$db-probe.err" >&2; die "the alarm probe ($db) failed (status $rc)"; }
  local probe_line
  probe_line=$(grep '^PROBE ' "$tmp/$db-probe.txt") || { cat "$tmp/$db-probe.err" >&2; die "the alarm probe ($db) printed nothing"; }
  eval "$(awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); printf "pv_%s=%s\n", kv[1], kv[2] } }' <<<"$probe_line")"
  # shellcheck disable=SC2154  # pv_* come from the PROBE line
  {
    R[$db.lat_p50]=$pv_p50_ms R[$db.lat_p99]=$pv_p99_ms R[$db.lat_max]=$pv_max_ms
    R[$db.lat_sent]=$pv_sent R[$db.lat_matched]=$pv_matched R[$db.lat_missing]=$pv_missing
    R[$db.post_p50]=$pv_post_p50_ms R[$db.post_max]=$pv_post_max_ms R[$db.post_errors]=$pv_post_errors
  }
  rows_after=$(settled_rows)
  # Rows stored = readings accepted + the probe's; requests still in flight when wrk stopped
  # may have been stored without wrk reading the answer (at most one batch per connection).
  local stored=$((rows_after - rows_before)) expected=$((w_accepted + pv_sent))
  R[$db.rows_check]="rows +$stored, accepted $w_accepted + probe $pv_sent"
  if ((stored < expected || stored > expected + connections * batch)) || ((w_dup != 0)); then
    die "$db: the database gained $stored rows; wrk's answers accepted $w_accepted (+ $pv_sent probe readings," \
      "$w_dup duplicates): the figure would not be what was stored"
  fi
  # With an inbox the figure counts only if the server kept moving readings out of it (empty
  # within 3 s of the load); else what counts is the rate including the time it took to drain.
  local sustained
  sustained=$(awk -v a="$w_accepted" -v d="$duration" -v s="$drain_s" 'BEGIN { printf "%.0f", a / (d + s) }')
  R[$db.http_counted]=$w_rps R[$db.drain]=$drain_s R[$db.sustained]=$sustained
  if awk -v s="$drain_s" 'BEGIN { exit !(s > 3) }'; then R[$db.http_counted]=$sustained; fi
  R[$db.http_rps]=$w_rps R[$db.http_req]=$w_req R[$db.http_p50]=$w_p50 R[$db.http_p99]=$w_p99 R[$db.wrk_cpu]=$w_cpu
  R[$db.http_accepted]=$w_accepted R[$db.http_sent]=$w_sent
  printf '         %s readings/s accepted (%s batches/s, batch p50 %s ms, p99 %s ms); wrk CPU %s%% of a core\n' \
    "$w_rps" "$w_req" "$w_p50" "$w_p99" "$w_cpu"
  printf '         alarm latency p50 %s ms, p99 %s ms, max %s ms (%s of %s events; probe POST p50 %s ms, max %s ms)\n' \
    "$pv_p50_ms" "$pv_p99_ms" "$pv_max_ms" "$pv_matched" "$pv_sent" "$pv_post_p50_ms" "$pv_post_max_ms"
  if ((has_inbox)) && [[ $db == sqlite || $inbox_left != 0 ]]; then
    printf '         readings_inbox: %s rows when the load stopped, empty %ss later; accepted / (%ss + that) = %s/s\n' \
      "$inbox_left" "$drain_s" "$duration" "$sustained"
  fi
  while IFS= read -r l; do echo "         cpu: $l"; done <<<"${R[$db.cpu]}"

  # MQTT: bench/readings-mqtt.py's messages through mosquitto_pub -l (QoS 1) and Mosquitto.
  local rate mqtt_port=${mqtt_url##*:}
  for rate in $mqtt_rates; do
    step "$db: MQTT: $rate readings/s for ${mqtt_seconds}s"
    local n0 pub_start samples=$tmp/$db-mqtt-$rate.samples pub_base
    n0=$(settled_rows)
    pub_base=$(( $(now_ms) > next_base ? $(now_ms) : next_base ))
    R[$db.mqtt_cmd]="python3 bench/readings-mqtt.py --series $tmp/$db-series.tsv --rate R --seconds $mqtt_seconds --base MS --spike-every $spike_every | mosquitto_pub -h 127.0.0.1 -p $mqtt_port -t fenghuo/readings/bench -q 1 -l"
    # Two children joined by a FIFO (not a pipeline) so that the traps can stop each by its id.
    rm -f "$tmp/mqtt.fifo"
    mkfifo "$tmp/mqtt.fifo"
    python3 bench/readings-mqtt.py --series "$tmp/$db-series.tsv" --rate "$rate" --seconds "$mqtt_seconds" \
      --base "$pub_base" --spike-every "$spike_every" >"$tmp/mqtt.fifo" 2>"$tmp/$db-mqttgen-$rate.txt" &
    gen_pid=$!
    mosquitto_pub -h 127.0.0.1 -p "$mqtt_port" -t fenghuo/readings/bench -q 1 -l \
      <"$tmp/mqtt.fifo" 2>"$tmp/$db-mqttpub-$rate.err" &
    pub_pid=$!
    pub_start=$(now_ms)
    echo "$pub_start $n0" >"$samples"
    cpu_snap "$tmp/cpu-before" "${pids[@]}"
    local pub_end='' last_n=$n0 still=0 t n deadline=$((SECONDS + mqtt_seconds + 180))
    while ((SECONDS < deadline)); do
      sleep 1
      t=$(now_ms)
      n=$(count_rows)
      echo "$t $n" >>"$samples"
      if [[ -z $pub_end ]] && ! alive "$pub_pid"; then
        pub_end=$t
        rc=0
        wait "$pub_pid" || rc=$?
        pub_pid=''
        wait "$gen_pid" || rc=$((rc ? rc : $?))
        gen_pid=''
        ((rc == 0)) || { cat "$tmp/$db-mqttgen-$rate.txt" "$tmp/$db-mqttpub-$rate.err" >&2; die "the MQTT publisher ($db, rate $rate) failed (status $rc)"; }
      fi
      if ((n == last_n)); then still=$((still + 1)); else still=0; fi
      last_n=$n
      if ((still == 1)) && [[ -n $pub_end && -z ${R[$db.mqtt_cpu.$rate]:-} ]]; then
        cpu_snap "$tmp/cpu-after" "${pids[@]}"
        R[$db.mqtt_cpu.$rate]=$(cpu_diff "$tmp/cpu-before" "$tmp/cpu-after" "$(awk -v a="$pub_start" -v b="$t" 'BEGIN { print (b - a) / 1000 }')")
      fi
      [[ -n $pub_end ]] && ((still >= 3)) && break
    done
    [[ -n $pub_end ]] || die "the MQTT publisher ($db, rate $rate) did not finish"
    # The sum of both tables settled; what is still in the inbox has yet to be moved.
    local mqtt_drain
    mqtt_drain=$(inbox_drain "$(now_ms)")
    ((still >= 3)) || die "the stored rows ($db, rate $rate) were still growing three minutes after the publisher ended"
    local gen
    gen=$(grep '^MQTTGEN ' "$tmp/$db-mqttgen-$rate.txt") || { cat "$tmp/$db-mqttgen-$rate.txt" >&2; die "readings-mqtt.py ($db) printed nothing"; }
    eval "$(awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); printf "gv_%s=%s\n", kv[1], kv[2] } }' <<<"$gen")"
    # shellcheck disable=SC2154  # gv_* come from the MQTTGEN line
    next_base=$((gv_last_ts + 1))
    # Stored per second: from the publisher's start to the later of its end and the sample
    # that first showed the final count; the peak over any 3 s of samples; and how long the
    # server went on storing after the publisher had ended (its backlog).
    local summary
    # shellcheck disable=SC2154  # gv_* come from the MQTTGEN line
    summary=$(awk -v n0="$n0" -v t0="$pub_start" -v tend="$pub_end" -v sent="$gv_sent" -v secs="$mqtt_seconds" '
      { t[NR] = $1; n[NR] = $2 }
      END {
        final = n[NR]; for (i = 1; i <= NR; i++) if (n[i] == final) { tf = t[i]; break }
        peak = 0; for (i = 4; i <= NR; i++) { r = (n[i] - n[i-3]) / ((t[i] - t[i-3]) / 1000); if (r > peak) peak = r }
        stored = final - n0; end = tf > tend ? tf : tend
        printf "stored=%d sent=%d offered=%.0f rps=%.0f peak=%.0f lag=%.1f pub_s=%.1f\n", stored, sent,
          sent / secs, stored / ((end - t0) / 1000), peak, (tf > tend ? tf - tend : 0) / 1000, (tend - t0) / 1000 }' "$samples")
    eval "$(tr ' ' '\n' <<<"$summary" | sed 's/^/mv_/')"
    # shellcheck disable=SC2154  # mv_* come from the summary
    {
      ((mv_stored == gv_sent)) || die "MQTT ($db, rate $rate): $gv_sent readings published, $mv_stored stored" \
        "(lost or refused; server log: $tmp/$db-serve.log)"
      # Who set the pace: the server, when its rows kept growing more than 2.5 s after the
      # publisher had ended (a backlog); else the publisher, which either kept to the rate
      # asked (the server kept up: its limit lies higher) or could not (late seconds).
      local limit
      if awk -v l="$mv_lag" 'BEGIN { exit !(l > 2.5) }'; then
        limit="server (behind by ${mv_lag}s: stored/s is its rate)"
      elif awk -v l="$mqtt_drain" 'BEGIN { exit !(l > 3) }'; then
        limit="server (stored all, but readings_inbox took ${mqtt_drain}s more to empty)"
      elif ((gv_late > 0)); then
        limit="publisher ($gv_late of $mqtt_seconds seconds late; the server kept up with what it got)"
      else
        limit="none: the server kept up with the rate asked"
      fi
      R[$db.mqtt.$rate]="$mv_rps $mv_peak $mv_offered $mv_stored $mv_sent $mv_lag $mv_pub_s"
      R[$db.mqtt_limit.$rate]=$limit
      printf '         offered %s/s (%s readings in %s messages); stored all of them, %s/s (peak %s/s over 3 s), done %ss after the publisher; limit: %s\n' \
        "$mv_offered" "$mv_sent" "$gv_messages" "$mv_rps" "$mv_peak" "$mv_lag" "$limit"
    }
    while IFS= read -r l; do echo "         cpu: $l"; done <<<"${R[$db.mqtt_cpu.$rate]}"
  done
  if grep -q 'mqtt: .*refused\|not stored' "$tmp/$db-serve.log"; then
    echo "         note: server log: $(grep -c 'mqtt: .*refused\|not stored' "$tmp/$db-serve.log") MQTT refusals/failures," \
      "first: $(grep -m1 'mqtt: .*refused\|not stored' "$tmp/$db-serve.log" | cut -c1-200)"
  fi

  echo "  commands ($db; BENCH_TOKEN=<API token with readings.write, monitoring.read>, created through the API):"
  echo "    (cd $tmp && env $(fenghuo_env) $bin migrate)   # then demo-data, then serve"
  [[ $db == postgresql ]] && echo "    scripts/pg-test-cluster.sh start $pg_dir    # then: create database fenghuo"
  echo "    ${R[$db.anchor_cmd]}"
  echo "    BENCH_TOKEN=... $(wrk_cmd "$duration" '<after the newest reading>')"
  echo "    python3 bench/readings-probe.py --port $port --token ... --theme $PROBE_THEME --station $PROBE_STATION" \
    "--metric $PROBE_METRIC --high $PROBE_HIGH --low $PROBE_LOW --interval $probe_interval --seconds $duration --ready F"
  [[ -n ${mqtt_rates// /} ]] && echo "    ${R[$db.mqtt_cmd]}"
  stop_server
}

for d in $databases; do run_db "$d"; done

# Results.
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
verdict() { if "$@"; then echo PASS; else echo FAIL; fi; }
echo
printf '  %-11s | %15s %15s %8s %8s | %16s | %6s | %22s\n' database "HTTP accepted/s" "counted/s" "p50 ms" "p99 ms" \
  "bulk load rows/s" ratio "alarm p50/p99/max ms"
for d in $databases; do
  ratio=$(awk -v f="${R[$d.http_counted]}" -v c="${R[$d.anchor_rps]}" 'BEGIN { printf "%.2f", f / c }')
  R[$d.ratio]=$ratio
  printf '  %-11s | %15s %15s %8s %8s | %16s | %6s | %22s\n' "$d" "${R[$d.http_rps]}" "${R[$d.http_counted]}" \
    "${R[$d.http_p50]}" "${R[$d.http_p99]}" "${R[$d.anchor_rps]} ($([[ $d == sqlite ]] && echo .import || echo COPY))" \
    "$ratio" "${R[$d.lat_p50]}/${R[$d.lat_p99]}/${R[$d.lat_max]}"
done
echo "  (counted = accepted/s, or accepted / (run + time for readings_inbox to empty) when that took over 3 s;" \
  "p50/p99: per batch of $batch)"
if [[ -n ${mqtt_rates// /} ]]; then
  echo
  printf '  %-11s | %10s | %10s | %10s | %10s | %6s | %s\n' "MQTT" "rate asked" "offered/s" "stored/s" "peak 3 s/s" "lag s" "what set the pace"
  for d in $databases; do
    for rate in $mqtt_rates; do
      read -r m_rps m_peak m_off _m_stored _m_sent m_lag _m_sim <<<"${R[$d.mqtt.$rate]}"
      printf '  %-11s | %10s | %10s | %10s | %10s | %6s | %s\n' "$d" "$rate" "$m_off" "$m_rps" "$m_peak" "$m_lag" "${R[$d.mqtt_limit.$rate]}"
    done
  done
  echo "  (one message per station per second, as fenghuo simulate sends; stored/s counts rows in the database" \
    "every second, so it also pays for those counts)"
fi
echo
for d in $databases; do
  echo "  $d: ${R[$d.rows_check]}; readings_inbox empty ${R[$d.drain]}s after the load; wrk CPU ${R[$d.wrk_cpu]}% of a core" \
    "(the generator is not the limit when well under 100%)"
done
echo "  load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"

echo
echo "  targets:"
v_all=()
if [[ $databases == *sqlite* ]]; then
  v_sqlite=$(verdict ge "${R[sqlite.http_counted]}" "$target_sqlite_rps")
  printf '    %-56s %-28s %s\n' "HTTP on SQLite >= $target_sqlite_rps readings/s" "${R[sqlite.http_counted]}/s" "$v_sqlite"
  v_all+=("$v_sqlite")
fi
if [[ $databases == *postgresql* ]]; then
  v_pg=$(verdict ge "${R[postgresql.ratio]}" "$target_pg_ratio")
  printf '    %-56s %-28s %s\n' "HTTP on PostgreSQL >= $target_pg_ratio x COPY" \
    "${R[postgresql.http_counted]} / ${R[postgresql.anchor_rps]} = ${R[postgresql.ratio]}" "$v_pg"
  v_all+=("$v_pg")
fi
for d in $databases; do
  v=$(verdict eval "lt '${R[$d.lat_max]}' $target_latency_ms && [[ '${R[$d.lat_missing]}' == 0 && '${R[$d.post_errors]}' == 0 && '${R[$d.lat_matched]}' -gt 0 ]]")
  R[$d.v_lat]=$v
  printf '    %-56s %-28s %s\n' "alarm to WebSocket max < $target_latency_ms ms under the HTTP load ($d)" \
    "${R[$d.lat_max]} ms, ${R[$d.lat_missing]} missing" "$v"
  v_all+=("$v")
done
overall=PASS
for v in "${v_all[@]}"; do [[ $v == PASS ]] || overall=FAIL; done

line="readings"
[[ $databases == *sqlite* ]] && line+="  sqlite http ${R[sqlite.http_counted]}/s ($v_sqlite)  .import ${R[sqlite.anchor_rps]}/s"
[[ $databases == *postgresql* ]] && line+="  pg http ${R[postgresql.http_counted]}/s  COPY ${R[postgresql.anchor_rps]}/s  ratio ${R[postgresql.ratio]} ($v_pg)"
for d in $databases; do
  line+="  alarm $d p50/p99/max ${R[$d.lat_p50]}/${R[$d.lat_p99]}/${R[$d.lat_max]} ms (${R[$d.v_lat]})"
done
line+="  $overall"
mqtt_log=''
for d in $databases; do
  for rate in $mqtt_rates; do
    read -r m_rps _ m_off _ _ _ _ <<<"${R[$d.mqtt.$rate]}"
    m_limit=${R[$d.mqtt_limit.$rate]}
    mqtt_log+=", mqtt $d $m_off/s offered $m_rps/s stored (limit: ${m_limit%%[ :(]*})"
  done
done
echo
echo "$line"

mkdir -p bench/results
commit=$(git rev-parse --short=8 HEAD 2>/dev/null || echo unknown)
echo "$(date -u +%Y-%m-%dT%H:%M:%SZ)  $commit  $line  (batches of $batch, wrk -t$threads -c$connections, ${duration}s runs, $copy_rows rows bulk-loaded$mqtt_log, $(nproc) cores)" \
  >>bench/results/readings.log
step "done"

if [[ $overall == PASS ]]; then exit 0; else exit 1; fi
