// dissectors/ndp/ndp.h
// IPv6 Neighbor Discovery (RFC 4861): Router Solicitation (133), Router
// Advertisement (134), Neighbor Solicitation (135), Neighbor Advertisement
// (136) and Redirect (137). Input is the ICMPv6 body after type, code and
// checksum. Extracts the target address, the source/target link-layer address
// options, RA flags and lifetimes, and up to kMaxPrefixes prefix options.
// Options with length 0 are Malformed (RFC 4861 §4.6: "nodes MUST silently
// discard"), as are options running past the end (Truncated).
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "dissectors/core/addr.h"
#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::ndp {

inline constexpr std::size_t kMaxPrefixes = 4;
inline constexpr std::size_t kMaxOptions = 32;

struct PrefixInfo {
    std::uint8_t length = 0;
    bool on_link = false, autonomous = false;
    std::uint32_t valid_s = 0, preferred_s = 0;
    IpAddr prefix{};
};

struct Message {
    std::uint8_t type = 0;
    IpAddr target{};                     // NS, NA, Redirect
    bool router = false, solicited = false, override_flag = false;  // NA flags
    std::optional<MacAddr> source_lla;   // option 1
    std::optional<MacAddr> target_lla;   // option 2
    // RA
    std::uint8_t cur_hop_limit = 0;
    bool managed = false, other = false;
    std::uint16_t router_lifetime_s = 0;
    std::uint32_t reachable_ms = 0, retrans_ms = 0;
    std::optional<std::uint32_t> mtu;
    std::array<PrefixInfo, kMaxPrefixes> prefixes{};
    std::uint8_t prefix_count = 0;
    std::uint16_t options_skipped = 0;
};

// `type` is the ICMPv6 type; `body` the bytes after the 4-byte ICMPv6 header.
// Errors: Unsupported for other types, Truncated/Malformed as above.
[[nodiscard]] Result<Message> parse(std::uint8_t type, ByteView body) noexcept;

}  // namespace dissect::ndp
