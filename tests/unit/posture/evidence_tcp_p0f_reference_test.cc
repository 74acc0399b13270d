// TCP SYN / SYN+ACK fingerprints (posture/evidence/tcp) against p0f itself:
// reference/p0f.tsv holds what p0f 3.09b with Debian's /etc/p0f/p0f.fp printed
// for every shared capture (make_reference.sh: `p0f -f /etc/p0f/p0f.fp -r FILE`).
// For every row of module "syn" or "syn+ack" there, some packet of ours with
// the same client, server, server port and raw signature must exist, and our
// label, distance and match flags for it must be p0f's.
//
// p0f keeps flow state that a single packet does not show, and the test keeps
// the part of it that changes a signature: the MSS of the SYN that a SYN+ACK
// answers (p0f tries it as a window multiplier), passed to tcp_syn's
// peer_syn_mss overload. p0f reports fewer packets than we fingerprint (a
// retransmitted SYN, a SYN+ACK without a SYN, anything behind a VLAN tag on
// its fixed Ethernet offset): rows are matched from p0f's side, so our extra
// fingerprints are not differences.
//
// Skips when the captures or /etc/p0f/p0f.fp are absent (the p0f package).
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "dissectors/packet/packet.h"
#include "posture/evidence/tcp.h"
#include "posture/kb/p0f_db.h"

namespace posture::evidence {
namespace {

using Bytes = std::vector<std::uint8_t>;

// ---- a small capture reader: classic pcap and pcapng, either byte order ----

struct Frame {
    std::uint32_t linktype = 0;
    Bytes data;
};

class Le {
public:
    Le(const Bytes& b, bool swap) : b_(b), swap_(swap) {}
    [[nodiscard]] std::uint32_t u32(std::size_t at) const {
        std::uint32_t v = 0;
        std::memcpy(&v, b_.data() + at, 4);
        return swap_ ? __builtin_bswap32(v) : v;
    }
    [[nodiscard]] std::uint16_t u16(std::size_t at) const {
        std::uint16_t v = 0;
        std::memcpy(&v, b_.data() + at, 2);
        return swap_ ? __builtin_bswap16(v) : v;
    }

private:
    const Bytes& b_;
    bool swap_;
};

std::optional<std::vector<Frame>> read_capture(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    const Bytes b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (b.size() < 24) return std::nullopt;
    std::uint32_t magic = 0;
    std::memcpy(&magic, b.data(), 4);
    std::vector<Frame> frames;
    if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d || magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
        const Le r(b, magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1);
        const std::uint32_t linktype = r.u32(20) & 0x0fffffff;
        for (std::size_t pos = 24; pos + 16 <= b.size();) {
            const std::size_t caplen = r.u32(pos + 8);
            if (pos + 16 + caplen > b.size()) break;
            frames.push_back({linktype, Bytes(b.begin() + static_cast<std::ptrdiff_t>(pos + 16),
                                              b.begin() + static_cast<std::ptrdiff_t>(pos + 16 + caplen))});
            pos += 16 + caplen;
        }
        return frames;
    }
    if (magic != 0x0a0d0d0a) return std::nullopt;
    std::vector<std::uint32_t> linktypes;  // per interface of the current section
    bool swap = false;
    for (std::size_t pos = 0; pos + 12 <= b.size();) {
        if (Le(b, false).u32(pos) == 0x0a0d0d0a) {  // section header: its byte-order magic decides
            swap = Le(b, false).u32(pos + 8) != 0x1a2b3c4d;
            linktypes.clear();
        }
        const Le r(b, swap);
        const std::uint32_t type = r.u32(pos);
        const std::size_t len = r.u32(pos + 4);
        if (len < 12 || pos + len > b.size()) break;
        if (type == 1 && len >= 20) {  // interface description
            linktypes.push_back(r.u16(pos + 8));
        } else if (type == 6 && len >= 32) {  // enhanced packet
            const std::uint32_t ifc = r.u32(pos + 8);
            const std::size_t caplen = r.u32(pos + 20);
            if (ifc < linktypes.size() && 28 + caplen <= len)
                frames.push_back({linktypes[ifc], Bytes(b.begin() + static_cast<std::ptrdiff_t>(pos + 28),
                                                        b.begin() + static_cast<std::ptrdiff_t>(pos + 28 + caplen))});
        } else if (type == 3 && len >= 16 && !linktypes.empty()) {  // simple packet
            const std::size_t caplen = std::min<std::size_t>(r.u32(pos + 8), len - 16);
            frames.push_back({linktypes[0], Bytes(b.begin() + static_cast<std::ptrdiff_t>(pos + 12),
                                                  b.begin() + static_cast<std::ptrdiff_t>(pos + 12 + caplen))});
        }
        pos += len;
    }
    return frames;
}

std::optional<dissect::packet::LinkType> link_type(std::uint32_t dlt) {
    using LT = dissect::packet::LinkType;
    switch (dlt) {
        case 1: return LT::Ethernet;
        case 113: return LT::LinuxSll;
        case 276: return LT::LinuxSll2;
        case 12:
        case 14:
        case 101: return LT::RawIp;
        case 228: return LT::RawIpv4;
        case 229: return LT::RawIpv6;
        default: return std::nullopt;
    }
}

// ---- p0f's way of writing things ----

// p0f prints IPv6 addresses as eight %x groups, never compressed.
std::string p0f_addr(const dissect::IpAddr& a) {
    if (a.version == 4) return dissect::to_string(a);
    std::string out;
    char buf[8];
    for (std::size_t i = 0; i < 16; i += 2) {
        std::snprintf(buf, sizeof buf, "%x", static_cast<unsigned>(a.b[i] << 8 | a.b[i + 1]));
        if (i) out += ':';
        out += buf;
    }
    return out;
}

// p0f's "params" without the ToS part (which is not part of a match).
std::string params(const P0fMatch& m) {
    std::string out;
    if (m.sig) {
        if (m.sig->generic) out += " generic";
        if (m.kind == P0fMatchKind::Fuzzy) out += " fuzzy";
        if (m.sig->bad_ttl) out += " random_ttl";
    }
    if (m.dist > kP0fMaxDist) out += " excess_dist";
    return out.empty() ? "none" : out.substr(1);
}

std::string strip_tos(std::string p) {
    if (const auto at = p.find("tos:"); at != std::string::npos) {
        p.erase(at == 0 ? 0 : at - 1);
        if (p.empty()) p = "none";
    }
    return p;
}

// ---- the comparison ----

struct Key {
    std::string mod, cli, srv, port, sig;
    auto operator<=>(const Key&) const = default;
};
struct Ours {
    std::string result, dist, params;
    auto operator<=>(const Ours&) const = default;
};

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string x; std::getline(ss, x, '\t');) f.push_back(x);
    return f;
}

