// posture/evidence/ssdp.h
// SSDP -> evidence about the sender of the datagram. fp "ssdp" entries, with
// the keys whose headers were present (values as sent, trimmed, capped):
//   NOTIFY (ssdp:alive, ssdp:update)  {method "NOTIFY", server, nt, usn, location}
//   search response (HTTP/1.1 200)    {status "200", server, nt, usn, location};
//                                     nt is the ST header, which in a response
//                                     names what the device is, as NT does in a
//                                     NOTIFY (UPnP DA 1.1 §1.3.3)
//   M-SEARCH                          {method "M-SEARCH", st, user_agent}
// An ssdp:byebye says nothing new and yields nothing. Of the NOTIFY burst a
// device sends (UPnP DA 1.1 §1.2.2: rootdevice, its uuid, its device type,
// one per service type), only rootdevice and device-type NOTIFYs give
// entries: the bare-uuid and ":service:" ones repeat the same server,
// location and uuid, and every entry counts toward the 8 the record keeps
// (more distinct entries than that would replace each other on every burst).
// Their hints and observation still count.
// Observations: "ssdp.notify" for an alive/update NOTIFY (the device exposes
// UPnP; detail: LOCATION) and "ssdp.msearch" for a search (detail: ST).
// Hints, only where a token says it outright:
//   SERVER (src "ssdp.server"; for M-SEARCH the USER-AGENT, src "ssdp.ua"):
//     a "Windows" token -> os.name Windows; a first token "Linux" -> os.name
//     Linux (low: the OS token of embedded stacks is often made up); a first
//     token "Android" -> os.name Android
//   NT / ST of a NOTIFY or response (src "ssdp.nt"): device type
//     InternetGatewayDevice -> type network; MediaRenderer -> type media
//     (stronger with DLNADOC in SERVER); Printer -> type printer; the DIAL
//     service or Roku's "roku:ecp" -> type media
#pragma once

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"
#include "posture/evidence/handlers.h"

namespace posture::evidence {

// Maps one SSDP datagram (the UDP payload, port 1900). Returns the parser's
// error (nothing is appended then).
[[nodiscard]] dissect::Result<void> ssdp_datagram(dissect::ByteView payload, const PacketContext& ctx, Sink& out);

}  // namespace posture::evidence
