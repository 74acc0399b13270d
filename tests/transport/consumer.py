#!/usr/bin/python3
"""A Python consumer of the sensor's stream (WIRE-PROTOCOL.md §5), with
Debian's python3-zmq and python3-msgpack. Used by the integration tests and
shown in the README as the integrator's example.

  consumer.py --events EP --control EP --key CLIENT.key_secret --server-key sensor.key
              [--idle S] [--max-s S]

Takes a snapshot, follows the events (resync on an epoch change, a gap or
tail loss), and when no device event has come for --idle seconds prints the
state: one JSON record per line, sorted by id. Exit 0.
"""
import argparse
import json
import re
import sys
import time

import msgpack
import zmq

LIMITS = dict(max_array_len=4096, max_map_len=256, max_str_len=65536, max_bin_len=65536, max_ext_len=0)


def read_cert(path):
    """public-key / secret-key of a ZeroMQ (zcert) certificate file."""
    keys = {}
    for line in open(path, encoding="ascii"):
        m = re.match(r'\s*(public-key|secret-key)\s*=\s*"(.{40})"', line)
        if m:
            keys[m.group(1)] = m.group(2).encode()
    return keys


def unpack(raw):
    return msgpack.unpackb(raw, raw=False, strict_map_key=True, **LIMITS)


class Sensor:
    def __init__(self, args):
        self.ctx = zmq.Context()
        self.args = args
        self.next_id = 1

    def secure(self, sock):
        if self.args.insecure:
            return
        mine = read_cert(self.args.key)
        sock.curve_serverkey = read_cert(self.args.server_key)["public-key"]
        sock.curve_publickey = mine["public-key"]
        sock.curve_secretkey = mine["secret-key"]

    def dealer(self):
        d = self.ctx.socket(zmq.DEALER)
        d.linger = 0
        self.secure(d)
        d.connect(self.args.control)
        return d

    def sub(self):
        s = self.ctx.socket(zmq.SUB)
        s.linger = 0
        s.rcvhwm = 100000
        self.secure(s)
        s.setsockopt(zmq.SUBSCRIBE, b"device.")
        s.setsockopt(zmq.SUBSCRIBE, b"sensor.")
        s.connect(self.args.events)
        return s

    def snapshot(self, report=None):
        """The whole inventory; `report` ({reason, missed}) tells the sensor why we resync."""
        d = self.dealer()
        rid = self.next_id
        self.next_id += 1
        req = {"v": 1, "id": rid, "op": "snapshot"}
        if report:
            req["args"] = {"x_resync": report}
        d.send_multipart([b"", msgpack.packb(req)])
        state = {}
        while True:
            if not d.poll(5000):
                raise RuntimeError("snapshot: timeout")
            _, payload = d.recv_multipart()
            rep = unpack(payload)
            if rep.get("id") != rid:
                continue
            if rep["status"] != 200:
                raise RuntimeError("snapshot: status %d %s" % (rep["status"], rep.get("error")))
            res = rep["result"]
            if res["kind"] == "snapshot.chunk":
                for rec in res["items"]:
                    state[rec["id"]] = rec
            elif res["kind"] == "snapshot.end":
                d.close()
                return state, res["epoch"], res["seq"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", required=True)
    ap.add_argument("--control", required=True)
    ap.add_argument("--key")
    ap.add_argument("--server-key")
    ap.add_argument("--insecure", action="store_true")
    ap.add_argument("--idle", type=float, default=2.0)
    ap.add_argument("--max-s", type=float, default=60.0)
    args = ap.parse_args()

    sensor = Sensor(args)
    sub = sensor.sub()
    start = time.monotonic()
    # §5.2: the first message of any kind (health comes every second).
    while not sub.poll(100):
        if time.monotonic() - start > args.max_s:
            print("consumer: no message from the sensor", file=sys.stderr)
            return 1
    sub.recv_multipart()
    state, epoch, last = sensor.snapshot()
    resyncs = 0
    last_device_event = time.monotonic()
    while time.monotonic() - start < args.max_s and time.monotonic() - last_device_event < args.idle:
        if not sub.poll(100):
            continue
        topic, payload = sub.recv_multipart()
        env = unpack(payload)
        if env.get("v") != 1:
            continue
        why, missed = None, 0
        if env["epoch"] != epoch:
            why = "epoch"
        elif topic.startswith(b"device."):
            last_device_event = time.monotonic()
            if env["seq"] <= last:
                continue
            if env["seq"] > last + 1:
                why, missed = "gap", env["seq"] - last - 1
            else:
                last = env["seq"]
                body = env["body"]
                if topic == b"device.gone":
                    state.pop(body["id"], None)
                else:
                    state[body["id"]] = body
        elif topic == b"sensor.health" and env["seq"] > last:
            why, missed = "tail", env["seq"] - last
        if why:
            resyncs += 1
            state, epoch, last = sensor.snapshot({"reason": why, "missed": missed})
    for rid in sorted(state):
        print(json.dumps(state[rid], sort_keys=True, separators=(",", ":")))
    print("consumer: %d records, epoch %d, seq %d, %d resyncs" % (len(state), epoch, last, resyncs), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
