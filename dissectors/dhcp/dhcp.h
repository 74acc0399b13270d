// dissectors/dhcp/dhcp.h
// DHCPv4 (RFC 2131; options RFC 2132, 3046, 4702, 6842). Parses the fixed
// BOOTP header and the option area (after the magic cookie) into the fields
// used to identify a device and to learn its address. Reads only inside
// `payload`. Options past kMaxOptions are counted, not parsed. Option overload
// (52: options in sname/file) is not followed. All views point into `payload`.
#pragma once

#include <cstdint>
#include <optional>

#include "dissectors/core/addr.h"
#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::dhcp {

inline constexpr std::size_t kMaxOptions = 64;
inline constexpr std::size_t kFixedHeaderBytes = 236;  // op .. file
inline constexpr std::uint32_t kMagicCookie = 0x63825363;

enum MessageType : std::uint8_t {
    kDiscover = 1, kOffer = 2, kRequest = 3, kDecline = 4, kAck = 5, kNak = 6, kRelease = 7, kInform = 8,
};

struct Message {
    std::uint8_t op = 0;      // 1 = request (client), 2 = reply (server)
    std::uint8_t htype = 0;   // 1 = Ethernet
    std::uint8_t hlen = 0;
    std::uint8_t hops = 0;
    std::uint32_t xid = 0;
    std::uint16_t secs = 0;
    std::uint16_t flags = 0;
    IpAddr ciaddr{}, yiaddr{}, siaddr{}, giaddr{};
    MacAddr client_mac{};     // chaddr, when htype is Ethernet and hlen 6
    std::optional<std::uint8_t> msg_type;   // option 53
    ByteView param_request_list;            // 55, one code per byte, in order
    ByteView vendor_class;                  // 60
    ByteView hostname;                      // 12, raw bytes
    ByteView client_id;                     // 61
    ByteView fqdn;                          // 81 (flags, rcode1, rcode2, name)
    std::optional<std::uint16_t> max_message_size;  // 57
    std::optional<IpAddr> requested_ip;     // 50
    std::optional<IpAddr> server_id;        // 54
    std::optional<std::uint32_t> lease_s;   // 51
    ByteView routers;                       // 3, 4 bytes each
    ByteView dns_servers;                   // 6, 4 bytes each
    ByteView domain_name;                   // 15
    ByteView user_class;                    // 77
    ByteView vi_vendor_class;               // 124
    ByteView vi_vendor_info;                // 125
    std::uint8_t option_codes[kMaxOptions] = {};  // codes in wire order (pads excluded)
    std::uint8_t option_count = 0;
    std::uint16_t options_skipped = 0;
    bool end_seen = false;
};

// Parses one DHCPv4 message (the UDP payload). Errors: Truncated when the
// fixed header or an option runs past the end; Malformed when the magic cookie
// is wrong. A message without the END option is accepted (end_seen = false).
[[nodiscard]] Result<Message> parse(ByteView payload) noexcept;

}  // namespace dissect::dhcp
