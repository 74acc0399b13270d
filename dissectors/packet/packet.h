// dissectors/packet/packet.h
// The layer walker: one captured frame -> the addresses, ports and payload
// views the pipeline needs. It chains the per-protocol parsers of dissectors/
// (eth, vlan, llc, mpls, arp, ipv4, ipv6, tcp, udp, icmp, icmpv6, gre, erspan,
// vxlan, geneve, gtpu, sll) and strips remote-SPAN encapsulations (GRE transparent
// bridging, ERSPAN II/III, VXLAN, Geneve, Cisco FabricPath) and mobile-core
// GTP-U tunnels down to the innermost frame, which is what `Decoded` then
// describes.
//
// Guarantees: reads only inside `frame`; no allocation, no exceptions; every
// ByteView in `Decoded` points into `frame`. A layer that fails to parse stops
// the walk: everything decoded before it stays valid (so a frame with a broken
// IP header still yields its MACs), and `anomaly` names the failure with a
// stable dotted counter name such as "dissect.ipv4.truncated".
#pragma once

#include <cstdint>
#include <span>

#include "dissectors/core/addr.h"
#include "dissectors/core/byte_view.h"

namespace dissect::packet {

// Link types we accept, mapped from pcap DLT values by the capture layer.
enum class LinkType : std::uint8_t { Ethernet, LinuxSll, LinuxSll2, RawIp, RawIpv4, RawIpv6 };

inline constexpr std::uint8_t kMaxVlanTags = 4;     // 802.1Q/802.1ad tags followed per frame
inline constexpr std::uint8_t kMaxMplsLabels = 8;   // labels popped before giving up
inline constexpr std::uint8_t kMaxIpv6ExtHeaders = 8;
inline constexpr std::uint8_t kMaxTunnelDepth = 3;  // nested encapsulations stripped

enum class L3 : std::uint8_t { None, Arp, Ipv4, Ipv6, Other };

struct ArpInfo {
    std::uint16_t opcode = 0;  // 1 request, 2 reply
    MacAddr sender_mac{};
    IpAddr sender_ip{};
    MacAddr target_mac{};
    IpAddr target_ip{};
};

struct Decoded {
    // --- L2 (innermost Ethernet header; absent for raw IP link types. Linux cooked
    //     captures have no Ethernet header: has_eth stays false, and src_mac is the
    //     cooked header's sender address when that is a 6-byte Ethernet address) ---
    bool has_eth = false;
    MacAddr src_mac{};
    MacAddr dst_mac{};
    std::uint16_t vlan = 0;          // innermost VLAN id, 0 when untagged
    std::uint8_t vlan_count = 0;     // tags seen (2 for QinQ)
    std::uint16_t ethertype = 0;     // after tags/MPLS; 0 for 802.3 length frames (the SNAP PID when OUI is 0)
    bool llc = false;                // 802.3 length + LLC header present
    std::uint8_t llc_dsap = 0, llc_ssap = 0;
    bool snap = false;
    std::uint32_t snap_oui = 0;      // 24 bits
    std::uint16_t snap_pid = 0;
    ByteView l2_payload;             // bytes after all L2 headers (LLDP, CDP, STP, EAPOL bodies)
    std::uint8_t mpls_labels = 0;
    std::uint8_t tunnel_depth = 0;   // encapsulations stripped to reach this frame
    // The outermost frame's sender when a tunnel was stripped: the VTEP, GRE or
    // ERSPAN source is itself an endpoint on the mirrored segment. Not set for
    // Cisco FabricPath, whose outer addresses are switch ids, not MACs.
    bool outer_has_eth = false;
    MacAddr outer_src_mac{};
    std::uint16_t outer_vlan = 0;
    IpAddr outer_src_ip{};           // unset when the outer frame had no IP
    IpAddr outer_dst_ip{};           // the outermost IP destination (the decapsulating end)

    // --- L3 ---
    L3 l3 = L3::None;
    ArpInfo arp{};                   // valid when l3 == Arp
    IpAddr src_ip{};
    IpAddr dst_ip{};
    std::uint8_t ip_proto = 0;       // final next-header after IPv6 extension headers
    std::uint8_t ttl = 0;            // IPv4 TTL or IPv6 hop limit
    std::uint16_t ip_id = 0;
    bool df = false;                 // IPv4 don't-fragment
    bool ip_options = false;         // IPv4 header longer than 20 bytes
    bool fragment = false;           // MF set or offset != 0 (IPv4), or a Fragment header (IPv6)
    bool first_fragment = false;     // fragment with offset 0 (carries the L4 header)
    std::uint32_t ipv6_flow = 0;
    ByteView ip;                     // IP header .. end of IP payload (clamped to total length)

    // --- L4 (only for unfragmented packets or first fragments) ---
    bool has_l4 = false;
    std::uint16_t sport = 0, dport = 0;
    std::uint8_t tcp_flags = 0;      // FIN 0x01 SYN 0x02 RST 0x04 PSH 0x08 ACK 0x10 URG 0x20 ECE 0x40 CWR 0x80
    std::uint32_t tcp_seq = 0, tcp_ack = 0;
    std::uint16_t tcp_window = 0;
    std::uint16_t tcp_urg = 0;
    std::uint8_t tcp_header_len = 0;
    ByteView tcp_options;
    std::uint8_t icmp_type = 0, icmp_code = 0;
    ByteView l4_payload;             // TCP/UDP payload, ICMP body after type/code/checksum; for other
                                     // protocols and non-first fragments, the bytes after the IP header(s)

    // First failure met while walking, or nullptr: a stable counter name.
    const char* anomaly = nullptr;

    // The capture ends before a length field says the packet does (snaplen):
    // `ip` and the payload views are short. Not an anomaly.
    bool capture_truncated = false;
};

// Decodes `frame` (captured bytes, possibly shorter than the wire length) of
// link type `lt` into `out`, which is reset first.
void decode(ByteView frame, LinkType lt, Decoded& out) noexcept;

// Every name `Decoded::anomaly` can take, so the pipeline can register its
// counters up front. Static storage; the order is not significant.
[[nodiscard]] std::span<const char* const> anomaly_names() noexcept;

}  // namespace dissect::packet
