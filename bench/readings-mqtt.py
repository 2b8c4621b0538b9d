#!/usr/bin/env python3
"""MQTT load for bench/readings.sh: the lines that `mosquitto_pub -l` publishes, one message each.

Like `fenghuo simulate`, every second each station sends one message: the JSON list of its
readings for that second. Unlike simulate at high rates, no reading repeats one sent before:
each series' readings are 1 ms apart from BASE (simulate stamps a second's readings over the
last RATE ms, so above ~1,000 readings/s its seconds overlap and some readings land on times
already stored: duplicates the server drops, and stored rows stop telling its rate). Series,
normal values and spikes come from the file bench/readings.lua reads, so the rules run as
under the HTTP load.

Writes the messages to stdout, paced second by second (all of a second's messages at its
start, as simulate does). Prints to stderr one line:
  MQTTGEN sent=N messages=N seconds=S late=N last_ts=MS
(one topic for all, as `mosquitto_pub -l` has: each reading names its station.)
late = seconds whose messages could not all be written within that second (the pipe to
mosquitto_pub, and so the broker, did not take them in time).
"""
import argparse
import random
import sys
import time


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--series", required=True)
    p.add_argument("--rate", type=int, required=True, help="readings a second")
    p.add_argument("--seconds", type=int, required=True)
    p.add_argument("--base", type=int, required=True, help="time of the first reading of each series (ms)")
    p.add_argument("--spike-every", type=int, default=0)
    a = p.parse_args()

    stations = {}  # code -> [(prefix, normal, jitter, spike)]
    for line in open(a.series):
        _sid, _mid, code, metric, normal, jitter, spike = line.rstrip("\n").split("\t")
        stations.setdefault(code, []).append(
            ('{"station":"' + code + '","metric":"' + metric + '","time":', float(normal), float(jitter),
             None if spike == "-" else float(spike)))
    n_series = sum(len(v) for v in stations.values())
    per_series = max(1, round(a.rate / n_series))  # readings of each series per second
    rng = random.Random(6)
    out = sys.stdout
    sent = messages = late = 0
    start = time.monotonic()
    for second in range(a.seconds):
        t0 = a.base + second * per_series
        for series in stations.values():
            parts = []
            for prefix, normal, jitter, spike in series:
                for k in range(per_series):
                    if spike is not None and a.spike_every and rng.randrange(a.spike_every) == 0:
                        v = spike
                    else:
                        v = normal + jitter * (2 * rng.random() - 1)
                    parts.append(f'{prefix}{t0 + k},"value":{v:.6g}}}')
            out.write('{"readings":[' + ",".join(parts) + "]}\n")
            sent += len(parts)
            messages += 1
        out.flush()
        now = time.monotonic()
        if now > start + second + 1:
            late += 1
        else:
            time.sleep(start + second + 1 - now)
    print(f"MQTTGEN sent={sent} messages={messages} seconds={time.monotonic() - start:.1f} late={late} "
          f"last_ts={a.base + a.seconds * per_series - 1}", file=sys.stderr)


if __name__ == "__main__":
    main()
