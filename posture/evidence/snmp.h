// posture/evidence/snmp.h
// SNMP v1/v2c -> evidence about the sender of the datagram.
//
// Every v1/v2c message carries a community in cleartext: the observation
// "snmp.community" (detail: the version, "v1" or "v2c"; never the community),
// and "snmp.community.default" as well when it is a factory default
// ("public", "private"). An agent's answers (Response, v1 Trap, v2 Trap)
// that carry system-group values give fp key "snmp", a singleton map merged
// across messages (a manager often asks for each object separately):
//   sysdescr     1.3.6.1.2.1.1.1.0, text
//   sysobjectid  1.3.6.1.2.1.1.2.0, dotted OID
//   sysname      1.3.6.1.2.1.1.5.0, text
//   version      "v1" or "v2c"
// and the name from sysName (NameSource::Snmp). SNMPv3 yields nothing.
#pragma once

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"
#include "posture/evidence/handlers.h"

namespace posture::evidence {

// Maps one SNMP datagram (the UDP payload, ports 161/162). Returns the
// parser's error (nothing is appended then).
[[nodiscard]] dissect::Result<void> snmp_datagram(dissect::ByteView payload, const PacketContext& ctx, Sink& out);

}  // namespace posture::evidence
