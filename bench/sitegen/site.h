// The simulated site: subnets and VLANs, the device population drawn from the
// profile table (counts scaled to --devices), and each device's identity:
// MAC, addresses, names, mDNS services. Also the per-device runtime state the
// scenario keeps (counters, caches, the risky behaviours actually shown).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "bench/sitegen/addr.h"
#include "bench/sitegen/device_profiles.h"
#include "bench/sitegen/dns.h"
#include "bench/sitegen/rng.h"

namespace sitegen {

struct Options {
    std::string out_dir;
    std::uint64_t seed = 1;
    int devices = 72;
    double minutes = 10;
    int scale = 1;
};

inline constexpr int kMinDevices = 60;
inline constexpr int kMaxDevices = 100000;
inline constexpr int kCampusThreshold = 200;  // above this: 10.x addressing, many VLANs

struct Subnet {
    Ip4 network;
    std::uint16_t vlan = 0;  // 0 = untagged
    Ip6 prefix6;
    Segment segment = Segment::kData;
    std::uint32_t next_static = 2;
    std::uint32_t next_dhcp = 64;
    [[nodiscard]] Ip4 gateway() const noexcept { return Ip4{network.v + 1}; }
    [[nodiscard]] Ip4 broadcast() const noexcept { return Ip4{network.v + 255}; }
};

struct Slot {
    Act act;
    std::uint64_t period_us;
    std::uint64_t next_us;
};

struct Device {
    int index = 0;
    const Profile* profile = nullptr;
    int instance = 1;  // 1-based among devices of the same profile
    Mac mac;
    Ip4 ip;
    int subnet = 0;
    std::uint16_t vlan = 0;
    bool has_v6 = false;
    Ip6 ll6, gl6;
    std::string hostname;   // name it gives itself in DHCP / LLDP / CDP / NBNS ("" = none)
    std::string mdns_host;  // <name>.local it announces ("" = none)
    std::string friendly;
    std::string id32;
    std::string uuid;
    std::vector<dns::MdnsService> mdns;
    std::uint64_t join_us = 0;

    // Runtime state.
    Rng rng;
    bool joined = false;
    std::uint16_t ip_id = 0;
    std::uint32_t next_port = 0;
    std::uint32_t ts_base = 0;
    std::uint32_t counter = 0;  // round-robin cursor for peers
    std::vector<Slot> slots;
    std::map<std::string, std::uint64_t> dns_cache;  // name -> expiry (us)
    std::array<int, 16> peer_cache{};
    std::set<std::string> risky;
    std::vector<int> served;  // PBX: its phones; monitor: its agents
};

struct Site {
    Options opt;
    bool campus = false;
    std::string domain = "acme.local";
    std::vector<Subnet> subnets;
    std::vector<Device> devices;
    int router = 0;
    int root_switch = -1;
    std::map<std::uint32_t, std::vector<int>> by_role;                  // role bit -> devices
    std::map<std::pair<int, std::string>, std::vector<int>> mdns_index;  // (subnet, service type) -> devices
    std::vector<std::vector<int>> ssdp_by_subnet;                       // devices answering M-SEARCH

    // A peer with `role` for `d`: same subnet preferred, spread by device index; -1 if none.
    int peer(Device& d, Role role);
    [[nodiscard]] const Subnet& subnet_of(const Device& d) const { return subnets[d.subnet]; }
};

// Builds the site for `opt` (deterministic in opt.seed and opt.devices).
Site build_site(const Options& opt);

// Expands {A7} {H6} {MAC} {mac} {F} {N2} {ID} {UUID} {IP} in `pattern` for `d`.
std::string expand(std::string_view pattern, const Device& d, Rng* rng = nullptr);

// Splits on a separator, skipping empty pieces.
std::vector<std::string_view> split(std::string_view s, char sep);

}  // namespace sitegen
