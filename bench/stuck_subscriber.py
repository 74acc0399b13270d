#!/usr/bin/python3
"""A subscriber that stops reading: bench/stalled_consumer.sh's stuck consumer.

Connects a SUB (device. and sensor.) to --events, reads one message (so it is
attached: printed as "attached"), then reads nothing until SIGUSR1. Then it
drains what libzmq kept for it and prints how many device events it got and
how many the sensor had published by then (the seq of the last health), so
the loss past the high-water mark shows, and the sensor's own count of it
(sensor.health x_transport.hwm_hits).
Debian's python3-zmq and python3-msgpack (/usr/bin/python3).
"""
import argparse
import signal
import sys
import time

import msgpack
import zmq


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", required=True)
    ap.add_argument("--rcvhwm", type=int, default=1000)
    args = ap.parse_args()
    woken = []
    signal.signal(signal.SIGUSR1, lambda *_: woken.append(True))
    ctx = zmq.Context()
    sub = ctx.socket(zmq.SUB)
    sub.linger = 0
    sub.rcvhwm = args.rcvhwm
    sub.setsockopt(zmq.SUBSCRIBE, b"device.")
    sub.setsockopt(zmq.SUBSCRIBE, b"sensor.")
    sub.connect(args.events)
    sub.recv_multipart()
    print("attached", flush=True)
    while not woken:
        time.sleep(0.05)
    # Drain until 1.5 s pass without a device event (health comes each second).
    got, last_seq, health = 0, 0, {}
    quiet_since = time.monotonic()
    while time.monotonic() - quiet_since < 1.5:
        if not sub.poll(100):
            continue
        topic, payload = sub.recv_multipart()
        env = msgpack.unpackb(payload, raw=False)
        if topic.startswith(b"device."):
            got += 1
            quiet_since = time.monotonic()
        elif topic == b"sensor.health":
            health = env["body"].get("x_transport", {})
        last_seq = max(last_seq, env["seq"])
    print("stuck subscriber: got %d of %d device events (%d lost); the sensor's health says hwm_hits %s"
          % (got, last_seq, last_seq - got, health.get("hwm_hits")), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
