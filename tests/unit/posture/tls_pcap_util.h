// tests/unit/posture/tls_pcap_util.h
// Just enough capture-file reading for the TLS reference tests: classic pcap
// (both byte orders, micro- and nanosecond magic) and pcapng (SHB, IDB, EPB,
// SPB; either byte order), frames decoded with dissect::packet::decode, TCP
// directions reassembled by sequence number (the first 16 KiB of each, as the
// pipeline buffers them), and the first payload of each UDP direction. Unit
// tests do not link libpcap, hence this reader.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "dissectors/packet/packet.h"

namespace tls_test {

using Bytes = std::vector<std::uint8_t>;

struct Frame {
    std::uint32_t linktype = 0;
    Bytes data;
};

inline std::optional<Bytes> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class Cursor {
public:
    Cursor(const Bytes& b, bool swap) : b_(b), swap_(swap) {}
    bool has(std::size_t n) const { return pos_ + n <= b_.size(); }
    std::uint32_t u32(std::size_t at) const {
        std::uint32_t v;
        std::memcpy(&v, b_.data() + at, 4);
        return swap_ ? __builtin_bswap32(v) : v;
    }
    std::uint16_t u16(std::size_t at) const {
        std::uint16_t v;
        std::memcpy(&v, b_.data() + at, 2);
        return swap_ ? __builtin_bswap16(v) : v;
    }
    std::size_t pos_ = 0;
    const Bytes& b_;
    bool swap_;
};

// All frames of a capture, or nullopt when the file is missing or unknown.
inline std::optional<std::vector<Frame>> read_capture(const std::string& path) {
    auto file = read_file(path);
    if (!file || file->size() < 24) return std::nullopt;
    const Bytes& b = *file;
    std::uint32_t magic;
    std::memcpy(&magic, b.data(), 4);
    std::vector<Frame> frames;
    if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d || magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
        const bool swap = magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1;
        Cursor c(b, swap);
        const std::uint32_t linktype = c.u32(20) & 0x0fffffff;
        c.pos_ = 24;
        while (c.has(16)) {
            const std::uint32_t caplen = c.u32(c.pos_ + 8);
            if (!c.has(16 + std::size_t{caplen})) break;
            const auto* p = b.data() + c.pos_ + 16;
            frames.push_back({linktype, Bytes(p, p + caplen)});
            c.pos_ += 16 + std::size_t{caplen};
        }
        return frames;
    }
    if (magic != 0x0a0d0d0a) return std::nullopt;
    // pcapng: the byte-order magic of each section decides the swapping.
    std::vector<std::uint32_t> linktypes;
    bool swap = false;
    std::size_t pos = 0;
    while (pos + 12 <= b.size()) {
        std::uint32_t type;
        std::memcpy(&type, b.data() + pos, 4);
        if (type == 0x0a0d0d0a) {
            std::uint32_t bom;
            std::memcpy(&bom, b.data() + pos + 8, 4);
            swap = bom != 0x1a2b3c4d;
            linktypes.clear();
        }
        Cursor c(b, swap);
        type = c.u32(pos);
        const std::uint32_t len = c.u32(pos + 4);
        if (len < 12 || pos + len > b.size()) break;
        if (type == 1) {  // Interface Description Block
            linktypes.push_back(c.u16(pos + 8));
        } else if (type == 6) {  // Enhanced Packet Block
            const std::uint32_t ifc = c.u32(pos + 8);
            const std::uint32_t caplen = c.u32(pos + 20);
            if (28 + std::size_t{caplen} <= len && ifc < linktypes.size()) {
                const auto* p = b.data() + pos + 28;
                frames.push_back({linktypes[ifc], Bytes(p, p + caplen)});
            }
        } else if (type == 3 && !linktypes.empty()) {  // Simple Packet Block
            const std::size_t caplen = len - 16;
            const auto* p = b.data() + pos + 12;
            frames.push_back({linktypes[0], Bytes(p, p + std::min<std::size_t>(caplen, c.u32(pos + 8)))});
        }
        pos += len;
    }
    return frames;
}

// One direction of a transport flow: (src ip, src port) -> (dst ip, dst port).
struct Endpoint {
    std::string ip;
    std::uint16_t port = 0;
    auto operator<=>(const Endpoint&) const = default;
};
struct DirKey {
    Endpoint src, dst;
    auto operator<=>(const DirKey&) const = default;
};