// Result of p0f's os= / app= field for our label: "s:unix:Linux:3.11 and
// newer" -> "Linux 3.11 and newer"; "?" -> "???".
std::string result_of_label(const std::string& label) {
    if (label == "?") return "???";
    const auto c1 = label.find(':');
    const auto c2 = label.find(':', c1 + 1);
    const auto c3 = label.find(':', c2 + 1);
    const std::string name = label.substr(c2 + 1, c3 - c2 - 1);
    const std::string flavor = label.substr(c3 + 1);
    return flavor.empty() ? name : name + " " + flavor;
}

// Fingerprints every SYN and SYN+ACK of a capture, p0f style.
std::map<Key, std::set<Ours>> fingerprint_capture(const std::vector<Frame>& frames, const P0fDb& db) {
    std::map<Key, std::set<Ours>> out;
    // Client endpoint + server endpoint -> the MSS of the latest SYN.
    std::map<std::tuple<std::string, std::uint16_t, std::string, std::uint16_t>, std::uint16_t> syn_mss;
    const Databases dbs{&db};
    dissect::packet::Decoded d;
    for (const Frame& f : frames) {
        const auto lt = link_type(f.linktype);
        if (!lt) continue;
        dissect::packet::decode(dissect::ByteView{f.data.data(), f.data.size()}, *lt, d);
        const auto p = p0f_packet(d);
        if (!p) continue;
        const std::string src = p0f_addr(d.src_ip), dst = p0f_addr(d.dst_ip);
        std::uint16_t peer_mss = 0;
        if (!p->syn_ack) {
            syn_mss[{src, d.sport, dst, d.dport}] = p->mss;
        } else if (const auto it = syn_mss.find({dst, d.dport, src, d.sport}); it != syn_mss.end()) {
            peer_mss = it->second;
        }
        const PacketContext ctx{&d, !p->syn_ack, 0, &dbs};
        Sink sink;
        EXPECT_TRUE(tcp_syn(ctx, sink, peer_mss));
        EXPECT_EQ(sink.size(), 1u);
        if (sink.size() != 1) continue;
        const Map& e = *sink[0].entry.as_map();
        const std::string sig = *e.at("sig").as_string();
        const std::string label = *e.at("label").as_string();
        const P0fMatch m = db.match(*p, peer_mss);
        const std::string dist = (m.sig && m.sig->bad_ttl ? "<= " : "") + std::to_string(m.dist);
        const Key k = p->syn_ack ? Key{"syn+ack", dst, src, std::to_string(d.sport), sig}
                                 : Key{"syn", src, dst, std::to_string(d.dport), sig};
        out[k].insert(Ours{result_of_label(label), dist, params(m)});
    }
    return out;
}

