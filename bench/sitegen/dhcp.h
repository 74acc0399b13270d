// DHCPv4 (RFC 2131, options RFC 2132, FQDN RFC 4702) and DHCPv6 Solicit
// (RFC 8415) message builders. Clients follow a per-stack fingerprint: the
// option order, parameter request list and vendor class are data.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "bench/sitegen/addr.h"
#include "bench/sitegen/bytes.h"

namespace sitegen::dhcp {

enum class Type : std::uint8_t { kDiscover = 1, kOffer = 2, kRequest = 3, kDecline = 4, kAck = 5, kNak = 6, kRelease = 7, kInform = 8 };

// How one client stack writes its messages.
struct ClientStack {
    std::string_view prl;              // option 55, "1,3,6,15"
    std::string_view discover_order;   // option codes in emitted order (53,61,50,12,60,55 ...)
    std::string_view request_order;
    std::string_view vendor_class;     // option 60; "" = not sent
    std::uint16_t max_message_size;    // option 57; 0 = not sent
    std::uint32_t lease_request_s;     // option 51 in client messages; 0 = not sent
    bool broadcast_flag;
    bool pad_to_300;                   // BOOTP minimum size, as most stacks do
    std::uint8_t ttl;
};

struct ClientMessage {
    Type type = Type::kDiscover;
    std::uint32_t xid = 0;
    std::uint16_t secs = 0;
    Mac mac;
    Ip4 ciaddr;
    Ip4 requested;        // option 50 (0 = omitted)
    Ip4 server_id;        // option 54 (0 = omitted)
    std::string hostname; // option 12 (empty = omitted)
    std::string fqdn;     // option 81 (empty = omitted)
};
Bytes client_message(const ClientStack& stack, const ClientMessage& m);

struct ServerMessage {
    Type type = Type::kOffer;
    std::uint32_t xid = 0;
    bool broadcast_flag = false;
    Mac chaddr;
    Ip4 yiaddr, server, router, mask, dns;
    std::string domain;
    std::uint32_t lease_s = 86400;
    Ip4 tftp;  // option 150 for IP phones (0 = omitted)
};
Bytes server_message(const ServerMessage& m);

// DHCPv6 Solicit with DUID-LLT, IA_NA, elapsed time, FQDN, vendor class and ORO.
struct Solicit6 {
    std::uint32_t xid = 0;  // 24 bits
    Mac mac;
    std::uint32_t duid_time = 0;
    std::uint32_t iaid = 0;
    std::string fqdn;
    std::uint32_t enterprise = 0;  // 0 = no vendor class option
    std::string_view vendor_class;
    std::string_view oro;          // "17,23,24,39"
};
Bytes solicit6(const Solicit6& s);

// "1,3,6" -> {1,3,6}
Bytes code_list(std::string_view csv);
// DNS wire-format name ("a.b" -> 1a1b0), no compression.
Bytes dns_name(std::string_view dotted);

}  // namespace sitegen::dhcp
