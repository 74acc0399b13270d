// dissectors/udp/udp.h
// UDP header (RFC 768): ports, length, checksum (read, not verified). The
// payload is clamped to the UDP length, so bytes after it (IP-level surplus,
// e.g. RFC 9868 UDP options) are not handed on as payload. A length beyond the
// view is clamped and flagged with `truncated`: the parser cannot tell a
// snaplen cut from a lying length, the caller can (dissectors/packet does).
// A length of 0 is the IPv6 jumbogram form (RFC 2675 §4): the payload runs to
// the end of the view.
#pragma once

#include <cstddef>
#include <cstdint>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::udp {

inline constexpr std::size_t kHeaderLen = 8;

struct Header {
    std::uint16_t sport = 0;
    std::uint16_t dport = 0;
    std::uint16_t length = 0;     // as on the wire, header included
    std::uint16_t checksum = 0;   // not verified; 0 = none (IPv4)
    bool truncated = false;       // length runs past the view: payload clamped
    ByteView payload;             // after the header, clamped to length and to the view
};

// Anomaly names reported in ParseError::what (stable counter names).
inline constexpr const char kErrTruncated[] = "dissect.udp.truncated";
inline constexpr const char kErrBadLength[] = "dissect.udp.bad_length";

// Parses the UDP header at the start of `datagram` (the IP payload).
// Errors: Truncated when fewer than 8 bytes are present; Malformed
// ("bad_length") for a length of 1..7.
[[nodiscard]] Result<Header> parse(ByteView datagram) noexcept;

}  // namespace dissect::udp
