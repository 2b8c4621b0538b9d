#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests (recipe: ../shared/design/TESTING.md).
#
#   scripts/pg-test-cluster.sh start DIR   initdb in DIR/data, start on a free port on
#                                          127.0.0.1, print the admin URL on stdout:
#                                          postgresql://postgres@127.0.0.1:PORT/postgres
#   scripts/pg-test-cluster.sh stop DIR    stop it and remove DIR
#
# Progress and logs go to stderr. Trust authentication, superuser `postgres`, UTF8,
# C.UTF-8 locale, fsync on. PostgreSQL refuses to run as root, so as root the server runs
# as the `postgres` user (runuser); as any other user it runs as that user.
# Env: FENGHUO_PG_BIN (default /usr/lib/postgresql/15/bin).
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname "$0")/lib.sh"

pg_bin=${FENGHUO_PG_BIN:-/usr/lib/postgresql/15/bin}
marker=.fenghuo-pg-test-cluster  # written by start; stop removes only folders that have it

usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}

log() { echo "pg-test-cluster: $*" >&2; }

as_pg() {
  if (($(id -u) == 0)); then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start() {
  local dir=$1
  [[ -x $pg_bin/initdb && -x $pg_bin/pg_ctl ]] ||
    { log "no PostgreSQL at $pg_bin (Debian package postgresql-15; scripts/install-deps.sh installs it)"; exit 1; }
  if [[ -e $dir/data ]]; then
    log "$dir/data exists: stop that cluster first ($0 stop $dir)"
    exit 1
  fi
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  # The server's Unix socket is DIR/.s.PGSQL.NNNNN; a socket path is limited to 107 bytes.
  if ((${#dir} > 90)); then
    log "path too long for a Unix socket folder: $dir (use a shorter one, e.g. mktemp -d)"
    exit 1
  fi
  touch "$dir/$marker"
  if (($(id -u) == 0)); then
    id postgres >/dev/null 2>&1 || { log "no 'postgres' user (install postgresql-15)"; exit 1; }
    chown postgres: "$dir"
    chmod 700 "$dir"
    if ! runuser -u postgres -- test -w "$dir"; then
      log "user postgres cannot write to $dir: a parent folder is not searchable by it" \
        "(use a folder under /tmp, e.g. mktemp -d)"
      exit 1
    fi
  fi

  if ! as_pg "$pg_bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    >"$dir/initdb.log" 2>&1; then
    log "initdb failed; its output:"
    cat "$dir/initdb.log" >&2
    exit 1
  fi

  # The port is free when picked but may be taken before the server binds it: retry.
  local port attempt
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    : >"$dir/log"
    chown --reference="$dir" "$dir/log"
    if as_pg "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=on" start >/dev/null 2>&1; then
      echo "$port" >"$dir/port"
      log "PostgreSQL running in $dir on 127.0.0.1:$port"
      echo "postgresql://postgres@127.0.0.1:$port/postgres"
      return 0
    fi
    if grep -q "could not bind\|Address already in use" "$dir/log"; then
      log "port $port was taken, trying another (attempt $attempt)"
      continue
    fi
    break
  done
  log "pg_ctl start failed; server log ($dir/log):"
  cat "$dir/log" >&2
  exit 1
}

stop() {
  local dir=$1
  if [[ ! -d $dir ]]; then
    log "$dir does not exist: nothing to stop"
    return 0
  fi
  if [[ ! -e $dir/$marker ]]; then
    log "$dir was not made by '$0 start': not touching it"
    exit 1
  fi
  local rc=0
  if [[ -f $dir/data/postmaster.pid ]]; then
    if ! as_pg "$pg_bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1; then
      log "fast stop failed, trying immediate"
      as_pg "$pg_bin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || rc=1
    fi
  fi
  if ((rc)); then
    log "could not stop the server in $dir; its log:"
    cat "$dir/log" >&2 || true
    exit 1
  fi
  rm -rf "$dir"
  log "stopped and removed $dir"
}

(($# == 2)) || usage
case $1 in
  start) start "$2" ;;
  stop) stop "$2" ;;
  *) usage ;;
esac
