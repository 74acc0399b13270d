// dissectors/sll2/sll2.h
// Linux "cooked" capture header, version 2 (DLT_LINUX_SLL2 = 276; format per
// tcpdump.org/linktypes/LINKTYPE_LINUX_SLL2.html). 20 bytes: protocol,
// reserved, interface index, ARPHRD type, packet type, link-layer address
// length and up to 8 address bytes. Field meanings are those of version 1
// (dissectors/sll), plus the interface index.
#pragma once

#include <cstddef>
#include <cstdint>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::sll2 {

inline constexpr std::size_t kHeaderLen = 20;
inline constexpr std::size_t kAddrFieldLen = 8;  // addresses longer than this are cut to 8 bytes

struct Header {
    std::uint16_t protocol = 0;     // EtherType, or LINUX_SLL_P_* when < 0x0600 (see sll.h)
    std::uint32_t if_index = 0;     // capturing interface
    std::uint16_t arphrd = 0;       // link type of the interface (sll::kArphrdEther ...)
    std::uint8_t packet_type = 0;   // sll::kPacket*
    std::uint8_t addr_len = 0;      // as on the wire; may exceed 8
    ByteView addr;                  // link-layer source address: min(addr_len, 8) bytes
    ByteView payload;
};

// Anomaly name reported in ParseError::what (a stable counter name).
inline constexpr const char kErrTruncated[] = "dissect.sll2.truncated";

// Parses the 20-byte header at the start of `frame`.
// Errors: Truncated ("dissect.sll2.truncated") when fewer than 20 bytes are present.
[[nodiscard]] Result<Header> parse(ByteView frame) noexcept;

}  // namespace dissect::sll2
