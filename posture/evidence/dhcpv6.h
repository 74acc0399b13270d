// posture/evidence/dhcpv6.h
// DHCPv6 -> evidence about the sender of the datagram.
//
// Client messages (SOLICIT, REQUEST, CONFIRM, RENEW, REBIND, RELEASE,
// DECLINE, INFORMATION-REQUEST) give fp key "dhcpv6" (WIRE-PROTOCOL §4), an
// entry with only the keys that were present:
//   duid        option 1, lowercase hex
//   duid_mac    the MAC inside a DUID-LLT/DUID-LL with an Ethernet hardware type
//   oro         option 6 codes in wire order, "23,24"
//   enterprise  option 16 enterprise number (a number)
//   vendor      option 16 data items as text, joined with " | "
//   user_class  option 15 data items as text, joined with " | "
//   fqdn        option 39 name, dotted text
// plus the name from option 39 (NameSource::Dhcpv6) and hints from a few
// well-known vendor-class enterprise numbers (src "dhcpv6.enterprise":
// 311 Microsoft -> os.name Windows; 9 Cisco, 2636 Juniper, 30065 Arista ->
// vendor). Server messages (ADVERTISE, REPLY) give the observation
// "dhcpv6.server" (detail: the server DUID in hex), for rogue-server checks.
// Relay messages describe another device than the sender and yield nothing.
#pragma once

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"
#include "posture/evidence/handlers.h"

namespace posture::evidence {

// Maps one DHCPv6 datagram (the UDP payload, ports 546/547). Returns the
// parser's error (nothing is appended then).
[[nodiscard]] dissect::Result<void> dhcpv6_datagram(dissect::ByteView payload, const PacketContext& ctx, Sink& out);

}  // namespace posture::evidence
