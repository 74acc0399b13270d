// dissectors/dhcp/dhcp.h
// DHCPv4 (RFC 2131; options RFC 2132, 3004, 3046, 4702, 6842, 3925). Parses the
// fixed BOOTP header and the option area (after the magic cookie) into the
// fields used to identify a device, to learn its address, and to describe the
// server that answered it:
//   client: message type (53), parameter request list (55, in wire order),
//           vendor class (60), host name (12), client id (61), client FQDN (81,
//           split into flags and name), max message size (57), requested
//           address (50), user class (77), V-I vendor class/info (124/125);
//   server: server id (54), lease time (51), routers (3), DNS servers (6),
//           domain name (15), offered address (yiaddr).
// Limits: options past kMaxOptions are counted (`options_skipped`), not parsed.
// Option overload (52: options in sname/file) is recorded, not followed. A
// repeated option keeps its last instance (RFC 3396 concatenation is not done).
// Reads only inside `payload`; every view points into it.
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
inline constexpr std::uint8_t kOpRequest = 1;            // BOOTREQUEST: sent by a client
inline constexpr std::uint8_t kOpReply = 2;              // BOOTREPLY: sent by a server (or relay)
inline constexpr std::uint8_t kFqdnFlagEncoded = 0x04;   // RFC 4702 §2.1 "E": name in DNS wire format

enum MessageType : std::uint8_t {
    kDiscover = 1, kOffer = 2, kRequest = 3, kDecline = 4, kAck = 5, kNak = 6, kRelease = 7, kInform = 8,
};

struct Message {
    std::uint8_t op = 0;      // kOpRequest (client) or kOpReply (server)
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
    ByteView client_id;                     // 61 (type byte, then the id)
    ByteView fqdn;                          // 81 whole body (flags, rcode1, rcode2, name)
    std::optional<std::uint8_t> fqdn_flags; // 81 flags, when the body has its 3 fixed bytes
    ByteView fqdn_name;                     // 81 name: DNS wire format when fqdn_flags has
                                            // kFqdnFlagEncoded, else (deprecated) ASCII
    std::optional<std::uint16_t> max_message_size;  // 57
    std::optional<IpAddr> requested_ip;     // 50
    std::optional<IpAddr> server_id;        // 54
    std::optional<std::uint32_t> lease_s;   // 51
    std::optional<std::uint8_t> overload;   // 52 (recorded, not followed)
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
// Options with a size that their definition does not allow (e.g. a 3-byte
// server id) are listed in option_codes but leave their field unset.
[[nodiscard]] Result<Message> parse(ByteView payload) noexcept;

}  // namespace dissect::dhcp
