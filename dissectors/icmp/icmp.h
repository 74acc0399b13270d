// dissectors/icmp/icmp.h
// ICMP for IPv4 (RFC 792): type, code and checksum (read, not verified). The
// rest of the message (the 4-byte "rest of header", then data or the quoted
// IP header of an error message) is returned as `payload`, uninterpreted.
#pragma once

#include <cstddef>
#include <cstdint>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::icmp {

inline constexpr std::size_t kHeaderLen = 4;  // type, code, checksum

inline constexpr std::uint8_t kEchoReply = 0;
inline constexpr std::uint8_t kDestUnreachable = 3;
inline constexpr std::uint8_t kEchoRequest = 8;
inline constexpr std::uint8_t kTimeExceeded = 11;

struct Header {
    std::uint8_t type = 0;
    std::uint8_t code = 0;
    std::uint16_t checksum = 0;   // not verified
    ByteView payload;             // after the checksum: rest-of-header + data
};

// Anomaly name reported in ParseError::what (a stable counter name).
inline constexpr const char kErrTruncated[] = "dissect.icmp.truncated";

// Parses the ICMP header at the start of `message` (the IP payload).
// Errors: Truncated when fewer than 4 bytes are present.
[[nodiscard]] Result<Header> parse(ByteView message) noexcept;

}  // namespace dissect::icmp
