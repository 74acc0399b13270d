// dissectors/stp/stp.h
// Spanning-tree BPDUs (IEEE 802.1D-2004 §9.3: Configuration and TCN BPDUs;
// RST BPDUs of 802.1w, now 802.1D §9.3.3; MST BPDUs of IEEE 802.1Q-2018
// §14.6), as carried after an LLC header with DSAP/SSAP 0x42. Extracts the
// protocol version, BPDU type and flags, root and bridge identifiers
// (priority with its system-id extension, and MAC), root path cost, port id
// and timers; for MSTP also the MST configuration identifier (name, revision,
// digest), the CIST internal root path cost, CIST bridge id and remaining hops,
// and the number of MSTI records (not parsed). Reads only inside `payload`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "dissectors/core/addr.h"
#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::stp {

inline constexpr std::size_t kTcnBytes = 4;       // protocol id, version, type
inline constexpr std::size_t kConfigBytes = 35;   // Configuration BPDU
inline constexpr std::size_t kRstBytes = 36;      // + version 1 length
inline constexpr std::size_t kMstBytes = 102;     // + version 3 length .. CIST remaining hops
inline constexpr std::size_t kMstiBytes = 16;     // one MSTI configuration message
inline constexpr std::size_t kMstNameBytes = 32;
inline constexpr std::size_t kMstDigestBytes = 16;

enum Version : std::uint8_t { kStp = 0, kRstp = 2, kMstp = 3 };
enum BpduType : std::uint8_t { kConfig = 0x00, kRst = 0x02, kTcn = 0x80 };

struct BridgeId {
    std::uint16_t priority = 0;  // the whole 16-bit field: 4-bit priority and 12-bit system id extension
    MacAddr mac{};
    // 802.1D §9.2.5 / 802.1Q §13.26.2: priority in steps of 4096, and the extension (often a VLAN or MSTI).
    [[nodiscard]] constexpr std::uint16_t bridge_priority() const noexcept {
        return static_cast<std::uint16_t>(priority & 0xf000);
    }
    [[nodiscard]] constexpr std::uint16_t system_id_ext() const noexcept {
        return static_cast<std::uint16_t>(priority & 0x0fff);
    }
    friend constexpr bool operator==(const BridgeId&, const BridgeId&) = default;
};

struct Bpdu {
    std::uint16_t protocol_id = 0;  // always 0
    std::uint8_t version = 0;       // Version
    std::uint8_t type = 0;          // BpduType
    // Configuration and RST/MST BPDUs:
    std::uint8_t flags = 0;
    BridgeId root{};
    std::uint32_t root_path_cost = 0;
    BridgeId bridge{};
    std::uint16_t port_id = 0;      // 4-bit priority, 12-bit port number
    std::uint16_t message_age = 0, max_age = 0, hello_time = 0, forward_delay = 0;  // 1/256 s
    std::optional<std::uint8_t> version1_length;  // RST and MST BPDUs
    // MST BPDUs (version >= 3):
    std::optional<std::uint16_t> version3_length;
    std::uint8_t mst_format_selector = 0;
    ByteView mst_config_name;       // 32 bytes, NUL padded
    std::uint16_t mst_revision = 0;
    ByteView mst_digest;            // 16 bytes
    std::uint32_t cist_internal_root_path_cost = 0;
    BridgeId cist_bridge{};
    std::uint8_t cist_remaining_hops = 0;
    std::uint8_t msti_count = 0;    // MSTI records present, by version 3 length and bytes at hand
};

// Parses one BPDU (the bytes after the LLC header). Errors: Truncated when
// the BPDU is shorter than its type needs (4, 35 or 36 bytes); Malformed when
// the protocol id is not 0; Unsupported for an unknown BPDU type. A version 3
// BPDU shorter than kMstBytes is an RST BPDU (802.1Q §14.4), without the MST
// fields. Bytes after the BPDU (padding) are ignored.
[[nodiscard]] Result<Bpdu> parse(ByteView payload) noexcept;

}  // namespace dissect::stp
