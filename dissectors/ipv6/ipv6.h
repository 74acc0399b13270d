// dissectors/ipv6/ipv6.h
// IPv6 header (RFC 8200 §3) and its extension header chain (RFC 8200 §4):
// Hop-by-Hop Options (0), Routing (43), Fragment (44), Destination Options (60),
// Authentication Header (51, RFC 4302: length in 4-byte units), Mobility (135,
// RFC 6275), HIP (139, RFC 7401) and Shim6 (140, RFC 5533). The chain ends at
// the first other next-header value: an upper layer (TCP, UDP, ICMPv6, ...),
// No Next Header (59) or ESP (50), whose contents are encrypted. Option
// contents are not interpreted.
//
// Fragments: a Fragment header is recorded (offset, M flag, id). When its offset
// is non-zero the rest of the packet is fragment data, not headers, so the
// chain stops there and `protocol` is the fragment header's next header.
//
// Lengths: the packet view is 40 + payload length, clamped to the capture
// (`truncated`, not an error: snaplen). A payload length of 0 with a Hop-by-Hop
// header first is a jumbogram (RFC 2675); the packet then runs to the end of
// the capture (the Jumbo Payload option itself is not checked).
//
// Limits: at most kMaxExtHeaders extension headers.
#pragma once

#include <cstddef>
#include <cstdint>

#include "dissectors/core/addr.h"
#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::ipv6 {

inline constexpr std::size_t kFixedHeaderLen = 40;
inline constexpr std::uint8_t kMaxExtHeaders = 8;  // extension headers followed per packet

// Next-header values of the extension headers we walk (IANA "IPv6 Extension Header Types").
inline constexpr std::uint8_t kNhHopByHop = 0;
inline constexpr std::uint8_t kNhRouting = 43;
inline constexpr std::uint8_t kNhFragment = 44;
inline constexpr std::uint8_t kNhEsp = 50;
inline constexpr std::uint8_t kNhAh = 51;
inline constexpr std::uint8_t kNhNoNext = 59;
inline constexpr std::uint8_t kNhDestOpts = 60;
inline constexpr std::uint8_t kNhMobility = 135;
inline constexpr std::uint8_t kNhHip = 139;
inline constexpr std::uint8_t kNhShim6 = 140;

struct Header {
    std::uint8_t traffic_class = 0;
    std::uint32_t flow_label = 0;      // 20 bits
    std::uint16_t payload_length = 0;  // as on the wire
    std::uint8_t first_next_header = 0;
    std::uint8_t hop_limit = 0;
    IpAddr src{};
    IpAddr dst{};
    std::uint8_t protocol = 0;         // next header that ended the chain (see above)
    std::uint8_t ext_count = 0;        // extension headers walked
    bool fragment = false;             // a Fragment header was present
    bool frag_more = false;            // its M flag
    std::uint16_t frag_offset = 0;     // its offset, 13 bits, in 8-byte units
    std::uint32_t frag_id = 0;
    bool jumbo = false;                // payload length 0 + Hop-by-Hop: RFC 2675 jumbogram
    ByteView ext_headers;              // the extension headers walked, back to back
    ByteView packet;                   // fixed header .. end of packet, clamped to the capture
    ByteView payload;                  // `packet` after the chain: upper layer or fragment data
    bool truncated = false;            // the capture ends before the payload length says; not an error
};

// Anomaly names reported in ParseError::what (stable counter names).
inline constexpr const char kErrTruncated[] = "dissect.ipv6.truncated";
inline constexpr const char kErrBadVersion[] = "dissect.ipv6.bad_version";
inline constexpr const char kErrBadExtHeaderLength[] = "dissect.ipv6.bad_ext_header_length";
inline constexpr const char kErrExtHeaderLimit[] = "dissect.ipv6.ext_header_limit";

// Parses the IPv6 header and extension chain at the start of `v` (captured
// bytes to the end of the frame). Views point into `v`.
// Errors: Truncated when the fixed header, or an extension header, runs past
// the captured bytes; Malformed for version != 6 ("bad_version") or an
// extension header running past the payload length that the capture does hold
// ("bad_ext_header_length"); LimitExceeded ("ext_header_limit") for more than
// kMaxExtHeaders extension headers.
[[nodiscard]] Result<Header> parse(ByteView v) noexcept;

}  // namespace dissect::ipv6
