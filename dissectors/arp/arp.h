// dissectors/arp/arp.h
// ARP (RFC 826; also RARP and InARP, which share the format). Extracts the
// hardware/protocol types, the opcode and the four addresses. Address lengths
// come from the packet (hlen, plen), so the addresses are returned as views;
// for the usual Ethernet/IPv4 form (htype 1, ptype 0x0800, 6/4) they are also
// decoded into MacAddr/IpAddr. Bytes after the target protocol address
// (Ethernet padding) are left in `payload`.
#pragma once

#include <cstddef>
#include <cstdint>

#include "dissectors/core/addr.h"
#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::arp {

inline constexpr std::size_t kFixedLen = 8;          // htype ptype hlen plen oper
inline constexpr std::uint16_t kHtypeEthernet = 1;
inline constexpr std::uint16_t kOpRequest = 1;
inline constexpr std::uint16_t kOpReply = 2;

struct Header {
    std::uint16_t htype = 0;
    std::uint16_t ptype = 0;
    std::uint8_t hlen = 0;
    std::uint8_t plen = 0;
    std::uint16_t opcode = 0;
    ByteView sender_hw, sender_proto, target_hw, target_proto;  // hlen / plen bytes each
    bool is_eth_ipv4 = false;  // htype 1, ptype 0x0800, hlen 6, plen 4: the fields below are set
    MacAddr sender_mac{};
    IpAddr sender_ip{};
    MacAddr target_mac{};
    IpAddr target_ip{};
    ByteView payload;          // after the target protocol address (padding)
};

// Anomaly name reported in ParseError::what (a stable counter name).
inline constexpr const char kErrTruncated[] = "dissect.arp.truncated";

// Parses an ARP packet at the start of `v`.
// Errors: Truncated ("dissect.arp.truncated") when the fixed part or an address is cut.
[[nodiscard]] Result<Header> parse(ByteView v) noexcept;

}  // namespace dissect::arp
