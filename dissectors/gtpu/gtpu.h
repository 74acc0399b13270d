// dissectors/gtpu/gtpu.h
// GTP-U version 1 header (3GPP TS 29.281 §5), carried in UDP to port 2152:
// the tunnel a mobile core (S1-U, S5/S8, N3) puts user traffic in. Extracts
// the message type, the TEID and, for a G-PDU (type 255), the T-PDU: the
// user's IP packet. Optional fields (sequence number, N-PDU number, next
// extension header type) are present when any of the E, S, PN flags is set
// (§5.1); extension headers (§5.2) are walked by their length fields and
// skipped. Messages other than G-PDU (echo, error indication, end marker)
// carry no user packet: `payload` is then empty.
#pragma once

#include <cstddef>
#include <cstdint>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::gtpu {

inline constexpr std::size_t kHeaderLen = 8;          // mandatory part
inline constexpr std::size_t kOptionalLen = 4;        // seq(16), N-PDU(8), next ext type(8)
inline constexpr std::uint16_t kUdpPort = 2152;       // IANA "gtp-user"
inline constexpr std::uint8_t kTypeGpdu = 0xff;
inline constexpr std::size_t kMaxExtensionHeaders = 8;

struct Header {
    std::uint8_t flags = 0;         // raw first octet
    std::uint8_t message_type = 0;
    std::uint16_t length = 0;       // octets after the mandatory 8
    std::uint32_t teid = 0;
    std::uint8_t extensions = 0;    // extension headers skipped
    ByteView payload;               // G-PDU: the T-PDU (inner IP packet); empty otherwise
};

// Anomaly names reported in ParseError::what (stable counter names).
inline constexpr const char kErrTruncated[] = "dissect.gtpu.truncated";
inline constexpr const char kErrBadVersion[] = "dissect.gtpu.bad_version";
inline constexpr const char kErrBadExtension[] = "dissect.gtpu.bad_extension";

// Parses the GTP-U header at the start of `v` (the UDP payload).
// Errors: Truncated when the mandatory part, the optional fields or an
// extension header is cut by the capture; Malformed ("bad_version") when the
// version is not 1 or the protocol type bit is 0 (GTP'); Malformed
// ("bad_extension") for an extension header of length 0, a chain longer than
// kMaxExtensionHeaders, or a length field shorter than the optional fields
// and extension headers it must cover. A T-PDU shorter than the length field
// says (a small snaplen) is returned as captured.
[[nodiscard]] Result<Header> parse(ByteView v) noexcept;

}  // namespace dissect::gtpu
