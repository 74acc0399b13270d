// dissectors/vxlan/vxlan.h
// VXLAN header (RFC 7348 §5), carried in UDP to port 4789. Extracts the flags
// and the 24-bit VNI. An Ethernet frame always follows. The I flag must be set
// for the VNI to be valid (§5); the other flag and reserved bits are ignored on
// receipt, as the RFC says. VXLAN-GPE (port 4790) is a different format and is
// not parsed here.
#pragma once

#include <cstddef>
#include <cstdint>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::vxlan {

inline constexpr std::size_t kHeaderLen = 8;
inline constexpr std::uint16_t kUdpPort = 4789;  // IANA

struct Header {
    std::uint8_t flags = 0;   // raw; the I flag (0x08) is always set in a parsed header
    std::uint32_t vni = 0;    // 24 bits
    ByteView payload;         // the inner Ethernet frame
};

// Anomaly names reported in ParseError::what (stable counter names).
inline constexpr const char kErrTruncated[] = "dissect.vxlan.truncated";
inline constexpr const char kErrNoVni[] = "dissect.vxlan.no_vni";

// Parses the VXLAN header at the start of `v` (the UDP payload).
// Errors: Truncated when fewer than 8 bytes are present; Malformed ("no_vni")
// when the I flag is clear.
[[nodiscard]] Result<Header> parse(ByteView v) noexcept;

}  // namespace dissect::vxlan
