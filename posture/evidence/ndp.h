// posture/evidence/ndp.h
// IPv6 Router Advertisements (RFC 4861 §4.2) -> evidence about the sender.
// Every RA gives fp key "ipv6_ra", a singleton map:
//   lifetime_s   router lifetime in seconds (0: not a default router), a number
//   hop_limit    advertised Cur Hop Limit, a number
//   flags        "M", "O", "MO" or "" (managed / other configuration)
//   mtu          the MTU option, a number (absent without it)
//   prefixes     "2001:db8:1::/64,..." the prefix information options (at most 4)
// An RA with a non-zero lifetime offers a default route: observation
// "ipv6.ra" (detail "router lifetime 1800 s, prefixes ...") for the rogue-RA
// detector (posture/risk/network.h) and the hint type=network (weight 40,
// src "ipv6.ra"): hosts do not advertise routes, routers and firewalls do.
#pragma once

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"
#include "posture/evidence/handlers.h"

namespace posture::evidence {

// `icmp_body`: the ICMPv6 message after type, code and checksum. Returns the
// parser's error (nothing is appended then); other ND types are Unsupported.
[[nodiscard]] dissect::Result<void> ndp_router_advert(dissect::ByteView icmp_body, const PacketContext& ctx,
                                                      Sink& out);

}  // namespace posture::evidence
