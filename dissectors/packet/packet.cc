// dissectors/packet/packet.cc
// The layer walker (see packet.h): chains the per-protocol parsers from the
// link layer down to L4 and strips remote-SPAN encapsulations, so `Decoded`
// describes the innermost frame.
//
// Walk: link header (Ethernet, Linux cooked v1/v2, raw IP) -> VLAN tags ->
// 802.3 LLC/SNAP | MPLS | ARP | IPv4 | IPv6 (+ extension headers) -> TCP | UDP |
// ICMP | ICMPv6 | GRE. Encapsulations stripped, each one counted in
// `tunnel_depth` and bounded by kMaxTunnelDepth:
//   EtherType 0x8903 (Cisco FabricPath), IP protocols 4 and 41 (IP in IP),
//   GRE 0x6558 (transparent Ethernet bridging), GRE 0x0800 / 0x86DD (inner IP),
//   GRE 0x88BE without sequence number (ERSPAN type I: bare mirrored frame),
//   GRE 0x88BE / 0x22EB (ERSPAN type II / III), UDP dport 4789 (VXLAN),
//   UDP dport 6081 (Geneve), UDP dport 2152 (GTP-U G-PDU: inner IP), and MPLS
//   Ethernet pseudowires with a control word.
// Fragments (IPv4 MF/offset, IPv6 Fragment header) are flagged, not anomalies.
// L4 is parsed for unfragmented packets and first fragments; tunnels are not
// stripped from any fragment, since the inner frame is incomplete until
// reassembly.
//
// Anomalies: `Decoded::anomaly` holds the first one met, as a stable counter
// name. A failed layer stops the walk; what was decoded before it stays. Only
// a header that is itself cut or wrong counts: a payload shorter than its
// length field says (a small snaplen) sets `capture_truncated` instead.
// Every name this file can produce (anomaly_names() returns the same list):
//   dissect.eth.truncated                 Ethernet header under 14 bytes
//   dissect.vlan.truncated                VLAN tag cut
//   dissect.vlan.too_many_tags            more than kMaxVlanTags tags
//   dissect.llc.truncated                 LLC or SNAP header cut
//   dissect.mpls.truncated                label stack or PW control word cut
//   dissect.mpls.too_many_labels          no bottom-of-stack within kMaxMplsLabels
//   dissect.arp.truncated                 ARP fixed part or an address cut
//   dissect.ip.truncated                  raw IP / ERSPAN IP payload empty (no version nibble)
//   dissect.ip.bad_version                raw IP / ERSPAN IP payload neither version 4 nor 6
//   dissect.ipv4.truncated                IPv4 header (IHL * 4 bytes) cut
//   dissect.ipv4.bad_version              version nibble not 4
//   dissect.ipv4.bad_header_length        IHL below 5
//   dissect.ipv4.bad_total_length         total length shorter than the header (and not 0)
//   dissect.ipv6.truncated                fixed header or an extension header cut by the capture
//   dissect.ipv6.bad_version              version nibble not 6
//   dissect.ipv6.bad_ext_header_length    extension header runs past the payload length
//   dissect.ipv6.ext_header_limit         more than kMaxIpv6ExtHeaders extension headers
//   dissect.tcp.truncated                 TCP header (data offset * 4 bytes) cut
//   dissect.tcp.bad_data_offset           data offset below 5
//   dissect.udp.truncated                 UDP header under 8 bytes
//   dissect.udp.bad_length                UDP length 1..7
//   dissect.udp.length_exceeds_ip         UDP length past a complete IP payload (not fatal)
//   dissect.icmp.truncated                ICMP header under 4 bytes
//   dissect.icmpv6.truncated              ICMPv6 header under 4 bytes
//   dissect.gre.truncated                 GRE header or an optional field its flags announce cut
//   dissect.gre.unsupported_version       GRE version 2..7
//   dissect.gre.unsupported_routing       RFC 1701 routing bit set
//   dissect.erspan.truncated              ERSPAN header or platform subheader cut
//   dissect.erspan.unsupported_version    ERSPAN version field not 1 (II) or 2 (III)
//   dissect.vxlan.truncated               VXLAN header under 8 bytes
//   dissect.vxlan.no_vni                  VXLAN I flag clear
//   dissect.geneve.truncated              Geneve header or its options cut
//   dissect.geneve.unsupported_version    Geneve version not 0
//   dissect.gtpu.truncated                GTP-U header, optional fields or an extension header cut
//   dissect.gtpu.bad_version              GTP-U version not 1, or GTP' (PT bit clear)
//   dissect.gtpu.bad_extension            GTP-U extension header of length 0, too many, or past the length field
//   dissect.sll.truncated                 Linux cooked v1 header under 16 bytes
//   dissect.sll2.truncated                Linux cooked v2 header under 20 bytes
//   dissect.tunnel.too_deep               encapsulation past kMaxTunnelDepth (outer frame kept)
//   dissect.packet.unknown_link_type      LinkType value outside the enum
//
// Cost: no allocation, no copies of packet bytes; each layer is one bounded
// parse. Recursion happens only when entering a tunnel, so its depth is
// bounded by kMaxTunnelDepth.
#include "dissectors/packet/packet.h"

