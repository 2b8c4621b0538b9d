# shellcheck shell=bash
# Shell helpers shared by scripts/ and bench/. Source it; it defines functions only.

# free_port: print a TCP port on 127.0.0.1 that is free right now (the kernel picks it:
# bind port 0, read it back, close). Another process may take it before the caller binds,
# so callers that can retry on "address in use" should. Perl is Essential in Debian, so it
# is always there; python3 is the fallback.
free_port() {
  if command -v perl >/dev/null 2>&1; then
    perl -MIO::Socket::INET -e '
      my $s = IO::Socket::INET->new(Listen => 1, LocalAddr => "127.0.0.1", LocalPort => 0,
                                    Proto => "tcp") or die "free_port: $!\n";
      print $s->sockport, "\n";'
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
  else
    echo "free_port: needs perl or python3" >&2
    return 1
  fi
}

# wait_http URL SECONDS: succeed once URL answers 2xx, fail after SECONDS.
wait_http() {
  local url=$1 deadline=$((SECONDS + $2))
  while ((SECONDS < deadline)); do
    curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null && return 0
    sleep 0.2
  done
  return 1
}

# alive PID: the process exists and is not a zombie (an exited child not yet reaped).
alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat:0:1} != Z ]]
}

# stop_pid PID [SECONDS]: SIGTERM, wait up to SECONDS (default 10), then SIGKILL. Returns
# the process's exit status when it is a child of this shell (0 otherwise). Only for
# processes this script started itself.
stop_pid() {
  local pid=$1 limit=${2:-10} i
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < limit * 10; i++)); do
      alive "$pid" || break
      sleep 0.1
    done
    if alive "$pid"; then
      echo "stop_pid: $pid did not stop within ${limit}s, killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  local rc=0
  wait "$pid" 2>/dev/null || rc=$?
  ((rc == 127)) && rc=0  # not our child: nothing to reap
  return "$rc"
}
