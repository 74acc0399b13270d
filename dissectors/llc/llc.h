// dissectors/llc/llc.h
// IEEE 802.2 LLC header and the SNAP extension (IEEE Std 802, clause 10; RFC 1042
// for IP over SNAP). Extracts DSAP, SSAP and control; for SNAP (DSAP = SSAP =
// 0xAA, UI control) also the OUI and protocol id. Used after an 802.3 length
// field. With OUI 00-00-00 the PID is an EtherType (RFC 1042); other OUIs carry
// vendor protocols (CDP: OUI 00-00-0C, PID 0x2000).
//
// Control is 1 byte for U-format PDUs (low two bits 11) and 2 bytes for I/S
// formats (IEEE 802.2 clause 5.2). Reads nothing past the view.
#pragma once

#include <cstddef>
#include <cstdint>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::llc {

inline constexpr std::uint8_t kSapSnap = 0xaa;
inline constexpr std::uint8_t kControlUi = 0x03;      // unnumbered information
inline constexpr std::uint32_t kOuiEthertype = 0;     // RFC 1042: PID is an EtherType
inline constexpr std::uint32_t kOuiCisco = 0x00000c;  // CDP (PID 0x2000), VTP, PVST+ ...

struct Header {
    std::uint8_t dsap = 0;
    std::uint8_t ssap = 0;       // low bit is the command/response flag
    std::uint16_t control = 0;   // 1 byte (U format) or 2 bytes (I/S format), as read
    bool snap = false;
    std::uint32_t oui = 0;       // 24 bits, when snap
    std::uint16_t pid = 0;       // when snap
    ByteView payload;            // after LLC (and SNAP)
};

// Anomaly name reported in ParseError::what (a stable counter name).
inline constexpr const char kErrTruncated[] = "dissect.llc.truncated";

// Parses LLC (+ SNAP) at the start of `pdu`, the bytes an 802.3 length covers.
// Errors: Truncated ("dissect.llc.truncated") when the LLC or SNAP header is cut.
[[nodiscard]] Result<Header> parse(ByteView pdu) noexcept;

}  // namespace dissect::llc
