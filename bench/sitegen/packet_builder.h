// Link, network and transport framing: Ethernet II / 802.1Q / 802.3-LLC, ARP,
// IPv4 (RFC 791), IPv6 (RFC 8200), UDP (RFC 768), TCP (RFC 9293) and ICMPv6
// (RFC 4443) with correct lengths and Internet checksums (RFC 1071).
#pragma once

#include <cstdint>
#include <initializer_list>

#include "bench/sitegen/addr.h"
#include "bench/sitegen/bytes.h"

namespace sitegen {

inline constexpr std::uint16_t kEtherIpv4 = 0x0800;
inline constexpr std::uint16_t kEtherArp = 0x0806;
inline constexpr std::uint16_t kEtherVlan = 0x8100;
inline constexpr std::uint16_t kEtherIpv6 = 0x86dd;
inline constexpr std::uint16_t kEtherLldp = 0x88cc;

inline constexpr std::uint8_t kProtoIcmp = 1;
inline constexpr std::uint8_t kProtoTcp = 6;
inline constexpr std::uint8_t kProtoUdp = 17;
inline constexpr std::uint8_t kProtoIcmp6 = 58;

namespace tcp_flag {
inline constexpr std::uint8_t kFin = 0x01;
inline constexpr std::uint8_t kSyn = 0x02;
inline constexpr std::uint8_t kRst = 0x04;
inline constexpr std::uint8_t kPsh = 0x08;
inline constexpr std::uint8_t kAck = 0x10;
}  // namespace tcp_flag

struct L2 {
    Mac src;
    Mac dst;
    std::uint16_t vlan = 0;  // 0 = untagged
    std::uint8_t pcp = 0;    // 802.1p priority, only when tagged
};

// Ethernet II frame, 802.1Q-tagged when l2.vlan != 0, padded to the 60-byte
// minimum (64 when tagged: the tag is added to an already-padded frame).
Bytes ethernet_frame(const L2& l2, std::uint16_t ethertype, ByteSpan payload);
// IEEE 802.3 frame with a length field; `llc_payload` starts with the LLC header.
Bytes ieee8023_frame(const L2& l2, ByteSpan llc_payload);

Bytes arp_body(std::uint16_t op, const Mac& sha, const Ip4& spa, const Mac& tha, const Ip4& tpa);

struct Ip4Header {
    Ip4 src;
    Ip4 dst;
    std::uint8_t proto = kProtoUdp;
    std::uint8_t ttl = 64;
    std::uint8_t tos = 0;
    std::uint16_t id = 0;
    bool df = true;
};
// Ethernet + IPv4 header (with header checksum) + `l4` as given.
Bytes ipv4_frame(const L2& l2, const Ip4Header& ip, ByteSpan l4);

struct Ip6Header {
    Ip6 src;
    Ip6 dst;
    std::uint8_t next = kProtoUdp;
    std::uint8_t hop_limit = 64;
    std::uint8_t tclass = 0;
    std::uint32_t flow = 0;
};
Bytes ipv6_frame(const L2& l2, const Ip6Header& ip, ByteSpan l4);

// UDP datagram with its checksum over the IPv4 / IPv6 pseudo-header.
Bytes udp4(const Ip4& src, const Ip4& dst, std::uint16_t sport, std::uint16_t dport, ByteSpan payload);
Bytes udp6(const Ip6& src, const Ip6& dst, std::uint16_t sport, std::uint16_t dport, ByteSpan payload);

struct TcpHeader {
    std::uint16_t sport = 0;
    std::uint16_t dport = 0;
    std::uint32_t seq = 0;
    std::uint32_t ack = 0;
    std::uint8_t flags = 0;
    std::uint16_t window = 0;
    Bytes options;  // padded with EOL to a multiple of 4 by the builder
};
Bytes tcp4(const Ip4& src, const Ip4& dst, const TcpHeader& h, ByteSpan payload);

// ICMPv6 message: `msg` starts with type and code followed by two checksum
// bytes (any value); the checksum over the IPv6 pseudo-header is filled in.
Bytes icmp6(const Ip6& src, const Ip6& dst, ByteSpan msg);

// RFC 1071 Internet checksum over the concatenation of `parts`.
std::uint16_t inet_checksum(std::initializer_list<ByteSpan> parts) noexcept;

}  // namespace sitegen
