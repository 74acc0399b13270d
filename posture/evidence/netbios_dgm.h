// posture/evidence/netbios_dgm.h
// NetBIOS datagrams and the browser protocol in them -> evidence about the
// sender of the datagram.
//
// HostAnnouncement and LocalMasterAnnouncement ([MS-BRWS] §2.2.1, 2.2.11):
// fp "browser" entry with the keys that were present:
//   name         the server name it announces ("MDJR98")
//   os           OS version major.minor as announced ("4.0", "6.1", "10.0")
//   server_type  the server type bits, "0x%08x" as Wireshark shows them
//   comment      the server comment, when not empty
// names: the announced server name (NameSource::Nbns: it is the NetBIOS name).
// Hints, for Windows hosts only (the NT, WfW or Windows-95 bit set and not the
// Unix bit that Samba sets, since Samba announces versions of its choosing):
//   os.name Windows (src "browser.os"); os.version from major.minor of an NT
//   host (5.0 2000, 5.1 XP, 6.0 Vista, 6.1 7, 6.2 8, 6.3 8.1; with a server
//   bit the Server release of the same kernel; 10.0 is Windows 10, 11 and
//   Server 2016+ alike, so no version), "9x" for the Windows 95 bit;
//   type server (domain controller or NT server bit) or workstation (src "browser.type").
// DomainAnnouncement (§2.2.7) names the sender's workgroup: fp "nbns_group"
// entry (string), as the NBNS mapper emits for workgroup names.
// RequestElection, AnnouncementRequest and MasterAnnouncement carry the
// sender's name only: names (BecomeBackup names the browser to promote). Any direct or broadcast datagram also
// gives its source name when that is a workstation (0x00) or server (0x20)
// name: names.
#pragma once

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"
#include "posture/evidence/handlers.h"

namespace posture::evidence {

// Maps one NetBIOS datagram (the UDP payload, port 138). Returns the parser's
// error (nothing is appended then).
[[nodiscard]] dissect::Result<void> browser_datagram(dissect::ByteView payload, const PacketContext& ctx, Sink& out);

}  // namespace posture::evidence
