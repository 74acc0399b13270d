// dissectors/ipv4/ipv4.h
// IPv4 header (RFC 791 §3.1; DSCP/ECN per RFC 2474 / RFC 3168). Extracts every
// fixed field, the options as a raw view, and the fragment fields. The header
// checksum is read but not verified: a passive sensor sees many frames with
// offloaded (not yet filled in) checksums, and a bad one does not make the
// addresses less true.
//
// Lengths: the packet view is clamped to the total length (dropping Ethernet
// padding) and to the captured bytes. A total length beyond the capture is the
// normal result of a small snaplen: `truncated` says so, and it is not an
// error. A total length of 0 is what TCP segmentation offload leaves in frames
// captured on the sending host; the packet then runs to the end of the capture
// (`length_from_capture`), as Wireshark does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "dissectors/core/addr.h"
#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::ipv4 {

inline constexpr std::size_t kMinHeaderLen = 20;  // IHL 5
inline constexpr std::size_t kMaxHeaderLen = 60;  // IHL 15

inline constexpr std::uint8_t kProtoIcmp = 1;
inline constexpr std::uint8_t kProtoTcp = 6;
inline constexpr std::uint8_t kProtoUdp = 17;
inline constexpr std::uint8_t kProtoGre = 47;
inline constexpr std::uint8_t kProtoIcmpv6 = 58;

struct Header {
    std::uint8_t header_len = 0;      // bytes, IHL * 4 (20..60)
    std::uint8_t dscp = 0;            // 6 bits
    std::uint8_t ecn = 0;             // 2 bits
    std::uint16_t total_length = 0;   // as on the wire
    std::uint16_t id = 0;
    bool df = false;                  // don't fragment
    bool mf = false;                  // more fragments
    std::uint16_t frag_offset = 0;    // 13 bits, in 8-byte units
    std::uint8_t ttl = 0;
    std::uint8_t protocol = 0;
    std::uint16_t checksum = 0;       // not verified
    IpAddr src{};
    IpAddr dst{};
    ByteView options;                 // header bytes after the first 20 (empty for IHL 5)
    ByteView packet;                  // header .. end of packet, clamped to total length and capture
    ByteView payload;                 // `packet` after the header
    bool truncated = false;           // the capture ends before total_length (snaplen); not an error
    bool length_from_capture = false; // total_length was 0 (TSO); `packet` runs to the end of the capture

    [[nodiscard]] constexpr bool is_fragment() const noexcept { return mf || frag_offset != 0; }
};

// Writes the first 4 bytes of `four` into `out` as an IPv4 address; the caller
// has checked the size. Filling the field in place matters on the per-packet
// path: IpAddr::v4() returns a temporary that GCC assembles on the stack and
// copies with a wide load, which stalls on the narrow stores just made.
inline void store_address(IpAddr& out, ByteView four) noexcept {
    std::memcpy(out.b.data(), four.data(), 4);
    out.version = 4;
}

// Anomaly names reported in ParseError::what (stable counter names).
inline constexpr const char kErrTruncated[] = "dissect.ipv4.truncated";
inline constexpr const char kErrBadVersion[] = "dissect.ipv4.bad_version";
inline constexpr const char kErrBadHeaderLength[] = "dissect.ipv4.bad_header_length";
inline constexpr const char kErrBadTotalLength[] = "dissect.ipv4.bad_total_length";

// Parses the IPv4 header at the start of `v` (captured bytes to the end of the
// frame). Views point into `v`.
// Errors: Truncated when the header (IHL * 4 bytes) is not all captured;
// Malformed for version != 4 ("bad_version"), IHL < 5 ("bad_header_length"),
// or a non-zero total length shorter than the header ("bad_total_length").
[[nodiscard]] Result<Header> parse(ByteView v) noexcept;

}  // namespace dissect::ipv4
