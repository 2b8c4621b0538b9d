#!/usr/bin/env python3
"""Alarm latency probe for bench/readings.sh: from POSTing a reading to the WebSocket event.

Opens /api/v1/ws (a minimal RFC 6455 client: the standard library has none), subscribes to
monitoring/THEME, then every INTERVAL seconds POSTs one reading of STATION/METRIC to
/api/v1/readings on a keep-alive connection of its own, alternately past the red threshold
(raises the alarm, or repeats it) and back to normal (clears it); each is a transition of
the alarm, so each must bring an "alarm" event for the station: a raise (or repeat) whose
raised_at is the reading's time, or a clear whose cleared_at is. Readings are at least
INTERVAL apart, so every event matches exactly one reading. Latency = from just before the
POST is sent to the event's arrival (the server answers the POST after commit; the event
goes out after commit too).

Prints one line:  PROBE sent=N matched=N missing=N p50_ms=X p99_ms=X max_ms=X
                  post_p50_ms=X post_max_ms=X post_errors=N
Exit status 0 when it ran (the figures are judged by the caller), 2 when it could not.
"""
import argparse
import base64
import http.client
import json
import os
import socket
import struct
import sys
import threading
import time
from datetime import datetime


def fail(msg):
    print(f"readings-probe: {msg}", file=sys.stderr)
    sys.exit(2)


class WebSocket:
    def __init__(self, host, port, path, headers):
        self.sock = socket.create_connection((host, port), timeout=10)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}", "Upgrade: websocket",
                 "Connection: Upgrade", f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                fail("the server closed the connection during the WebSocket handshake")
            head += chunk
        head, self.buf = head.split(b"\r\n\r\n", 1)
        status = head.split(b"\r\n", 1)[0].decode(errors="replace")
        if " 101 " not in status + " ":
            fail(f"WebSocket handshake refused: {status}")
        self.sock.settimeout(None)
        self.send_lock = threading.Lock()

    def send(self, opcode, payload):
        mask = os.urandom(4)
        n = len(payload)
        if n < 126:
            header = struct.pack("!BB", 0x80 | opcode, 0x80 | n)
        elif n < 65536:
            header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, n)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, n)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        with self.send_lock:
            self.sock.sendall(header + mask + masked)

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("connection closed")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def messages(self):
        """Yields text messages (str) as they complete; answers pings; stops on close."""
        parts = []
        while True:
            b0, b1 = self._read(2)
            opcode, n = b0 & 0x0F, b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._read(8))[0]
            mask = self._read(4) if b1 & 0x80 else None
            payload = self._read(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 0x9:
                self.send(0xA, payload)
            elif opcode == 0x8:
                return
            elif opcode in (0x1, 0x0):
                parts.append(payload)
                if b0 & 0x80:
                    yield b"".join(parts).decode()
                    parts = []


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--token", required=True)
    p.add_argument("--theme", required=True)
    p.add_argument("--station", required=True, help="station code")
    p.add_argument("--metric", required=True)
    p.add_argument("--high", type=float, required=True, help="a value past the red threshold")
    p.add_argument("--low", type=float, required=True, help="a normal value")
    p.add_argument("--interval", type=float, default=0.5)
    p.add_argument("--seconds", type=float, required=True)
    p.add_argument("--ready", required=True, help="file to create once subscribed and primed")
    p.add_argument("--wait", type=float, default=5.0, help="how long to wait for the last events")
    a = p.parse_args()

    host = "127.0.0.1"
    auth = {"Authorization": f"Bearer {a.token}"}
    ws = WebSocket(host, a.port, "/api/v1/ws", auth)
    ws.send(0x1, json.dumps({"op": "subscribe", "topics": [f"monitoring/{a.theme}"]}).encode())

    lock = threading.Lock()
    pending = {}      # reading time (ms since 1970) -> send time (monotonic)
    latencies = []    # ms
    subscribed = threading.Event()
    reader_error = []

    def reader():
        try:
            for text in ws.messages():
                now = time.monotonic()
                msg = json.loads(text)
                if msg.get("op") == "subscribed":
                    subscribed.set()
                    continue
                if msg.get("event") != "alarm":
                    continue
                data = msg.get("data") or {}
                if data.get("station_code") != a.station or data.get("metric") != a.metric:
                    continue
                key = data.get("raised_at") if data.get("active") else data.get("cleared_at")
                if not key:
                    continue
                ms = round(datetime.fromisoformat(key.replace("Z", "+00:00")).timestamp() * 1000)
                with lock:
                    sent_at = pending.pop(ms, None)
                    if sent_at is not None:
                        latencies.append((now - sent_at) * 1000)
        except Exception as e:  # noqa: BLE001 - reported by the main thread
            reader_error.append(repr(e))

    threading.Thread(target=reader, daemon=True).start()
    if not subscribed.wait(10):
        fail("no answer to the WebSocket subscription within 10 s")

    conn = http.client.HTTPConnection(host, a.port, timeout=30)
    headers = dict(auth, **{"Content-Type": "application/json"})
    post_ms, post_errors = [], 0

    def post(value):
        nonlocal post_errors
        ms = int(time.time() * 1000)
        body = json.dumps({"readings": [{"station": a.station, "metric": a.metric,
                                         "time": ms, "value": value}]})
        t0 = time.monotonic()
        with lock:
            pending[ms] = t0
        try:
            conn.request("POST", "/api/v1/readings", body, headers)
            r = conn.getresponse()
            answer = r.read()
            ok = r.status == 200 and json.loads(answer).get("accepted") == 1
        except Exception as e:  # noqa: BLE001
            ok, answer = False, repr(e).encode()
        post_ms.append((time.monotonic() - t0) * 1000)
        if not ok:
            post_errors += 1
            print(f"readings-probe: reading {value} not accepted: {answer[:300]!r}", file=sys.stderr)
        return t0

    # Prime: back to normal first (clears whatever the demo data left open), not counted.
    post(a.low)
    time.sleep(1.0)
    with lock:
        pending.clear()
        latencies.clear()
    post_ms.clear()
    post_errors = 0
    open(a.ready, "w").close()

    sent = 0
    start = time.monotonic()
    while time.monotonic() - start < a.seconds:
        t0 = post(a.high if sent % 2 == 0 else a.low)
        sent += 1
        delay = t0 + a.interval - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    deadline = time.monotonic() + a.wait
    while time.monotonic() < deadline:
        with lock:
            if not pending:
                break
        time.sleep(0.05)
    with lock:
        lat = sorted(latencies)
        missing = len(pending)
    if reader_error:
        print(f"readings-probe: the WebSocket reader stopped: {reader_error[0]}", file=sys.stderr)

    def pct(values, q):
        if not values:
            return float("nan")
        return values[min(len(values) - 1, max(0, int(len(values) * q + 0.999999) - 1))]

    posts = sorted(post_ms)
    print(f"PROBE sent={sent} matched={len(lat)} missing={missing} "
          f"p50_ms={pct(lat, 0.5):.1f} p99_ms={pct(lat, 0.99):.1f} "
          f"max_ms={(lat[-1] if lat else float('nan')):.1f} "
          f"post_p50_ms={pct(posts, 0.5):.1f} post_max_ms={(posts[-1] if posts else float('nan')):.1f} "
          f"post_errors={post_errors}")


if __name__ == "__main__":
    main()
