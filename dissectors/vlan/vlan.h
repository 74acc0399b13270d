// dissectors/vlan/vlan.h
// One VLAN tag: IEEE 802.1Q C-tag (TPID 0x8100), IEEE 802.1ad S-tag (0x88A8) and
// the pre-standard QinQ TPID 0x9100. parse() reads the 4 bytes that follow the
// TPID: the TCI (PCP, DEI, VID) and the next type/length field. Tag stacks
// (QinQ) are walked one tag at a time by the caller, which caps their number
// (dissectors/packet: kMaxVlanTags).
//
// A type/length <= 1500 after a tag is an 802.3 length (e.g. Cisco PVST+ BPDUs
// carry LLC/SNAP inside an 802.1Q tag); the payload is then clamped to it.
#pragma once

#include <cstddef>
#include <cstdint>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"
#include "dissectors/eth/eth.h"

namespace dissect::vlan {

inline constexpr std::size_t kTagLen = 4;  // TCI(2) + next type/length(2), after the TPID

[[nodiscard]] constexpr bool is_tpid(std::uint16_t type) noexcept {
    return type == eth::kTypeVlan || type == eth::kTypeQinQ || type == eth::kTypeQinQLegacy;
}

struct Header {
    std::uint8_t pcp = 0;             // priority code point, 3 bits
    bool dei = false;                 // drop eligible indicator (formerly CFI)
    std::uint16_t vid = 0;            // 12 bits; 0 = priority tag only
    std::uint16_t inner_type = 0;     // next EtherType, or an 802.3 length when <= 1500
    bool is_8023 = false;             // inner_type is an 802.3 length
    bool truncated = false;           // 802.3 length runs past the captured bytes (snaplen)
    ByteView payload;                 // after the tag; clamped to the length when is_8023
};

// Anomaly name reported in ParseError::what (a stable counter name).
inline constexpr const char kErrTruncated[] = "dissect.vlan.truncated";

// Parses one tag from `after_tpid` (the bytes following a TPID).
// Errors: Truncated ("dissect.vlan.truncated") when fewer than 4 bytes remain.
[[nodiscard]] Result<Header> parse(ByteView after_tpid) noexcept;

}  // namespace dissect::vlan