TEST(TcpP0fReference, EveryLabelledSynMatchesP0f) {
    const std::string shared = SENSOR_SHARED_DIR;
    const std::string table = shared + "/pcaps/reference/p0f.tsv";
    std::ifstream in(table);
    if (!in) GTEST_SKIP() << "no " << table;
    const auto db = P0fDb::load();
    if (!db) GTEST_SKIP() << "p0f database not available: " << db.error();

    // Rows per capture, in table order.
    std::map<std::string, std::vector<std::vector<std::string>>> rows;
    std::string line;
    std::getline(in, line);  // header
    ASSERT_EQ(line, "file\tmod\tsubj\tcli_ip\tsrv_ip\tsrv_port\tresult\tdist\tparams\traw_sig\tcount");
    while (std::getline(in, line)) {
        auto f = split_tabs(line);
        if (f.size() < 10 || (f[1] != "syn" && f[1] != "syn+ack")) continue;
        rows[f[0]].push_back(std::move(f));
    }
    ASSERT_FALSE(rows.empty());

    std::size_t compared = 0, labelled = 0, failures = 0;
    for (const auto& [file, file_rows] : rows) {
        const auto frames = read_capture(shared + "/pcaps/" + file);
        if (!frames) {
            ADD_FAILURE() << "cannot read " << file;
            continue;
        }
        const auto ours = fingerprint_capture(*frames, *db);
        for (const auto& r : file_rows) {
            ++compared;
            labelled += r[6] != "???";
            const Key k{r[1], r[3], r[4], r[5], r[9]};
            const Ours want{r[6], r[7], strip_tos(r[8])};
            const auto it = ours.find(k);
            if (it == ours.end()) {
                ++failures;
                ADD_FAILURE() << file << " " << r[1] << " " << r[3] << " -> " << r[4] << ":" << r[5]
                              << ": no packet of ours has p0f's signature " << r[9];
                continue;
            }
            if (it->second.size() != 1 || *it->second.begin() != want) {
                ++failures;
                std::string got;
                for (const auto& o : it->second) got += " [" + o.result + " | " + o.dist + " | " + o.params + "]";
                ADD_FAILURE() << file << " " << r[1] << " " << r[3] << " -> " << r[4] << ":" << r[5] << " " << r[9]
                              << "\n  p0f: [" << want.result << " | " << want.dist << " | " << want.params
                              << "]\n  ours:" << got;
            }
            if (failures > 20) FAIL() << "stopping after 20 differences";
        }
    }
    EXPECT_EQ(failures, 0u);
    // The table has ~3800 SYN/SYN+ACK rows, ~3000 of them labelled.
    EXPECT_GT(compared, 3000u);
    EXPECT_GT(labelled, 2500u);
    std::printf("[ p0f ] %zu rows compared (%zu labelled by p0f), %zu differences\n", compared, labelled, failures);
}

}  // namespace
}  // namespace posture::evidence
