// posture/evidence/dhcp.h
// DHCPv4 -> evidence about the sender of the datagram.
//
// Client messages (BOOTREQUEST) give the device's DHCP fingerprint, fp key
// "dhcp" (WIRE-PROTOCOL §4), an entry with only the keys that were present:
//   prl       option 55 codes in wire order, "1,3,6,15"
//   vendor    option 60, text
//   hostname  option 12, text
//   client_id option 61, lowercase hex of the whole option (type byte first)
//   fqdn      option 81 name part, dotted text
// plus names (12 and 81, NameSource::Dhcp) and OS hints that follow from
// option 60 alone (src "dhcp.vendor"): "MSFT*" -> Windows, "android-dhcp-N" ->
// Android N, "dhcpcd-*" -> Linux (or the system named after its first ':'),
// "udhcp *" (BusyBox) -> Linux.
//
// Server messages (BOOTREPLY with OFFER, ACK or NAK) describe the server, for
// rogue-server checks: fp key "dhcp_server", entry
//   {server_id, offered, router, dns, domain, lease_s, msg}
// (addresses dotted, lists comma-separated in wire order, lease_s and msg
// numbers), and the observation "dhcp.server" (detail: the server id).
#pragma once

#include <string>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"
#include "posture/evidence/handlers.h"

namespace posture::evidence {

// Maps one DHCPv4 datagram (the UDP payload, ports 67/68). Returns the
// parser's error (nothing is appended then). A client message whose chaddr is
// not the frame's source MAC (a relay, or a repeater doing MAC translation)
// describes another device than the sender, so it yields nothing.
[[nodiscard]] dissect::Result<void> dhcp_datagram(dissect::ByteView payload, const PacketContext& ctx, Sink& out);

// A DNS name in wire format (RFC 1035 §3.1: length-prefixed labels), as in
// DHCPv4 option 81 and DHCPv6 option 39, as dotted text without the final
// dot. Stops at the root label, at the end of the bytes (RFC 4702 allows a
// partial name without the root label), or at anything that is not a plain
// label (compression pointers are not allowed there). Capped at kMaxString;
// sets *truncated when it cut.
[[nodiscard]] std::string dns_wire_name(dissect::ByteView wire, bool* truncated = nullptr);

}  // namespace posture::evidence
