// dissectors/mpls/mpls.h
// MPLS label stack (RFC 3032 §2.1; EtherTypes 0x8847/0x8848) and a guess at
// what follows the bottom of the stack, which MPLS itself does not say:
//   first nibble 4 -> IPv4, 6 -> IPv6 (RFC 3032 §2.2 / common practice),
//   first nibble 0 -> a pseudowire control word (RFC 4385 §3) followed by an
//                     Ethernet frame (RFC 4448, Ethernet PW with control word),
//   anything else  -> Unknown (e.g. 1 = associated channel, RFC 5586).
// An Ethernet PW without a control word whose destination MAC starts with 4 or
// 6 is misread as IP: the same ambiguity every passive decoder has.
//
// Limits: at most kMaxLabels labels; a stack without bottom-of-stack within
// that many is LimitExceeded.
#pragma once

#include <cstddef>
#include <cstdint>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::mpls {

inline constexpr std::uint8_t kMaxLabels = 8;        // labels popped before giving up
inline constexpr std::size_t kLabelLen = 4;          // label(20) TC(3) S(1) TTL(8)
inline constexpr std::size_t kControlWordLen = 4;    // RFC 4385 PW control word

enum class Next : std::uint8_t { Unknown, Ipv4, Ipv6, PwEthernet };

struct Header {
    std::uint8_t label_count = 0;     // 1..kMaxLabels
    std::uint32_t top_label = 0;      // 20 bits, outermost entry
    std::uint32_t bottom_label = 0;   // 20 bits, entry with S set
    std::uint8_t bottom_tc = 0;       // traffic class of the bottom entry
    std::uint8_t bottom_ttl = 0;
    Next next = Next::Unknown;        // guessed payload kind, see above
    ByteView payload;                 // after the stack; for PwEthernet also after the control word
};

// Anomaly names reported in ParseError::what (stable counter names).
inline constexpr const char kErrTruncated[] = "dissect.mpls.truncated";
inline constexpr const char kErrTooManyLabels[] = "dissect.mpls.too_many_labels";

// Parses the label stack at the start of `v` (the bytes after the EtherType).
// Errors: Truncated when the stack (or a PW control word) is cut; LimitExceeded
// ("dissect.mpls.too_many_labels") when kMaxLabels entries carry no bottom-of-stack.
[[nodiscard]] Result<Header> parse(ByteView v) noexcept;

}  // namespace dissect::mpls
