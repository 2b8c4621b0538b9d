#!/usr/bin/env bash
# Every test suite, in order, against real services. `make test` builds, then calls this.
#
#   scripts/test.sh                            server, web, e2e, demo-large
#   scripts/test.sh server|web|e2e|demo-large  just those suites (several may be named)
#
# Suites:
#   server  GoogleTest binary of the dev build (ASan + UBSan): unit tests and integration
#           tests that start build/dev/fenghuo against SQLite and PostgreSQL
#   web     ESLint and Prettier (npm run lint in web/), then Vitest (npm test in web/)
#   e2e     Chromium browser tests (npm run e2e in web/) against build/release/fenghuo
#   demo-large  `demo-data --scale large` once with build/release/fenghuo: it finishes and loads
#           the designed counts (scripts/demo-large-test.sh; the sanitizer build is too slow)
#
# A throwaway PostgreSQL cluster is started first (scripts/pg-test-cluster.sh) and always
# removed at the end, also when a suite fails or on Ctrl-C. Every suite runs even when an
# earlier one failed; the exit status is non-zero when any failed.
#
# A Mosquitto broker is started the same way (scripts/mqtt-test-broker.sh).
#
# Env: FENGHUO_TEST_PG_URL (use this server instead of starting a cluster),
#      FENGHUO_TEST_MQTT_URL (use this broker instead of starting one),
#      FENGHUO_TEST_SUITE_TIMEOUT (seconds per suite, default 1800),
#      FENGHUO_TEST_VERBOSE=1 (full GoogleTest output instead of failures only).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
root=$(pwd)

all_suites=(server web e2e demo-large)
suites=("$@")
((${#suites[@]})) || suites=("${all_suites[@]}")
for s in "${suites[@]}"; do
  case $s in
    server | web | e2e | demo-large) ;;
    *) echo "usage: $0 [server] [web] [e2e] [demo-large]" >&2; exit 2 ;;
  esac
done

bold=$'\e[1m' red=$'\e[31m' green=$'\e[32m' reset=$'\e[0m'
[[ -t 1 ]] || bold='' red='' green='' reset=''

pg_dir='' mqtt_dir=''
cleanup() {
  if [[ -n $pg_dir ]]; then
    scripts/pg-test-cluster.sh stop "$pg_dir" || true
    pg_dir=''
  fi
  if [[ -n $mqtt_dir ]]; then
    scripts/mqtt-test-broker.sh stop "$mqtt_dir" || true
    mqtt_dir=''
  fi
}
trap cleanup EXIT
trap 'echo; echo "test.sh: interrupted" >&2; exit 130' INT
trap 'exit 143' TERM

if [[ -z ${FENGHUO_TEST_PG_URL:-} ]]; then
  pg_dir=$(mktemp -d -t fenghuo-pg.XXXXXX)
  if ! FENGHUO_TEST_PG_URL=$(scripts/pg-test-cluster.sh start "$pg_dir"); then
    echo "${red}test.sh: could not start the PostgreSQL test cluster${reset}" >&2
    exit 1
  fi
else
  echo "test.sh: using the PostgreSQL server at FENGHUO_TEST_PG_URL"
fi
export FENGHUO_TEST_PG_URL
export FENGHUO_TEST_REQUIRE_PG=1

# A Mosquitto broker of its own for the MQTT tests.
if [[ -z ${FENGHUO_TEST_MQTT_URL:-} ]]; then
  mqtt_dir=$(mktemp -d -t fenghuo-mqtt.XXXXXX)
  if ! FENGHUO_TEST_MQTT_URL=$(scripts/mqtt-test-broker.sh start "$mqtt_dir"); then
    echo "${red}test.sh: could not start the Mosquitto test broker${reset}" >&2
    exit 1
  fi
fi
export FENGHUO_TEST_MQTT_URL
export FENGHUO_TEST_REQUIRE_MQTT=1

timeout_s=${FENGHUO_TEST_SUITE_TIMEOUT:-1800}

# run_suite NAME COMMAND...: run one suite with a time bound, record and print its result.
names=() results=() durations=()
run_suite() {
  local name=$1 started=$SECONDS rc
  shift
  echo
  echo "${bold}==> $name${reset}: $*"
  timeout --foreground --kill-after=30 "$timeout_s" "$@"
  rc=$?
  # Ctrl-C: npm and others catch SIGINT and exit 130, so bash's INT trap may not fire.
  if ((rc == 130)); then
    echo "test.sh: $name interrupted" >&2
    exit 130
  fi
  ((rc == 124)) && echo "${red}$name: timed out after ${timeout_s}s${reset}"
  names+=("$name")
  durations+=($((SECONDS - started)))
  if ((rc == 0)); then
    results+=(PASS)
    echo "${green}<== $name: PASS${reset} ($((SECONDS - started)) s)"
  else
    results+=("FAIL (exit $rc)")
    echo "${red}<== $name: FAIL${reset} (exit $rc, $((SECONDS - started)) s)"
  fi
}

# missing NAME FILE HOW: record a suite that cannot run because something is not built.
missing() {
  echo
  echo "${red}==> $1: cannot run: $2 does not exist ($3)${reset}"
  names+=("$1") results+=("FAIL (not built: $2)") durations+=(0)
}

server_suite() {
  local tests=build/dev/server/tests/fenghuo_tests bin=build/dev/fenghuo
  if [[ ! -x $tests ]]; then missing server "$tests" "make test builds it"; return; fi
  if [[ ! -x $bin ]]; then missing server "$bin" "make test builds it"; return; fi
  local args=()
  [[ ${FENGHUO_TEST_VERBOSE:-0} == 1 ]] || args+=(--gtest_brief=1)
  FENGHUO_BIN=$root/$bin \
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
    UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    run_suite server "$tests" "${args[@]}"
}

web_suite() {
  if [[ ! -d web/node_modules ]]; then missing web web/node_modules "run scripts/install-deps.sh"; return; fi
  # The lint first; Vitest runs also when the lint fails, the suite fails when either does.
  run_suite web env -C web bash -c 'npm run lint --silent; lint=$?; npm test --silent; tests=$?; exit $((lint ? lint : tests))'
}

e2e_suite() {
  local bin=build/release/fenghuo
  if [[ ! -x $bin ]]; then missing e2e "$bin" "make build builds it"; return; fi
  if [[ ! -f web/dist/index.html ]]; then missing e2e web/dist/index.html "make build builds it"; return; fi
  FENGHUO_BIN=$root/$bin run_suite e2e env -C web npm run e2e --silent
}

demo_large_suite() {
  local bin=build/release/fenghuo
  if [[ ! -x $bin ]]; then missing demo-large "$bin" "make build builds it"; return; fi
  run_suite demo-large scripts/demo-large-test.sh "$bin"
}

total_started=$SECONDS
for s in "${suites[@]}"; do
  "${s//-/_}_suite"
done

echo
echo "${bold}Test summary${reset} ($((SECONDS - total_started)) s)"
failed=0
for i in "${!names[@]}"; do
  if [[ ${results[i]} == PASS ]]; then
    printf '  %-8s %s%s%s  %4d s\n' "${names[i]}" "$green" "${results[i]}" "$reset" "${durations[i]}"
  else
    printf '  %-8s %s%s%s  %4d s\n' "${names[i]}" "$red" "${results[i]}" "$reset" "${durations[i]}"
    failed=1
  fi
done
if ((failed)); then
  echo "${red}${bold}FAILED${reset}"
  exit 1
fi
echo "${green}${bold}ALL PASSED${reset}"