#include "dissectors/arp/arp.h"
#include "dissectors/core/byte_reader.h"
#include "dissectors/erspan/erspan.h"
#include "dissectors/eth/eth.h"
#include "dissectors/geneve/geneve.h"
#include "dissectors/gtpu/gtpu.h"
#include "dissectors/gre/gre.h"
#include "dissectors/icmp/icmp.h"
#include "dissectors/icmpv6/icmpv6.h"
#include "dissectors/ipv4/ipv4.h"
#include "dissectors/ipv6/ipv6.h"
#include "dissectors/llc/llc.h"
#include "dissectors/mpls/mpls.h"
#include "dissectors/sll/sll.h"
#include "dissectors/sll2/sll2.h"
#include "dissectors/tcp/tcp.h"
#include "dissectors/udp/udp.h"
#include "dissectors/vlan/vlan.h"
#include "dissectors/vxlan/vxlan.h"

namespace dissect::packet {

// The parsers enforce these caps themselves; packet.h publishes them.
static_assert(kMaxMplsLabels == mpls::kMaxLabels);
static_assert(kMaxIpv6ExtHeaders == ipv6::kMaxExtHeaders);

namespace {

// Anomalies decided here rather than inside one parser.
constexpr const char kVlanTooManyTags[] = "dissect.vlan.too_many_tags";
constexpr const char kIpTruncated[] = "dissect.ip.truncated";
constexpr const char kIpBadVersion[] = "dissect.ip.bad_version";
constexpr const char kUdpLengthExceedsIp[] = "dissect.udp.length_exceeds_ip";
constexpr const char kTunnelTooDeep[] = "dissect.tunnel.too_deep";
constexpr std::uint8_t kProtoIpInIp = 4, kProtoIpv6InIp = 41;
constexpr const char kUnknownLinkType[] = "dissect.packet.unknown_link_type";

constexpr const char* kAnomalyNames[] = {
    eth::kErrTruncated,
    vlan::kErrTruncated,
    kVlanTooManyTags,
    llc::kErrTruncated,
    mpls::kErrTruncated,
    mpls::kErrTooManyLabels,
    arp::kErrTruncated,
    kIpTruncated,
    kIpBadVersion,
    ipv4::kErrTruncated,
    ipv4::kErrBadVersion,
    ipv4::kErrBadHeaderLength,
    ipv4::kErrBadTotalLength,
    ipv6::kErrTruncated,
    ipv6::kErrBadVersion,
    ipv6::kErrBadExtHeaderLength,
    ipv6::kErrExtHeaderLimit,
    tcp::kErrTruncated,
    tcp::kErrBadDataOffset,
    udp::kErrTruncated,
    udp::kErrBadLength,
    kUdpLengthExceedsIp,
    icmp::kErrTruncated,
    icmpv6::kErrTruncated,
    gre::kErrTruncated,
    gre::kErrUnsupportedVersion,
    gre::kErrUnsupportedRouting,
    erspan::kErrTruncated,
    erspan::kErrUnsupportedVersion,
    vxlan::kErrTruncated,
    vxlan::kErrNoVni,
    geneve::kErrTruncated,
    geneve::kErrUnsupportedVersion,
    gtpu::kErrTruncated,
    gtpu::kErrBadVersion,
    gtpu::kErrBadExtension,
    sll::kErrTruncated,
    sll2::kErrTruncated,
    kTunnelTooDeep,
    kUnknownLinkType,
};

constexpr std::uint8_t kIpVersion4 = 4;
constexpr std::uint8_t kIpVersion6 = 6;
constexpr std::size_t kMacLen = 6;

// Keeps the first anomaly: later ones tend to be consequences of it.
void note(Decoded& d, const char* what) noexcept {
    if (d.anomaly == nullptr) d.anomaly = what;
}
void note(Decoded& d, const ParseError& e) noexcept { note(d, e.what); }

void walk_ethernet(ByteView v, Decoded& d) noexcept;
void walk_ethertype(std::uint16_t type, ByteView v, Decoded& d) noexcept;

// Starts describing an encapsulated frame. Everything decoded so far belonged
// to the outer headers and is dropped, except the tunnel count and the first
// anomaly. Returns false (and flags kTunnelTooDeep) when kMaxTunnelDepth
// encapsulations were already stripped; the outer frame then stays described.
[[nodiscard]] bool enter_tunnel(Decoded& d) noexcept {
    if (d.tunnel_depth >= kMaxTunnelDepth) {
        note(d, kTunnelTooDeep);
        return false;
    }
    const auto depth = static_cast<std::uint8_t>(d.tunnel_depth + 1);
    const char* const anomaly = d.anomaly;
    const bool outer_eth = d.tunnel_depth == 0 ? d.has_eth : d.outer_has_eth;
    const MacAddr outer_mac = d.tunnel_depth == 0 ? d.src_mac : d.outer_src_mac;
    const std::uint16_t outer_vlan = d.tunnel_depth == 0 ? d.vlan : d.outer_vlan;
    const IpAddr outer_ip = d.tunnel_depth == 0 ? d.src_ip : d.outer_src_ip;
    const IpAddr outer_dst = d.tunnel_depth == 0 ? d.dst_ip : d.outer_dst_ip;
    d = Decoded{};
    d.tunnel_depth = depth;
    d.anomaly = anomaly;
    d.outer_has_eth = outer_eth;
    d.outer_src_mac = outer_mac;
    d.outer_vlan = outer_vlan;
    d.outer_src_ip = outer_ip;
    d.outer_dst_ip = outer_dst;
    return true;
}

// An IP packet with no link header to say which version: the first nibble does.
void walk_ip(ByteView v, Decoded& d) noexcept {
    const auto first = v.at(0);
    if (!first) return note(d, kIpTruncated);
    switch (*first >> 4) {
        case kIpVersion4: return walk_ethertype(eth::kTypeIpv4, v, d);
        case kIpVersion6: return walk_ethertype(eth::kTypeIpv6, v, d);
        default: return note(d, kIpBadVersion);
    }
}

void walk_erspan(ByteView v, Decoded& d) noexcept {
    const auto e = erspan::parse(v);
    if (!e) return note(d, e.error());
    if (!enter_tunnel(d)) return;
    if (e->inner_is_ip) return walk_ip(e->payload, d);
    walk_ethernet(e->payload, d);
}

void walk_gre(ByteView v, Decoded& d) noexcept {
    const auto g = gre::parse(v);
    if (!g) return note(d, g.error());
    // PPTP's enhanced GRE (version 1) carries PPP, which we do not strip.
    if (d.fragment || g->version != gre::kVersionGre) return;
    switch (g->protocol) {
        case eth::kTypeTeb:
            if (enter_tunnel(d)) walk_ethernet(g->payload, d);
            return;
        case eth::kTypeIpv4:
        case eth::kTypeIpv6:
            if (enter_tunnel(d)) walk_ethertype(g->protocol, g->payload, d);
            return;
        case eth::kTypeErspan2:
            // ERSPAN type I: no sequence number and no ERSPAN header, the
            // mirrored frame follows GRE directly (Linux include/net/erspan.h).
            if (!g->seq_present) {
                if (enter_tunnel(d)) walk_ethernet(g->payload, d);
                return;
            }
            return walk_erspan(g->payload, d);
        case eth::kTypeErspan3: return walk_erspan(g->payload, d);
        default: return;  // keepalives, MPLS-in-GRE, ...: the outer packet stays described
    }
}

void walk_vxlan(ByteView v, Decoded& d) noexcept {
    const auto x = vxlan::parse(v);
    if (!x) return note(d, x.error());
    if (enter_tunnel(d)) walk_ethernet(x->payload, d);
}

void walk_geneve(ByteView v, Decoded& d) noexcept {
    const auto g = geneve::parse(v);
    if (!g) return note(d, g.error());
    switch (g->protocol) {
        case eth::kTypeTeb:
            if (enter_tunnel(d)) walk_ethernet(g->payload, d);
            return;
        case eth::kTypeIpv4:
        case eth::kTypeIpv6:
            if (enter_tunnel(d)) walk_ethertype(g->protocol, g->payload, d);
            return;
        default: return;
    }
}

// A G-PDU carries a user's IP packet with no link header; signalling
// messages (echo, end marker) leave the outer packet described.
void walk_gtpu(ByteView v, Decoded& d) noexcept {
    const auto g = gtpu::parse(v);
    if (!g) return note(d, g.error());
    if (g->message_type != gtpu::kTypeGpdu || g->payload.empty()) return;
    if (enter_tunnel(d)) walk_ip(g->payload, d);
}

void walk_tcp(ByteView v, Decoded& d) noexcept {
    const auto t = tcp::parse(v);
    if (!t) return note(d, t.error());
    d.has_l4 = true;
    d.sport = t->sport;
    d.dport = t->dport;
    d.tcp_flags = t->flags;
    d.tcp_seq = t->seq;
    d.tcp_ack = t->ack;
    d.tcp_window = t->window;
    d.tcp_urg = t->urgent;
    d.tcp_header_len = t->header_len;
    d.tcp_options = t->options;
    d.l4_payload = t->payload;
}

void walk_udp(ByteView v, Decoded& d) noexcept {
    const auto u = udp::parse(v);
    if (!u) return note(d, u.error());
    d.has_l4 = true;
    d.sport = u->sport;
    d.dport = u->dport;
    d.l4_payload = u->payload;
    // In a fragment the UDP length counts the whole datagram and any inner
    // frame is incomplete until reassembly: neither check it nor strip it.
    if (d.fragment) return;
    // Otherwise a UDP length past the IP payload is innocent only when the capture cut it.
    if (u->truncated && !d.capture_truncated) note(d, kUdpLengthExceedsIp);
    if (u->dport == vxlan::kUdpPort) return walk_vxlan(u->payload, d);
    if (u->dport == geneve::kUdpPort) return walk_geneve(u->payload, d);
    if (u->dport == gtpu::kUdpPort) return walk_gtpu(u->payload, d);
}

void walk_icmp(ByteView v, Decoded& d) noexcept {
    const auto m = icmp::parse(v);
    if (!m) return note(d, m.error());
    d.has_l4 = true;
    d.icmp_type = m->type;
    d.icmp_code = m->code;
    d.l4_payload = m->payload;
}

void walk_icmpv6(ByteView v, Decoded& d) noexcept {
    const auto m = icmpv6::parse(v);
    if (!m) return note(d, m.error());
    d.has_l4 = true;
    d.icmp_type = m->type;
    d.icmp_code = m->code;
    d.l4_payload = m->payload;
}

// `v` is the IP payload after all IP headers; IANA protocol numbers are shared
// by IPv4's protocol and IPv6's next header.
void walk_l4(std::uint8_t proto, ByteView v, Decoded& d) noexcept {
    d.l4_payload = v;  // replaced by the L4 parsers below with their own payload
    switch (proto) {
        case ipv4::kProtoTcp: return walk_tcp(v, d);
        case ipv4::kProtoUdp: return walk_udp(v, d);
        case ipv4::kProtoIcmp: return walk_icmp(v, d);
        case ipv4::kProtoIcmpv6: return walk_icmpv6(v, d);
        case ipv4::kProtoGre: return walk_gre(v, d);
        case kProtoIpInIp:
        case kProtoIpv6InIp:
            // IPv4/IPv6 encapsulated in IP (RFC 2003, RFC 4213): the inner
            // packet, never from a fragment (it is incomplete).
            if (d.fragment || !enter_tunnel(d)) return;
            return walk_ethertype(proto == kProtoIpInIp ? eth::kTypeIpv4 : eth::kTypeIpv6, v, d);
        default: return;
    }
}

void walk_ipv4(ByteView v, Decoded& d) noexcept {
    const auto ip = ipv4::parse(v);
    if (!ip) return note(d, ip.error());
    d.l3 = L3::Ipv4;
    d.src_ip = ip->src;
    d.dst_ip = ip->dst;
    d.ip_proto = ip->protocol;
    d.ttl = ip->ttl;
    d.ip_id = ip->id;
    d.df = ip->df;
    d.ip_options = !ip->options.empty();
    d.fragment = ip->is_fragment();
    d.first_fragment = d.fragment && ip->frag_offset == 0;
    d.ip = ip->packet;
    d.capture_truncated |= ip->truncated;
    if (ip->frag_offset != 0) {
        d.l4_payload = ip->payload;  // fragment data; only offset 0 holds the L4 header
        return;
    }
    walk_l4(ip->protocol, ip->payload, d);
}

void walk_ipv6(ByteView v, Decoded& d) noexcept {
    const auto ip = ipv6::parse(v);
    if (!ip) return note(d, ip.error());
    d.l3 = L3::Ipv6;
    d.src_ip = ip->src;
    d.dst_ip = ip->dst;
    d.ip_proto = ip->protocol;
    d.ttl = ip->hop_limit;
    d.ipv6_flow = ip->flow_label;
    d.fragment = ip->fragment;
    d.first_fragment = ip->fragment && ip->frag_offset == 0;
    d.ip = ip->packet;
    d.capture_truncated |= ip->truncated;
    if (ip->frag_offset != 0) {
        d.l4_payload = ip->payload;
        return;
    }
    walk_l4(ip->protocol, ip->payload, d);
}

void walk_arp(ByteView v, Decoded& d) noexcept {
    const auto a = arp::parse(v);
    if (!a) return note(d, a.error());
    d.l3 = L3::Arp;
    d.arp.opcode = a->opcode;
    // Other hardware/protocol pairs (IEEE 1394, InfiniBand, ...) keep only the opcode.
    if (!a->is_eth_ipv4) return;
    d.arp.sender_mac = a->sender_mac;
    d.arp.sender_ip = a->sender_ip;
    d.arp.target_mac = a->target_mac;
    d.arp.target_ip = a->target_ip;
}

void walk_mpls(ByteView v, Decoded& d) noexcept {
    const auto m = mpls::parse(v);
    if (!m) return note(d, m.error());
    d.mpls_labels = m->label_count;
    switch (m->next) {
        case mpls::Next::Ipv4: return walk_ethertype(eth::kTypeIpv4, m->payload, d);
        case mpls::Next::Ipv6: return walk_ethertype(eth::kTypeIpv6, m->payload, d);
        case mpls::Next::PwEthernet:
            if (enter_tunnel(d)) walk_ethernet(m->payload, d);
            return;
        case mpls::Next::Unknown:
            d.l2_payload = m->payload;
            d.l3 = L3::Other;
            return;
    }
}

// `v` is what an 802.3 length covers.
void walk_llc(ByteView v, Decoded& d) noexcept {
    const auto l = llc::parse(v);
    if (!l) return note(d, l.error());
    d.llc = true;
    d.llc_dsap = l->dsap;
    d.llc_ssap = l->ssap;
    d.snap = l->snap;
    d.snap_oui = l->oui;
    d.snap_pid = l->pid;
    d.l2_payload = l->payload;
    // RFC 1042: SNAP with OUI 0 carries an EtherType. A PID that is a length
    // would lead straight back here, so it is not followed.
    if (l->snap && l->oui == llc::kOuiEthertype && l->pid > eth::kMaxLength)
        return walk_ethertype(l->pid, l->payload, d);
    d.l3 = L3::Other;  // STP, CDP, VTP, NetBIOS, ...: l2_payload holds the body
}

// Dispatches on an EtherType (never an 802.3 length), first popping VLAN tags.
void walk_ethertype(std::uint16_t type, ByteView v, Decoded& d) noexcept {
    while (vlan::is_tpid(type)) {
        if (d.vlan_count >= kMaxVlanTags) return note(d, kVlanTooManyTags);
        const auto tag = vlan::parse(v);
        if (!tag) return note(d, tag.error());
        ++d.vlan_count;
        d.vlan = tag->vid;
        if (tag->is_8023) {
            d.capture_truncated |= tag->truncated;
            return walk_llc(tag->payload, d);
        }
        type = tag->inner_type;
        v = tag->payload;
    }
    d.ethertype = type;
    d.l2_payload = v;
    switch (type) {
        case eth::kTypeIpv4: return walk_ipv4(v, d);
        case eth::kTypeIpv6: return walk_ipv6(v, d);
        case eth::kTypeArp: return walk_arp(v, d);
        case eth::kTypeMplsUnicast:
        case eth::kTypeMplsMulticast: return walk_mpls(v, d);
        case eth::kTypeFabricPath: {
            // 2 bytes FTAG/TTL, then the classical Ethernet frame. The outer
            // "MACs" are switch ids: nobody's sender.
            if (v.size() < 2) return note(d, eth::kErrTruncated);
            const bool top = d.tunnel_depth == 0;
            if (!enter_tunnel(d)) return;
            if (top) d.outer_has_eth = false;
            return walk_ethernet(v.tail(2), d);
        }
        default: d.l3 = L3::Other; return;  // LLDP, EAPOL, ...: l2_payload holds the body
    }
}

void walk_ethernet(ByteView v, Decoded& d) noexcept {
    const auto e = eth::parse(v);
    if (!e) return note(d, e.error());
    d.has_eth = true;
    d.dst_mac = e->dst;
    d.src_mac = e->src;
    if (e->is_8023) {
        d.capture_truncated |= e->truncated;
        return walk_llc(e->payload, d);
    }
    walk_ethertype(e->type_or_length, e->payload, d);
}

// Linux cooked captures (v1 and v2 share everything after their header).
void walk_cooked(std::uint16_t arphrd, ByteView addr, std::uint16_t protocol, ByteView payload,
                 Decoded& d) noexcept {
    // The cooked header keeps only the sender's link address, which for an
    // Ethernet interface is the source MAC, whatever the packet direction.
    if (arphrd == sll::kArphrdEther && addr.size() == kMacLen) {
        ByteReader r(addr);
        d.src_mac = *eth::read_mac(r);  // cannot fail: 6 bytes
    }
    if (protocol == sll::kProto8022) return walk_llc(payload, d);
    if (protocol > eth::kMaxLength) return walk_ethertype(protocol, payload, d);
    d.l2_payload = payload;  // other LINUX_SLL_P_* values: CAN, raw 802.3 (IPX), ...
    d.l3 = L3::Other;
}

void walk_sll(ByteView v, Decoded& d) noexcept {
    const auto s = sll::parse(v);
    if (!s) return note(d, s.error());
    walk_cooked(s->arphrd, s->addr, s->protocol, s->payload, d);
}

void walk_sll2(ByteView v, Decoded& d) noexcept {
    const auto s = sll2::parse(v);
    if (!s) return note(d, s.error());
    walk_cooked(s->arphrd, s->addr, s->protocol, s->payload, d);
}

}  // namespace

void decode(ByteView frame, LinkType lt, Decoded& out) noexcept {
    out = Decoded{};
    switch (lt) {
        case LinkType::Ethernet: return walk_ethernet(frame, out);
        case LinkType::LinuxSll: return walk_sll(frame, out);
        case LinkType::LinuxSll2: return walk_sll2(frame, out);
        case LinkType::RawIp: return walk_ip(frame, out);
        case LinkType::RawIpv4: return walk_ethertype(eth::kTypeIpv4, frame, out);
        case LinkType::RawIpv6: return walk_ethertype(eth::kTypeIpv6, frame, out);
    }
    // The enum has a fixed underlying type, so any uint8_t value can arrive here.
    note(out, kUnknownLinkType);
}

std::span<const char* const> anomaly_names() noexcept { return kAnomalyNames; }

}  // namespace dissect::packet
