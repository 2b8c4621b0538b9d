#!/usr/bin/env bash
# `fenghuo demo-data --scale large` end to end, once, with the release binary (the sanitizer
# build takes about ten minutes for it; the release build well under one): it must finish and
# load what it is designed to load. Run by scripts/test.sh (suite demo-large).
#
#   scripts/demo-large-test.sh [BINARY]     default build/release/fenghuo
#
# Designed counts (server/src/resources/demo.cpp, server/src/app/demo_monitoring.cpp):
#   resources  117 counties x 34 located records a county x 260 = 1,034,280
#   stations   117 counties x 3 stations a county x 260          = 91,260
#   monitored  at most 500 stations, every 183rd                 = 499, each with metrics
#   readings   a day, half-hourly, of those stations' metrics: what the load reports is stored
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
bin=$(realpath "${1:-build/release/fenghuo}")
[[ -x $bin ]] || { echo "demo-large: $bin does not exist (make build builds it)" >&2; exit 2; }
tmp=$(mktemp -d -t fenghuo-demo-large.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export FENGHUO_DATABASE_URL="sqlite:$tmp/fenghuo.db" FENGHUO_STORAGE_PATH="$tmp/data" \
  FENGHUO_MONITORING_MQTT_URL='' FENGHUO_MONITORING_SIMULATE_RATE=0
fail() { echo "demo-large: FAIL: $*" >&2; [[ -f $tmp/demo.log ]] && sed 's/^/  | /' "$tmp/demo.log" >&2; exit 1; }

(cd "$tmp" && "$bin" migrate >"$tmp/migrate.log" 2>&1) || { cat "$tmp/migrate.log" >&2; fail "migrate"; }
started=$SECONDS
(cd "$tmp" && timeout 600 "$bin" demo-data --scale large >"$tmp/demo.log" 2>&1) || fail "demo-data --scale large exited $?"
took=$((SECONDS - started))

grep -q '^demo resources: 1034280 records (large' "$tmp/demo.log" || fail "not 1,034,280 resources"
read -r stations monitored readings metrics < <(python3 - "$tmp/fenghuo.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
q = lambda s: c.execute(s).fetchone()[0]
print(q("SELECT COUNT(*) FROM resources WHERE kind = 'station' AND deleted_at IS NULL"),
      q("SELECT COUNT(DISTINCT station_id) FROM station_metrics"),
      q("SELECT COUNT(*) FROM readings") + q("SELECT COUNT(*) FROM readings_inbox"),
      q("SELECT COUNT(*) FROM station_metrics"))
PY
)
[[ $stations == 91260 ]] || fail "$stations stations, designed 91,260"
[[ $monitored == 499 ]] || fail "$monitored stations with metrics, designed 499"
line=$(grep '^demo monitoring:' "$tmp/demo.log") || fail "no demo monitoring line"
[[ $line == "demo monitoring: 499 stations with metrics and thresholds, a day of readings ($readings)" ]] ||
  fail "the load reported '$line' but $readings readings are stored"
((readings > 499 * 49)) || fail "only $readings readings for 499 stations over a day"
echo "demo-large: PASS in ${took}s: 1,034,280 resources, $stations stations, $monitored with $metrics metrics, $readings readings"
