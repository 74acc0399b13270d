// dissectors/dhcpv6/dhcpv6.h
// DHCPv6 (RFC 8415; client FQDN RFC 4704). Parses a client/server message
// (msg-type, transaction-id, options; RFC 8415 §8) or a relay message
// (msg-type, hop-count, link and peer addresses, options; §9) and extracts
// the options that identify a device:
//   1 Client Identifier and 2 Server Identifier (DUIDs, §11; parse_duid()
//   splits one into type, hardware type, time, enterprise and identifier),
//   6 Option Request (codes in wire order), 15 User Class and 16 Vendor Class
//   (§21.15/21.16: the enterprise number and the opaque data items), 17
//   Vendor-specific Information (enterprise number), 39 Client FQDN (flags and
//   the DNS wire-format name), 8 Elapsed Time, 9 Relay Message and 18
//   Interface-Id (relay messages), 14 Rapid Commit.
// Limits: kMaxOptions option codes are recorded in order, later ones only
// counted; kMaxClassItems data items per class option, later ones counted.
// Options inside IA_NA/IA_PD and the relayed message are not descended into
// (a caller may parse `relay_message` again). Reads only inside `payload`;
// every view points into it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "dissectors/core/addr.h"
#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::dhcpv6 {

inline constexpr std::size_t kMaxOptions = 48;
inline constexpr std::size_t kMaxClassItems = 4;
inline constexpr std::size_t kHeaderBytes = 4;         // msg-type, transaction-id (24 bits)
inline constexpr std::size_t kRelayHeaderBytes = 34;   // msg-type, hop-count, link, peer

enum MessageType : std::uint8_t {
    kSolicit = 1, kAdvertise = 2, kRequest = 3, kConfirm = 4, kRenew = 5, kRebind = 6, kReply = 7,
    kRelease = 8, kDecline = 9, kReconfigure = 10, kInformationRequest = 11, kRelayForw = 12, kRelayRepl = 13,
};

enum DuidType : std::uint16_t { kDuidLlt = 1, kDuidEn = 2, kDuidLl = 3, kDuidUuid = 4 };
inline constexpr std::uint16_t kHwTypeEthernet = 1;  // IANA ARP hardware type

// The data items of a User Class (15) or Vendor Class (16) option: each is a
// 2-byte length and opaque bytes.
struct ClassItems {
    ByteView items[kMaxClassItems];
    std::uint8_t count = 0;
    std::uint16_t dropped = 0;     // items past kMaxClassItems
    bool malformed = false;        // an item length ran past the option; items before it kept
};

struct Message {
    std::uint8_t msg_type = 0;
    std::uint32_t transaction_id = 0;   // 24 bits; client/server messages
    // Relay messages (kRelayForw, kRelayRepl) only:
    std::uint8_t hop_count = 0;
    IpAddr link_address{}, peer_address{};
    ByteView relay_message;             // 9: the relayed message, unparsed
    ByteView interface_id;              // 18
    // Options:
    ByteView client_id;                 // 1: DUID
    ByteView server_id;                 // 2: DUID
    ByteView oro;                       // 6: 2 bytes per requested code, in order (odd byte dropped)
    std::optional<std::uint16_t> elapsed_cs;         // 8, hundredths of a second
    bool rapid_commit = false;                       // 14
    ClassItems user_class;                           // 15
    std::optional<std::uint32_t> vendor_class_enterprise;  // 16
    ClassItems vendor_class;                         // 16 data
    std::optional<std::uint32_t> vendor_opts_enterprise;   // 17
    std::optional<std::uint8_t> fqdn_flags;          // 39
    ByteView fqdn_name;                              // 39: DNS wire format, possibly partial
    std::uint16_t option_codes[kMaxOptions] = {};    // codes in wire order
    std::uint8_t option_count = 0;
    std::uint16_t options_skipped = 0;               // options past kMaxOptions (not parsed)
};

// Parses one DHCPv6 message (the UDP payload). Errors: Truncated when the
// header or an option runs past the end. An option whose body is too short
// for its fixed part is listed in option_codes and otherwise ignored.
[[nodiscard]] Result<Message> parse(ByteView payload) noexcept;

struct Duid {
    std::uint16_t type = 0;      // DuidType
    std::uint16_t hw_type = 0;   // LLT, LL
    std::uint32_t time = 0;      // LLT: seconds since 2000-01-01 UTC, mod 2^32
    std::uint32_t enterprise = 0;  // EN
    ByteView id;                 // LLT/LL: link-layer address; EN: identifier; UUID: 16 bytes; other: the rest
    // The link-layer address as a MAC (LLT/LL with an Ethernet hardware type
    // and a 6-byte address), else nullopt.
    std::optional<MacAddr> mac;
};

// Splits a DUID (RFC 8415 §11). Errors: Truncated when it is shorter than its
// type's fixed part (2 bytes of type, plus 6 for LLT, 4 for EN, 2 for LL, 16 for UUID).
[[nodiscard]] Result<Duid> parse_duid(ByteView duid) noexcept;

}  // namespace dissect::dhcpv6
