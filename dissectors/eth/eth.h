// dissectors/eth/eth.h
// Ethernet MAC header: Ethernet II (RFC 894) and IEEE 802.3 (IEEE Std 802.3
// clause 3.2.6, length/type field). Extracts destination and source MAC and the
// type/length field. A value <= 1500 is an 802.3 length and an LLC header
// follows (dissectors/llc); a value >= 0x0600 is an EtherType. 1501..1535 are
// undefined; we pass them through as an unknown EtherType rather than reject
// the frame, so its MACs still count.
//
// No FCS is expected: libpcap strips it on nearly every interface. Padding and
// any trailing FCS of an Ethernet II frame stay in `payload`; the next layer
// clamps them away with its own length field (IPv4 total length, ...).
//
// This header is also the home of the EtherType values the other L2 and tunnel
// dissectors dispatch on (IEEE Registration Authority EtherType list).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>

#include "dissectors/core/addr.h"
#include "dissectors/core/byte_reader.h"
#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::eth {

inline constexpr std::size_t kHeaderLen = 14;    // dst(6) src(6) type/length(2)
inline constexpr std::uint16_t kMaxLength = 1500;  // largest 802.3 length; above it is an EtherType

// EtherTypes (also GRE protocol types, RFC 2784 §2.4, and Geneve protocol types).
inline constexpr std::uint16_t kTypeIpv4 = 0x0800;
inline constexpr std::uint16_t kTypeArp = 0x0806;
inline constexpr std::uint16_t kTypeVlan = 0x8100;        // IEEE 802.1Q C-tag
inline constexpr std::uint16_t kTypeIpv6 = 0x86dd;
inline constexpr std::uint16_t kTypeMplsUnicast = 0x8847;
inline constexpr std::uint16_t kTypeMplsMulticast = 0x8848;
inline constexpr std::uint16_t kTypeQinQ = 0x88a8;        // IEEE 802.1ad S-tag
inline constexpr std::uint16_t kTypeQinQLegacy = 0x9100;  // pre-802.1ad QinQ, still sent by some switches
inline constexpr std::uint16_t kTypeTeb = 0x6558;         // transparent Ethernet bridging (inner Ethernet)
inline constexpr std::uint16_t kTypeErspan2 = 0x88be;     // ERSPAN type I/II (draft-foschiano-erspan)
inline constexpr std::uint16_t kTypeErspan3 = 0x22eb;     // ERSPAN type III
inline constexpr std::uint16_t kTypeFabricPath = 0x8903;  // Cisco FabricPath (16-bit FTAG/TTL, then a frame)
inline constexpr std::uint16_t kTypeLldp = 0x88cc;
inline constexpr std::uint16_t kTypeEapol = 0x888e;

struct Header {
    MacAddr dst{};
    MacAddr src{};
    std::uint16_t type_or_length = 0;  // the raw field
    bool is_8023 = false;              // type_or_length <= kMaxLength: an 802.3 length, LLC follows
    bool truncated = false;            // 802.3 only: the length runs past the captured bytes (snaplen)
    ByteView payload;                  // after the header; for 802.3 clamped to the length (drops padding)
};

// The first 6 bytes of `six` as a MAC address; the caller has checked the size.
[[nodiscard]] inline MacAddr mac_from(ByteView six) noexcept {
    MacAddr m;
    std::memcpy(m.b.data(), six.data(), m.b.size());
    return m;
}

// Reads 6 bytes as a MAC address; nullopt (cursor unchanged) when fewer remain.
[[nodiscard]] inline std::optional<MacAddr> read_mac(ByteReader& r) noexcept {
    const auto v = r.take(6);
    if (!v) return std::nullopt;
    return mac_from(*v);
}

// Anomaly name reported in ParseError::what (a stable counter name).
inline constexpr const char kErrTruncated[] = "dissect.eth.truncated";

// Parses the 14-byte MAC header at the start of `frame`. Views point into `frame`.
// Errors: Truncated ("dissect.eth.truncated") when fewer than 14 bytes are present.
[[nodiscard]] Result<Header> parse(ByteView frame) noexcept;

}  // namespace dissect::eth
