// posture/evidence/cdp.h
// CDP -> evidence about the Cisco (or CDP-speaking) device that sent the PDU.
//
// fp key "cdp" (a singleton map, WIRE-PROTOCOL §4), with only the keys that
// were present:
//   device_id    device id TLV, text
//   platform     platform TLV, text ("cisco WS-C3560G-24PS")
//   software     first line of the software version TLV, trailing blanks cut
//   caps         capabilities as names in bit order, "router,switch,igmp"
//                (router, trans-bridge, sr-bridge, switch, host, igmp, repeater,
//                phone, remote, cvta, mac-relay)
//   port         port id TLV ("GigabitEthernet0/5")
//   native_vlan  a number
//   vtp_domain   text
//   duplex       "full" or "half"
//   voice_vlan   VoIP VLAN reply, a number
//   mgmt         addresses (TLV 0x0002, then management addresses 0x0016) in wire
//                order, duplicates removed, comma-separated
// Names: the device id (NameSource::Cdp). Hints: capabilities phone -> type
// ip-phone (80), else router/bridge/switch -> type network (80); host alone
// says nothing; platform -> model (70, without a leading "cisco "), and vendor
// Cisco (70) when the platform starts with "cisco" (any case).
#pragma once

#include <string>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"
#include "posture/evidence/handlers.h"

namespace posture::evidence {

// Maps one CDP PDU (`l2_payload`: the bytes after the LLC/SNAP header with OUI
// 00-00-0C, PID 0x2000). Returns the parser's error (nothing is appended then).
[[nodiscard]] dissect::Result<void> cdp_frame(dissect::ByteView l2_payload, const PacketContext& ctx, Sink& out);

// Capability names for a CDP capability bit field, comma-separated in bit
// order; empty for 0.
[[nodiscard]] std::string cdp_capability_names(std::uint32_t caps);

}  // namespace posture::evidence
