// Floods: what a SPAN port carries under attack or misbehaviour, to be merged
// with a site capture (mergecap) and run through the sensor, which must stay
// within its memory budget, count every eviction and keep classifying the
// real devices. Written over the same time window as the site (kEpochUs on),
// evenly spread, deterministic for a seed.
//
//   macs=N   N frames, each from a new random source MAC (a MAC flood, e.g.
//            macof): broadcast ARP requests from random 10.99.x.y senders
//   flows=N  N one-packet TCP SYNs from one attacker, each a new 5-tuple
//            (random destination address and ports: a scan or a SYN flood)
//   dhcp=N   N DHCPDISCOVERs, each from a new random chaddr and source MAC
//            (DHCP starvation, e.g. dhcpstarv)
//   mdns=N   N mDNS announcements, each for a new host name and service
//            instance, from a handful of sources (an mDNS storm)
//   ssdp=N   N SSDP NOTIFYs, each with a new USN and location (an SSDP storm)
#pragma once

#include <cstdint>
#include <string>

namespace sitegen {

struct FloodSpec {
    std::uint64_t macs = 0, flows = 0, dhcp = 0, mdns = 0, ssdp = 0;
    [[nodiscard]] std::uint64_t total() const noexcept { return macs + flows + dhcp + mdns + ssdp; }
};

// "macs=1000000,flows=2000000"; false (and `error`) on a bad spec.
bool parse_flood(const std::string& spec, FloodSpec& out, std::string& error);

// Writes `path` (pcap): the floods interleaved over `minutes` from kEpochUs.
// Returns the frames written.
std::uint64_t write_flood(const FloodSpec& spec, double minutes, std::uint64_t seed, const std::string& path);

}  // namespace sitegen
