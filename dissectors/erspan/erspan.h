// dissectors/erspan/erspan.h
// ERSPAN headers (draft-foschiano-erspan-03), carried in GRE:
//   type II  (§4.2, GRE protocol 0x88BE, version field 1): 8 bytes;
//   type III (§4.3, GRE protocol 0x22EB, version field 2): 12 bytes, plus an
//            8-byte platform-specific subheader when the O bit is set.
// Type I (GRE 0x88BE without a sequence number) has no ERSPAN header at all; the
// caller recognises it from the GRE flags and never calls this parser.
// Extracts session id, VLAN, COS, truncation flag, index (II) and timestamp,
// SGT, frame type, hardware id, direction and granularity (III). The format is
// chosen by the version field, the first nibble.
//
// The mirrored frame follows: Ethernet, except type III with frame type 2,
// which carries an IP packet (`inner_is_ip`).
#pragma once

#include <cstddef>
#include <cstdint>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::erspan {

inline constexpr std::size_t kType2HeaderLen = 8;
inline constexpr std::size_t kType3HeaderLen = 12;
inline constexpr std::size_t kPlatformSubheaderLen = 8;
inline constexpr std::uint8_t kVersionType2 = 1;
inline constexpr std::uint8_t kVersionType3 = 2;
inline constexpr std::uint8_t kFrameTypeEthernet = 0;
inline constexpr std::uint8_t kFrameTypeIp = 2;

struct Header {
    std::uint8_t version = 0;        // kVersionType2 or kVersionType3
    std::uint16_t vlan = 0;          // 12 bits: VLAN of the mirrored frame
    std::uint8_t cos = 0;            // 3 bits
    std::uint8_t encap = 0;          // 2 bits: En (II) / BSO bad-or-short-frame indicator (III)
    bool truncated = false;          // T: the mirrored frame was cut to fit the mirror MTU
    std::uint16_t session_id = 0;    // 10 bits
    std::uint32_t index = 0;         // 20 bits, type II only: port index / direction
    std::uint32_t timestamp = 0;     // type III only, units per `granularity`
    std::uint16_t sgt = 0;           // type III: security group tag
    bool p = false;                  // type III: the P bit (§4.3), as on the wire
    std::uint8_t frame_type = 0;     // type III: 5 bits, kFrameTypeEthernet or kFrameTypeIp
    std::uint8_t hw_id = 0;          // type III: 6 bits
    bool egress = false;             // type III D bit: 0 ingress, 1 egress
    std::uint8_t granularity = 0;    // type III: 2 bits
    bool has_platform = false;       // type III O bit: platform-specific subheader present
    std::uint8_t platform_id = 0;    // 6 bits, when has_platform
    std::uint64_t platform_info = 0; // the other 58 bits, when has_platform
    bool inner_is_ip = false;        // type III with frame type 2: an IP packet follows, not Ethernet
    ByteView payload;                // the mirrored frame
};

// Anomaly names reported in ParseError::what (stable counter names).
inline constexpr const char kErrTruncated[] = "dissect.erspan.truncated";
inline constexpr const char kErrUnsupportedVersion[] = "dissect.erspan.unsupported_version";

// Parses an ERSPAN type II or III header at the start of `v` (the GRE payload).
// Errors: Truncated when the header (and, with O set, the subheader) is cut;
// Unsupported ("unsupported_version") for a version field other than 1 or 2.
[[nodiscard]] Result<Header> parse(ByteView v) noexcept;

}  // namespace dissect::erspan
