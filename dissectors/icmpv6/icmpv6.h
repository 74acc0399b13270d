// dissectors/icmpv6/icmpv6.h
// ICMPv6 (RFC 4443 §2.1): type, code and checksum (read, not verified). The
// message body (including Neighbor Discovery messages, RFC 4861, whose options
// other code walks) is returned as `payload`, uninterpreted.
#pragma once

#include <cstddef>
#include <cstdint>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::icmpv6 {

inline constexpr std::size_t kHeaderLen = 4;  // type, code, checksum

inline constexpr std::uint8_t kDestUnreachable = 1;
inline constexpr std::uint8_t kEchoRequest = 128;
inline constexpr std::uint8_t kEchoReply = 129;
inline constexpr std::uint8_t kRouterSolicitation = 133;
inline constexpr std::uint8_t kRouterAdvertisement = 134;
inline constexpr std::uint8_t kNeighborSolicitation = 135;
inline constexpr std::uint8_t kNeighborAdvertisement = 136;

struct Header {
    std::uint8_t type = 0;        // < 128 error messages, >= 128 informational
    std::uint8_t code = 0;
    std::uint16_t checksum = 0;   // not verified
    ByteView payload;             // after the checksum
};

// Anomaly name reported in ParseError::what (a stable counter name).
inline constexpr const char kErrTruncated[] = "dissect.icmpv6.truncated";

// Parses the ICMPv6 header at the start of `message` (the upper-layer payload).
// Errors: Truncated when fewer than 4 bytes are present.
[[nodiscard]] Result<Header> parse(ByteView message) noexcept;

}  // namespace dissect::icmpv6
