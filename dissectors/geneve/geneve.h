// dissectors/geneve/geneve.h
// Geneve header (RFC 8926 §3.4), carried in UDP to port 6081. Extracts version,
// option length, the O (control/OAM) and C (critical options) flags, the
// protocol type of the payload (an EtherType: 0x6558 = Ethernet, or IPv4/IPv6)
// and the 24-bit VNI. Options are returned as one raw view, not walked.
// Only version 0 is defined.
#pragma once

#include <cstddef>
#include <cstdint>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::geneve {

inline constexpr std::size_t kBaseHeaderLen = 8;
inline constexpr std::size_t kMaxOptionsLen = 63 * 4;  // 6-bit length in 4-byte units
inline constexpr std::uint16_t kUdpPort = 6081;         // IANA

struct Header {
    std::uint8_t version = 0;     // 2 bits; always 0 in a parsed header
    bool oam = false;             // O: control packet
    bool critical = false;        // C: critical options present
    std::uint16_t protocol = 0;   // EtherType of the payload
    std::uint32_t vni = 0;        // 24 bits
    ByteView options;             // opt len * 4 bytes, not interpreted
    ByteView payload;             // after the options
};

// Anomaly names reported in ParseError::what (stable counter names).
inline constexpr const char kErrTruncated[] = "dissect.geneve.truncated";
inline constexpr const char kErrUnsupportedVersion[] = "dissect.geneve.unsupported_version";

// Parses the Geneve header at the start of `v` (the UDP payload).
// Errors: Truncated when the base header or the options are cut; Unsupported
// ("unsupported_version") for a version other than 0.
[[nodiscard]] Result<Header> parse(ByteView v) noexcept;

}  // namespace dissect::geneve