struct Direction {
    DirKey key;
    std::size_t first_frame = 0;  // 1-based frame number of its first packet
    Bytes stream;                 // TCP: reassembled first bytes; UDP: first datagram payload
    std::vector<Bytes> datagrams; // UDP: the first kMaxDatagrams payloads
};

inline std::string ip_text(const dissect::IpAddr& a) { return dissect::to_string(a); }

inline constexpr std::size_t kStreamBytes = 16 * 1024;
inline constexpr std::size_t kMaxDatagrams = 16;

// Walks a capture. TCP directions are split at each new SYN (port reuse);
// each direction's payload is reassembled from its initial sequence number
// (SYN + 1, or the first segment's when the SYN is missing), overlapping
// retransmissions taken once, and cut at the first gap or at kStreamBytes.
inline std::vector<Direction> directions(const std::vector<Frame>& frames, bool tcp) {
    struct Seg {
        std::uint32_t seq;
        Bytes data;
    };
    struct State {
        Direction dir;
        std::optional<std::uint32_t> isn;  // first payload byte's sequence number
        std::vector<Seg> segs;
        bool udp_done = false;
    };
    std::vector<State> all;
    std::map<DirKey, std::size_t> live;  // key -> index in `all`
    std::size_t n = 0;
    for (const Frame& f : frames) {
        ++n;
        if (f.linktype != 1) continue;  // Ethernet only: every reference capture is
        dissect::packet::Decoded d;
        dissect::packet::decode(dissect::ByteView{f.data.data(), f.data.size()}, dissect::packet::LinkType::Ethernet, d);
        if (!d.has_l4 || d.ip_proto != (tcp ? 6 : 17)) continue;
        const DirKey key{{ip_text(d.src_ip), d.sport}, {ip_text(d.dst_ip), d.dport}};
        const bool syn = tcp && (d.tcp_flags & 0x02);
        auto it = live.find(key);
        if (it == live.end() || (syn && !all[it->second].segs.empty())) {
            all.push_back({});
            all.back().dir.key = key;
            all.back().dir.first_frame = n;
            it = live.insert_or_assign(key, all.size() - 1).first;
        }
        State& s = all[it->second];
        if (syn) s.isn = d.tcp_seq + 1;
        if (d.l4_payload.empty()) continue;
        if (!tcp) {
            if (!s.udp_done) s.dir.stream.assign(d.l4_payload.data(), d.l4_payload.data() + d.l4_payload.size());
            s.udp_done = true;
            if (s.dir.datagrams.size() < kMaxDatagrams)
                s.dir.datagrams.emplace_back(d.l4_payload.data(), d.l4_payload.data() + d.l4_payload.size());
            continue;
        }
        if (!s.isn) s.isn = d.tcp_seq;
        s.segs.push_back({d.tcp_seq, Bytes(d.l4_payload.data(), d.l4_payload.data() + d.l4_payload.size())});
    }
    std::vector<Direction> out;
    for (State& s : all) {
        if (tcp && s.isn) {
            std::stable_sort(s.segs.begin(), s.segs.end(), [&](const Seg& a, const Seg& b) {
                return static_cast<std::int32_t>(a.seq - *s.isn) < static_cast<std::int32_t>(b.seq - *s.isn);
            });
            std::uint32_t next = *s.isn;
            for (const Seg& g : s.segs) {
                const auto off = static_cast<std::int32_t>(g.seq - next);
                if (off > 0) break;  // a gap
                const auto dup = static_cast<std::size_t>(-off);
                if (dup >= g.data.size()) continue;
                const std::size_t take = std::min(g.data.size() - dup, kStreamBytes - s.dir.stream.size());
                s.dir.stream.insert(s.dir.stream.end(), g.data.begin() + static_cast<std::ptrdiff_t>(dup),
                                    g.data.begin() + static_cast<std::ptrdiff_t>(dup + take));
                next += static_cast<std::uint32_t>(take);
                if (s.dir.stream.size() >= kStreamBytes) break;
            }
        }
        if (!s.dir.stream.empty()) out.push_back(std::move(s.dir));
    }
    return out;
}

}  // namespace tls_test
