#!/usr/bin/env bash
# Every benchmark, one after the other (never in parallel: each compares Fenghuo with an
# anchor measured in the same run on the same machine). `make bench` calls this.
#   bench/run.sh           all of them
#   bench/run.sh http      just those named (http, resources, readings)
# Each benchmark prints both figures, the ratio, its target and PASS/FAIL, and appends its
# result line to bench/results/<name>.log. Exit status: non-zero when any failed or missed
# its target.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

all=(http resources readings)
names=("$@")
((${#names[@]})) || names=("${all[@]}")

trap 'exit 130' INT
summary=() failed=0
for name in "${names[@]}"; do
  if [[ ! -x bench/$name.sh ]]; then
    echo "bench/run.sh: no benchmark bench/$name.sh (have: ${all[*]})" >&2
    exit 2
  fi
  echo "==> bench $name"
  bench/"$name".sh
  rc=$?
  ((rc == 130)) && exit 130
  case $rc in
    0) summary+=("  $name: PASS") ;;
    1) summary+=("  $name: FAIL (below target)") failed=1 ;;
    *) summary+=("  $name: ERROR (exit $rc)") failed=1 ;;
  esac
  echo
done

echo "Benchmark summary (results in bench/results/)"
printf '%s\n' "${summary[@]}"
exit "$failed"
