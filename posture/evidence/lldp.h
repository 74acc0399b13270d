// posture/evidence/lldp.h
// LLDP -> evidence about the station that sent the LLDPDU.
//
// fp key "lldp" (a singleton map, WIRE-PROTOCOL §4), with only the keys that
// were present:
//   chassis    chassis id: "aa:bb:cc:dd:ee:ff" for the MAC subtype, the address
//              for the network-address subtype, else the id as text
//   port       port id, same rules (MAC subtype 3, network address subtype 4)
//   port_desc  port description
//   sysname    system name
//   sysdesc    system description
//   caps       enabled capabilities as names in bit order, "bridge,router,telephone"
//              (other, repeater, bridge, wlan-ap, router, telephone, docsis,
//              station, c-vlan, s-vlan, tpmr)
//   mgmt       management addresses in wire order, comma-separated (IPv4 dotted,
//              IPv6 RFC 5952, MAC colon form, anything else hex)
//   vlan       the 802.1 port VLAN id (PVID), a number
//   mud        the MUD URL (RFC 8520)
//   med        {hw_rev, fw_rev, sw_rev, serial, manufacturer, model, asset,
//               voice_vlan (network policy for application 1, a number)}
// Names: the system name (NameSource::Lldp). Hints: enabled capabilities
// telephone -> type ip-phone (80; a phone also sets bridge for its PC port, so
// telephone wins), else bridge or router -> type network (80); station-only
// says nothing; MED manufacturer -> vendor (80), MED model -> model (80).
#pragma once

#include <string>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"
#include "posture/evidence/handlers.h"

namespace posture::evidence {

// Maps one LLDPDU (`l2_payload`: the bytes after EtherType 0x88CC). Returns the
// parser's error (nothing is appended then).
[[nodiscard]] dissect::Result<void> lldp_frame(dissect::ByteView l2_payload, const PacketContext& ctx, Sink& out);

// Enabled-capability names for an LLDP capability bit field, comma-separated in
// bit order ("bridge,telephone"); empty for 0.
[[nodiscard]] std::string lldp_capability_names(std::uint16_t caps);

}  // namespace posture::evidence
