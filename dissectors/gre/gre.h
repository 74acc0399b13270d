// dissectors/gre/gre.h
// GRE header: version 0 (RFC 2784, with the Key and Sequence Number extensions
// of RFC 2890) and version 1, the enhanced GRE of PPTP (RFC 2637 §4.1, adds an
// Acknowledgment Number). Extracts the flags, protocol type (an EtherType),
// checksum, key, sequence and acknowledgment numbers.
//
// Not supported: the RFC 1701 routing field (R bit), deprecated by RFC 2784,
// and versions 2..7. The checksum is read, not verified.
#pragma once

#include <cstddef>
#include <cstdint>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::gre {

inline constexpr std::size_t kBaseHeaderLen = 4;  // flags/version + protocol type
inline constexpr std::size_t kMaxHeaderLen = 16;  // + checksum/reserved, key, sequence (or ack)
inline constexpr std::uint8_t kVersionGre = 0;    // RFC 2784
inline constexpr std::uint8_t kVersionPptp = 1;   // RFC 2637 enhanced GRE

struct Header {
    bool checksum_present = false;  // C
    bool key_present = false;       // K
    bool seq_present = false;       // S
    bool ack_present = false;       // A (version 1 only)
    std::uint8_t version = 0;
    std::uint16_t protocol = 0;     // EtherType of the payload (eth::kType*)
    std::uint16_t checksum = 0;     // when checksum_present; not verified
    std::uint32_t key = 0;          // when key_present (PPTP: payload length << 16 | call id)
    std::uint32_t seq = 0;          // when seq_present
    std::uint32_t ack = 0;          // when ack_present
    ByteView payload;               // after the header
};

// Anomaly names reported in ParseError::what (stable counter names).
inline constexpr const char kErrTruncated[] = "dissect.gre.truncated";
inline constexpr const char kErrUnsupportedVersion[] = "dissect.gre.unsupported_version";
inline constexpr const char kErrUnsupportedRouting[] = "dissect.gre.unsupported_routing";

// Parses the GRE header at the start of `v` (the IP payload).
// Errors: Truncated when the header, including the optional fields its flags
// announce, is cut; Unsupported for versions 2..7 ("unsupported_version") or
// the routing-present bit ("unsupported_routing").
[[nodiscard]] Result<Header> parse(ByteView v) noexcept;

}  // namespace dissect::gre
