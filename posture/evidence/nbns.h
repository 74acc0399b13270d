// posture/evidence/nbns.h
// NetBIOS Name Service -> evidence about the sender of the datagram.
//
// A name counts as the sender's own when the protocol says so:
//   - in a registration, refresh or multi-homed registration request (opcodes
//     5, 8, 9, 15): the question names (RFC 1002 §4.2.2: a node registers its
//     own names; the group bit comes from the NB record that goes with it);
//   - in a positive response: NB answer records that list the sender's own
//     IPv4 address (a WINS server answers queries for other hosts' names, the
//     owner answers a broadcast query with its own address), and every name of
//     a node status (NBSTAT) response, which a node gives only about itself.
// Queries, releases and negative responses name nobody's own names.
//
// For the sender's names: fp "nbns" entries (strings, one per name) rendered
// as Wireshark does: the 15 name bytes with trailing spaces trimmed and bytes
// outside ' '..'~' as "<xx>", then the suffix as "<xx>" ("MDJR98<20>",
// "<01><02>__MSBROWSE__<02><01>", lowercase hex); fp "nbns_group" entries
// (strings) for the workgroup or domain the names put it in: group names with
// suffix 0x00, 0x1c or 0x1e and unique names with suffix 0x1b or 0x1d (the
// domain and local master browser names); names (NameSource::Nbns) for unique
// names with suffix 0x00 (workstation) or 0x20 (file server).
// Every NBNS message also yields the observation "nbns.chatter" (legacy
// broadcast name service, open to spoofing; detail: the opcode, e.g.
// "registration", "query response").
#pragma once

#include <string>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"
#include "dissectors/nbns/nbns.h"
#include "posture/evidence/handlers.h"

namespace posture::evidence {

inline constexpr std::size_t kMaxNbnsNames = 16;  // own names taken from one message (NBSTAT lists many)

// Maps one NBNS datagram (the UDP payload, port 137). Returns the parser's
// error (nothing is appended then).
[[nodiscard]] dissect::Result<void> nbns_datagram(dissect::ByteView payload, const PacketContext& ctx, Sink& out);

// "NAME<xx>" as described above (shared with the browser mapper).
[[nodiscard]] std::string netbios_name_text(const dissect::nbns::NetbiosName& n);

// The name part alone, trailing spaces and NULs trimmed; empty when it holds
// a byte outside ' '..'~' (such names are not host names).
[[nodiscard]] std::string netbios_plain_name(const dissect::nbns::NetbiosName& n);

}  // namespace posture::evidence
