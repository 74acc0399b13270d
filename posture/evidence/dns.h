// posture/evidence/dns.h
// The DNS family -> evidence about the sender of the datagram. One parser
// (dissectors/dns), three mappers, because the same records mean different
// things on each port.
//
// dns_datagram (UDP 53): the names a device looks up, for later hints (which
// clouds it talks to). Only from queries: a server's response says nothing
// about the server. One fp "dns" entry (a string) per question name, lowercase
// (resolvers that randomise the case, draft-vixie-dnsext-dns0x20, would
// otherwise fill the list with one name), at most kMaxQueryNames per message.
//
// mdns_datagram (UDP 5353): what a device announces about itself. From a
// response: all its records; from a query: only the authority section (the
// records it is probing for, RFC 6762 §8.1), never the answer section (known
// answers, other hosts' records, §7.1). fp "mdns" entry with the keys that
// were present:
//   name      the host name it announces, as sent ("Jennys-MacBook-Pro.local"):
//             the first A/AAAA owner name, else SRV target, else the target of
//             a reverse-mapping PTR (x.in-addr.arpa / x.ip6.arpa)
//   services  DNS-SD service types it offers, wire order, deduplicated
//             ("_ipp._tcp"): from PTR owners and SRV owners, and the targets of
//             the service enumeration PTR (_services._dns-sd._udp, §9)
//   txt       {key: value} from all TXT records (RFC 6763 §6): first value of
//             a key wins; a key without '=' maps to ""; kMaxTxtKeys keys
// names: every announced host name that ends in ".local", without it
// (NameSource::Mdns). Hints, only what a field states outright:
//   TXT (src "mdns.txt"): ty, usb_MDL, model, md, model_number -> model;
//     usb_MFG, manufacturer -> vendor; osxvers (macOS's Darwin major) -> os.name macOS
//   services (src "mdns.svc"): _pdl-datastream/_ipp/_ipps/_printer -> type printer;
//     _googlecast -> media; _airplay/_raop -> media (low: Macs announce them too);
//     _hap (HomeKit accessory) -> iot
//
// llmnr_datagram (UDP 5355): queries -> fp "llmnr" entries (the names asked
// for, as sent, at most kMaxQueryNames) and the observation "llmnr.query"
// (name resolution by multicast, open to spoofing; detail: the first name);
// responses -> the responder's own name (LLMNR responders answer only for
// themselves, RFC 4795 §2.1): A/AAAA owner names and reverse PTR targets,
// NameSource::Llmnr.
#pragma once

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"
#include "posture/evidence/handlers.h"

namespace posture::evidence {

inline constexpr std::size_t kMaxQueryNames = 4;   // fp entries per DNS/LLMNR query
inline constexpr std::size_t kMaxMdnsNames = 4;    // host names per mDNS message
inline constexpr std::size_t kMaxServices = 16;    // service types per mDNS entry
inline constexpr std::size_t kMaxTxtKeys = 16;
inline constexpr std::size_t kMaxTxtKey = 64;      // bytes kept of a TXT key
inline constexpr std::size_t kMaxTxtValue = 128;   // bytes kept of a TXT value

// Each maps one datagram (the UDP payload). Each returns the parser's error
// (nothing is appended then).
[[nodiscard]] dissect::Result<void> dns_datagram(dissect::ByteView payload, const PacketContext& ctx, Sink& out);
[[nodiscard]] dissect::Result<void> mdns_datagram(dissect::ByteView payload, const PacketContext& ctx, Sink& out);
[[nodiscard]] dissect::Result<void> llmnr_datagram(dissect::ByteView payload, const PacketContext& ctx, Sink& out);

}  // namespace posture::evidence
