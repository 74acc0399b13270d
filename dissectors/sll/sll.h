// dissectors/sll/sll.h
// Linux "cooked" capture header, version 1 (DLT_LINUX_SLL = 113; format per
// tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html). Written by libpcap for the
// "any" device and for interfaces without a usable link header. 16 bytes:
// packet type, ARPHRD type, link-layer address length and up to 8 address
// bytes, then a protocol field that is an EtherType for most ARPHRD types,
// or one of the small LINUX_SLL_P_* values (0x0004 = 802.2 LLC frame follows).
#pragma once

#include <cstddef>
#include <cstdint>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::sll {

inline constexpr std::size_t kHeaderLen = 16;
inline constexpr std::size_t kAddrFieldLen = 8;      // addresses longer than this are cut to 8 bytes
inline constexpr std::uint16_t kArphrdEther = 1;     // linux/if_arp.h ARPHRD_ETHER
inline constexpr std::uint16_t kProto8022 = 0x0004;  // LINUX_SLL_P_802_2: an LLC header follows

// Packet types (linux/if_packet.h PACKET_*).
inline constexpr std::uint16_t kPacketHost = 0;
inline constexpr std::uint16_t kPacketBroadcast = 1;
inline constexpr std::uint16_t kPacketMulticast = 2;
inline constexpr std::uint16_t kPacketOtherHost = 3;
inline constexpr std::uint16_t kPacketOutgoing = 4;

struct Header {
    std::uint16_t packet_type = 0;  // kPacket*: which direction / to whom
    std::uint16_t arphrd = 0;       // link type of the interface
    std::uint16_t addr_len = 0;     // as on the wire; may exceed 8
    ByteView addr;                  // link-layer source address: min(addr_len, 8) bytes
    std::uint16_t protocol = 0;     // EtherType, or LINUX_SLL_P_* when < 0x0600
    ByteView payload;
};

// Anomaly name reported in ParseError::what (a stable counter name).
inline constexpr const char kErrTruncated[] = "dissect.sll.truncated";

// Parses the 16-byte header at the start of `frame`.
// Errors: Truncated ("dissect.sll.truncated") when fewer than 16 bytes are present.
[[nodiscard]] Result<Header> parse(ByteView frame) noexcept;

}  // namespace dissect::sll
