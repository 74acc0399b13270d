// posture/evidence/tcp.cc
// p0f v3 SYN / SYN+ACK fingerprints: see tcp.h. The packet features follow
// p0f 3.09b's process.c (parse_packet) field by field, bugs included where
// they change what p0f prints (see the ACK quirk and the EOL scan below).
#include "posture/evidence/tcp.h"

#include <string>
#include <string_view>

#include "dissectors/core/byte_reader.h"
#include "dissectors/packet/packet.h"

namespace posture::evidence {
namespace {

namespace pk = dissect::packet;

constexpr std::uint8_t kFin = 0x01;
constexpr std::uint8_t kSyn = 0x02;
constexpr std::uint8_t kRst = 0x04;
constexpr std::uint8_t kPsh = 0x08;
constexpr std::uint8_t kAck = 0x10;
constexpr std::uint8_t kUrg = 0x20;
constexpr std::uint8_t kEce = 0x40;
constexpr std::uint8_t kCwr = 0x80;
constexpr std::uint8_t kTcpNs = 0x01;         // low bit of the data-offset byte (RFC 3540)
constexpr std::uint8_t kIpEcnMask = 0x03;     // ECT and CE
constexpr std::uint16_t kIpv4Mbz = 0x8000;
constexpr std::uint16_t kIpv4Df = 0x4000;
constexpr std::size_t kIpv4MinHeader = 20;
constexpr std::size_t kIpv6Header = 40;
constexpr std::uint8_t kProtoTcp = 6;
constexpr std::uint8_t kMaxWscale = 14;       // RFC 7323 §2.3
constexpr std::uint8_t kSackMin = 10, kSackMax = 34;
constexpr std::uint8_t kOptLenMin = 2, kOptLenMax = 40;

constexpr std::uint8_t kExactWeight = 60;
constexpr std::uint8_t kGenericWeight = 45;
constexpr std::uint8_t kFuzzyWeight = 30;

std::uint32_t be32_at(dissect::ByteView v, std::size_t i) {
    return std::uint32_t{v[i]} << 24 | std::uint32_t{v[i + 1]} << 16 | std::uint32_t{v[i + 2]} << 8 | v[i + 3];
}

// TCP options the way p0f walks them: every option kind goes into the layout
// (at most kP0fMaxTcpOptions), lengths are checked per kind, and anything
// that does not add up sets 'bad' and stops the walk.
void walk_options(dissect::ByteView o, P0fPacket& p) {
    const std::size_t n = o.size();
    std::size_t i = 0;
    bool abort = false;
    while (i < n && p.layout.count < kP0fMaxTcpOptions && !abort) {
        const std::uint8_t kind = o[i++];
        p.layout.kinds[p.layout.count++] = kind;
        switch (kind) {
            case kTcpOptEol: {
                p.eol_pad = static_cast<std::uint8_t>(n - i);
                // p0f scans with `while (data < end && !*data++);`: the pointer
                // steps past the first non-zero byte, so a non-zero LAST byte
                // goes unnoticed. Kept, to print what p0f prints.
                while (i < n) {
                    const bool zero = o[i++] == 0;
                    if (!zero) break;
                }
                if (i != n) {
                    p.quirks |= kQuirkOptEolNz;
                    i = n;
                }
                break;
            }
            case kTcpOptNop: break;
            case kTcpOptMss:
                if (i + 3 > n) {
                    abort = true;
                    break;
                }
                if (o[i] != 4) p.quirks |= kQuirkOptBad;
                p.mss = static_cast<std::uint16_t>(o[i + 1] << 8 | o[i + 2]);
                i += 3;
                break;
            case kTcpOptWscale:
                if (i + 2 > n) {
                    abort = true;
                    break;
                }
                if (o[i] != 3) p.quirks |= kQuirkOptBad;
                p.wscale = o[i + 1];
                if (p.wscale > kMaxWscale) p.quirks |= kQuirkOptExws;
                i += 2;
                break;
            case kTcpOptSackOk:
                if (i + 1 > n) {
                    abort = true;
                    break;
                }
                if (o[i] != 2) p.quirks |= kQuirkOptBad;
                i += 1;
                break;
            case kTcpOptSack:
                if (i == n || o[i] < kSackMin || o[i] > kSackMax || i - 1 + o[i] > n) {
                    abort = true;
                    break;
                }
                i += o[i] - 1u;
                break;
            case kTcpOptTimestamp:
                if (i + 9 > n) {
                    abort = true;
                    break;
                }
                if (o[i] != 10) p.quirks |= kQuirkOptBad;
                p.ts1 = be32_at(o, i + 1);
                if (!p.ts1) p.quirks |= kQuirkOptZeroTs1;
                if (!p.syn_ack && be32_at(o, i + 5) != 0) p.quirks |= kQuirkOptNzTs2;
                i += 9;
                break;
            default:  // unknown: trust a plausible length
                if (i == n || o[i] < kOptLenMin || o[i] > kOptLenMax || i - 1 + o[i] > n) {
                    abort = true;
                    break;
                }
                i += o[i] - 1u;
                break;
        }
    }
    if (abort || i != n) p.quirks |= kQuirkOptBad;
}

// "2.2.x-3.x (no timestamps)" -> "2.2.x-3.x"; "(Android)" -> "".
std::string version_of(std::string_view flavor) {
    if (const std::size_t paren = flavor.find('('); paren != std::string_view::npos) flavor = flavor.substr(0, paren);
    while (!flavor.empty() && flavor.back() == ' ') flavor.remove_suffix(1);
    return std::string(flavor);
}

}  // namespace

std::optional<P0fPacket> p0f_packet(const pk::Decoded& d) noexcept {
    if (!d.has_l4 || d.ip_proto != kProtoTcp || d.fragment) return std::nullopt;
    if (d.l3 != pk::L3::Ipv4 && d.l3 != pk::L3::Ipv6) return std::nullopt;
    const std::uint8_t type = d.tcp_flags & (kSyn | kAck | kFin | kRst);
    if (type != kSyn && type != (kSyn | kAck)) return std::nullopt;

    P0fPacket p;
    p.syn_ack = type == (kSyn | kAck);
    p.ttl = d.ttl;
    dissect::ByteReader r(d.ip);
    std::size_t ip_header = 0;
    std::size_t ip_total = 0;  // header + payload as the IP length field says
    if (d.l3 == pk::L3::Ipv4) {
        const auto ver_ihl = r.u8();
        const auto tos = r.u8();
        const auto total = r.be16();
        const auto id = r.be16();
        const auto flags_off = r.be16();
        if (!flags_off) return std::nullopt;
        ip_header = (*ver_ihl & 0x0fu) * 4u;
        if (ip_header < kIpv4MinHeader) return std::nullopt;
        ip_total = *total;
        p.ip_ver = 4;
        p.ip_opt_len = static_cast<std::uint8_t>(ip_header - kIpv4MinHeader);
        if (*tos & kIpEcnMask) p.quirks |= kQuirkEcn;
        if (*flags_off & kIpv4Mbz) p.quirks |= kQuirkNzMbz;
        if (*flags_off & kIpv4Df) {
            p.quirks |= kQuirkDf;
            if (*id) p.quirks |= kQuirkNzId;
        } else if (!*id) {
            p.quirks |= kQuirkZeroId;
        }
    } else {
        const auto ver_tc_flow = r.be32();
        const auto payload_len = r.be16();
        const auto next = r.u8();
        if (!next) return std::nullopt;
        if (*next != kProtoTcp) return std::nullopt;  // p0f does not walk extension headers
        ip_header = kIpv6Header;
        ip_total = kIpv6Header + *payload_len;
        p.ip_ver = 6;
        if (*ver_tc_flow & 0xfffffu) p.quirks |= kQuirkFlow;
        if ((*ver_tc_flow >> 20) & kIpEcnMask) p.quirks |= kQuirkEcn;
    }
    // The data-offset byte of the TCP header, for the NS bit.
    const auto doff_byte = d.ip.at(ip_header + 12);
    if (!doff_byte) return std::nullopt;
    const std::size_t tcp_header = d.tcp_header_len;
    p.tot_hdr = static_cast<std::uint16_t>(ip_header + tcp_header);
    p.win = d.tcp_window;

    if ((d.tcp_flags & (kEce | kCwr)) || (*doff_byte & kTcpNs)) p.quirks |= kQuirkEcn;
    if (!d.tcp_seq) p.quirks |= kQuirkZeroSeq;
    if (d.tcp_flags & kAck) {
        if (!d.tcp_ack) p.quirks |= kQuirkZeroAck;
    } else if ((d.tcp_ack >> 24) & 1u) {
        // p0f 3.09b writes `RD32(tcp->ack) & !(flags & RST)`: a bitwise AND
        // with 1, which on the little-endian hosts it runs on tests bit 0 of
        // the ACK field's first byte. That is what its labels were made with.
        p.quirks |= kQuirkNzAck;
    }
    if (d.tcp_flags & kUrg) p.quirks |= kQuirkUrg;
    else if (d.tcp_urg) p.quirks |= kQuirkNzUrg;
    if (d.tcp_flags & kPsh) p.quirks |= kQuirkPush;

    // Payload: what the IP length promises past the headers. A short capture
    // (snaplen) still shows whether there was any.
    if (d.capture_truncated) p.payload = ip_total > ip_header + tcp_header;
    else p.payload = !d.l4_payload.empty();

    walk_options(d.tcp_options, p);
    return p;
}

bool tcp_syn(const PacketContext& ctx, Sink& out) { return tcp_syn(ctx, out, 0); }

bool tcp_syn(const PacketContext& ctx, Sink& out, std::uint16_t peer_syn_mss) {
    const auto p = p0f_packet(*ctx.dec);
    if (!p) return false;
    const std::uint16_t syn_mss = p->syn_ack ? peer_syn_mss : 0;
    P0fMatch m;
    if (ctx.db && ctx.db->p0f) m = ctx.db->p0f->match(*p, syn_mss);

    Fingerprint fp;
    Map e;
    e.insert_or_assign("sig", Value(p0f_signature(*p, syn_mss)));
    e.insert_or_assign("label", Value(m.sig ? capped(m.sig->label) : std::string("?")));
    fp.key = "tcp";
    fp.entry = Value(std::move(e));
    if (m.sig) {
        const char* src = p->syn_ack ? "tcp.synack" : "tcp.syn";
        if (m.sig->userland) {
            fp.observations.push_back({"tcp.tool", capped(p0f_result(*m.sig))});
        } else {
            const std::uint8_t w = m.kind == P0fMatchKind::Exact     ? kExactWeight
                                   : m.kind == P0fMatchKind::Generic ? kGenericWeight
                                                                     : kFuzzyWeight;
            fp.hints.push_back(ClassHint{"os.name", capped(m.sig->name), w, src});
            if (std::string v = version_of(m.sig->flavor); !v.empty())
                fp.hints.push_back(ClassHint{"os.version", capped(v), w, src});
        }
    }
    out.push_back(std::move(fp));
    return true;
}

}  // namespace posture::evidence
