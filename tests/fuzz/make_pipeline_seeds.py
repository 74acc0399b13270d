#!/usr/bin/env python3
"""Writes the seed corpus of the whole-pipeline fuzz target (tests/fuzz/corpus/pipeline/).

Every seed is a capture file built here, byte by byte, from the project's own
seeds (never from ../shared): the frames of corpus/packet/ (one file each, and
all of them in one pcap and one pcapng), and the L7 seeds of the other corpora
carried where the pipeline's router looks for them: UDP datagrams on their
ports, TCP payloads after a three-way handshake. Deterministic: running it
again writes the same bytes.

    tests/fuzz/make_pipeline_seeds.py        (from anywhere; rewrites the directory)
"""
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
OUT = os.path.join(CORPUS, "pipeline")

CLIENT_MAC = bytes.fromhex("020000aa0001")
SERVER_MAC = bytes.fromhex("020000aa0002")
CLIENT_IP = bytes([192, 168, 7, 10])
SERVER_IP = bytes([192, 168, 7, 1])
CLIENT_IP6 = bytes.fromhex("fe800000000000000000000000000010")
SERVER_IP6 = bytes.fromhex("ff020000000000000000000000010002")  # All_DHCP_Relay_Agents_and_Servers
TS0 = 1_700_000_000


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def eth(dst, src, etype, payload):
    return dst + src + struct.pack("!H", etype) + payload


def ipv4(src, dst, proto, payload):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0x1234, 0x4000, 64, proto, 0, src, dst)
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + payload


def ipv6(src, dst, nh, payload):
    return struct.pack("!IHBB", 6 << 28, len(payload), nh, 64) + src + dst + payload


def udp(sport, dport, payload):
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def tcp(sport, dport, seq, ack, flags, payload=b"", options=b""):
    off = (20 + len(options)) // 4
    return struct.pack("!HHIIBBHHH", sport, dport, seq, ack, off << 4, flags, 64240, 0, 0) + options + payload


def udp_frame(sport, dport, payload, v6=False):
    if v6:
        return eth(bytes.fromhex("333300010002"), CLIENT_MAC, 0x86DD, ipv6(CLIENT_IP6, SERVER_IP6, 17, udp(sport, dport, payload)))
    return eth(SERVER_MAC, CLIENT_MAC, 0x0800, ipv4(CLIENT_IP, SERVER_IP, 17, udp(sport, dport, payload)))


def tcp_session(dport, payload):
    """SYN, SYN-ACK, ACK, then the payload from the client, then the server's ACK."""
    c, s = 1000, 50000
    syn_opts = bytes.fromhex("020405b40402080a0000000100000000010303")
    syn_opts += b"\0" * (-len(syn_opts) % 4)
    cl = lambda p: eth(SERVER_MAC, CLIENT_MAC, 0x0800, ipv4(CLIENT_IP, SERVER_IP, 6, p))
    sv = lambda p: eth(CLIENT_MAC, SERVER_MAC, 0x0800, ipv4(SERVER_IP, CLIENT_IP, 6, p))
    return [
        cl(tcp(40001, dport, c, 0, 0x02, options=syn_opts)),
        sv(tcp(dport, 40001, s, c + 1, 0x12, options=syn_opts)),
        cl(tcp(40001, dport, c + 1, s + 1, 0x10)),
        cl(tcp(40001, dport, c + 1, s + 1, 0x18, payload)),
        sv(tcp(dport, 40001, s + 1, c + 1 + len(payload), 0x10)),
    ]


def pcap(frames):
    out = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)
    for i, f in enumerate(frames):
        out += struct.pack("<IIII", TS0 + i // 10, (i % 10) * 100000, len(f), len(f)) + f
    return out


def pcapng(frames):
    def block(btype, body):
        body += b"\0" * (-len(body) % 4)
        n = 12 + len(body)
        return struct.pack("<II", btype, n) + body + struct.pack("<I", n)

    out = block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
    out += block(0x00000001, struct.pack("<HHI", 1, 0, 65535))
    for i, f in enumerate(frames):
        ts = (TS0 + i) * 1_000_000
        out += block(0x00000006, struct.pack("<IIIII", 0, ts >> 32, ts & 0xFFFFFFFF, len(f), len(f)) + f)
    return out


def files(name):
    d = os.path.join(CORPUS, name)
    return [os.path.join(d, f) for f in sorted(os.listdir(d))] if os.path.isdir(d) else []


def read(p):
    with open(p, "rb") as fh:
        return fh.read()


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    seeds = {}
    frames = [read(p) for p in files("packet")]
    for p, f in zip(files("packet"), frames):
        seeds["frame_" + os.path.basename(p)] = pcap([f])
    seeds["frames_all.pcap"] = pcap(frames)
    seeds["frames_all.pcapng"] = pcapng(frames)
    # L7 seeds where the router looks for them.
    udp_ports = {"dns": (40053, 53), "dhcp": (68, 67), "ssdp": (40190, 1900), "nbns": (137, 137),
                 "netbios_dgm": (138, 138), "ntp": (123, 123), "snmp": (40161, 161), "quic": (40443, 443)}
    for proto, (sport, dport) in udp_ports.items():
        body = [udp_frame(sport, dport, read(p)) for p in files(proto)]
        if body:
            seeds["udp_" + proto + ".pcap"] = pcap(body)
    body = [udp_frame(546, 547, read(p), v6=True) for p in files("dhcpv6")]
    if body:
        seeds["udp_dhcpv6.pcap"] = pcap(body)
    for proto, port in {"http": 80, "tls": 443, "ssh": 22, "smb": 445, "cleartext": 23}.items():
        sessions = []
        for p in files(proto):
            sessions += tcp_session(port, read(p)[:1400])
        if sessions:
            seeds["tcp_" + proto + ".pcap"] = pcap(sessions)
    for name, data in sorted(seeds.items()):
        name = name if name.endswith((".pcap", ".pcapng")) else name + ".pcap"
        with open(os.path.join(OUT, name), "wb") as fh:
            fh.write(data)
    print("make_pipeline_seeds: %d seeds in %s" % (len(seeds), OUT), file=sys.stderr)


if __name__ == "__main__":
    main()
