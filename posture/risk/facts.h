// posture/risk/facts.h
// Facts: everything the risk rules can see about one device, as plain data.
// The inventory (or a test) fills one in per evaluation; the engine never
// looks anywhere else, so risk does not depend on the inventory. Facts are
// cumulative: the inventory keeps what it has seen (services, observations,
// nDPI risks, network tags) until it ages them out, and a finding lasts as
// long as the fact that raised it (posture/risk/engine.h).
#pragma once

#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "posture/evidence/fingerprint.h"

namespace posture::risk {

inline constexpr std::uint8_t kTcp = 6;
inline constexpr std::uint8_t kUdp = 17;

// (IP protocol 6 or 17, port)
using Service = std::pair<std::uint8_t, std::uint16_t>;

// Observation ids of the evidence mappers (posture/evidence/*.cc), e.g.
// "cleartext.telnet.login", "smb.v1", "tls.version.1.0"; `detail` is capped
// and never holds a secret.
using Obs = posture::Observation;

// The tags a network-level detector raises (NetworkWatch, or the inventory
// for spoof_suspect); `network:` conditions accept exactly these.
inline constexpr std::string_view kNetworkTags[] = {"rogue_dhcp",      "rogue_dhcpv6",       "rogue_ra",
                                                    "arp_spoof",       "gateway_mac_change", "duplicate_ip",
                                                    "dhcp_starvation", "spoof_suspect"};
inline constexpr std::size_t kNetworkTagCount = std::size(kNetworkTags);

// A tag raised by a network-level detector (posture/risk/network.h), e.g.
// {"rogue_dhcp", "offered by 10.0.0.66, not in the allow-list"}.
struct NetworkTag {
    std::string tag;  // rogue_dhcp, rogue_dhcpv6, rogue_ra, arp_spoof, gateway_mac_change,
                      // duplicate_ip, dhcp_starvation, spoof_suspect
    std::string detail;
};

// The identity contradictions the classifier found (posture/classify/state.h
// Conflict); `conflict:` conditions accept exactly these kinds.
inline constexpr std::string_view kConflictKinds[] = {"os_sources", "vendor_os", "os_family_change"};

struct Conflict {
    std::string kind;    // os_sources, vendor_os, os_family_change
    std::string detail;  // both sides named, e.g. "DHCP says Windows (dhcp.vendor); TCP stack says Linux (tcp.syn)"
};

struct Facts {
    std::string id;                       // device id, "mac:..." or "ip:..."
    std::string type = "unknown";         // class.type; "unknown" (or empty) when none
    std::string os_name, os_version;      // class.os, empty when unknown
    double confidence = 0.0;              // class.confidence 0..1 (informative; no rule uses it yet)
    bool random_mac = false;              // locally administered bit set
    bool new_device = false;              // first seen after the sensor's learning period
    std::vector<Service> services;        // server ports this device answered on
    std::vector<Service> new_services;    // those opened after first seen + the learning period
    std::vector<Obs> observations;        // evidence-mapper observations
    std::vector<std::string> ndpi_risks;  // nDPI flow-risk names (ndpi_risk2str)
    std::vector<NetworkTag> network;      // active network-detector tags for this device
    std::vector<Conflict> conflicts;      // sources that contradict each other about this device
    std::uint64_t now_ms = 0;             // packet clock, for first_seen/last_seen
};

}  // namespace posture::risk
