#!/usr/bin/env bash
# A throwaway Mosquitto broker for tests, on its own free port (never the system's 1883).
#   scripts/mqtt-test-broker.sh start DIR   prints mqtt://127.0.0.1:PORT once it listens
#   scripts/mqtt-test-broker.sh stop DIR
set -euo pipefail
cmd=${1:?usage: $0 start|stop DIR} dir=${2:?usage: $0 start|stop DIR}
mosquitto=$(command -v mosquitto || echo /usr/sbin/mosquitto)

case $cmd in
  start)
    [[ -x $mosquitto ]] || { echo "mqtt-test-broker: mosquitto is not installed" >&2; exit 1; }
    mkdir -p "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 100000\n' \
      "$port" > "$dir/mosquitto.conf"
    "$mosquitto" -c "$dir/mosquitto.conf" > "$dir/mosquitto.log" 2>&1 &
    echo $! > "$dir/mosquitto.pid"
    for _ in $(seq 1 50); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "mqtt://127.0.0.1:$port"
        exit 0
      fi
      sleep 0.1
    done
    echo "mqtt-test-broker: mosquitto did not start; its log:" >&2
    cat "$dir/mosquitto.log" >&2
    exit 1
    ;;
  stop)
    if [[ -f $dir/mosquitto.pid ]]; then
      kill "$(cat "$dir/mosquitto.pid")" 2>/dev/null || true
      rm -f "$dir/mosquitto.pid"
    fi
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
