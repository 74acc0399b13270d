// posture/risk/network.h
// NetworkWatch: network-level detectors. The posture thread feeds it plain
// events (a DHCP server answered, an ARP sender bound an IP to a MAC, ...);
// it raises tags (facts.h kNetworkTags) on device ids, which the inventory
// copies into Facts::network for the risk rules. No inventory dependency.
//
// Time is the packet clock in microseconds (never the wall clock); events may
// arrive slightly out of order (an earlier timestamp is treated as "now").
//
// Detections and their choices:
//   dhcp_server(id, server, ts, vlan)  DHCPv4 OFFER/ACK sent by device `id`
//     with server identifier `server`. With `dhcp_servers` configured: any
//     other server is rogue_dhcp. Without it: trust on first use per VLAN, the
//     first server seen on a VLAN is trusted and every other one is rogue
//     (order-dependent: configure the list where it matters).
//   dhcpv6_server(...)        the same against `dhcpv6_servers`: rogue_dhcpv6.
//   router_advertisement(...) an RA with a non-zero router lifetime from
//     `src` against `routers` (same trust rule): rogue_ra.
//   arp_binding(id, ip, ts, vlan)  the ARP sender `id` (one id per MAC)
//     claimed `ip`. Each (vlan, ip) has an owner: the first claimer, or a new
//     one once the owner has been silent for arp_window_us (a normal move).
//     A claim by another id while the owner is active is a conflict:
//       - on a gateway IP (configured or learn_gateway()): arp_spoof and
//         gateway_mac_change on the claimer;
//       - when the claimer also owns another IP: arp_spoof on the claimer
//         (a host with an address of its own answering for someone else's);
//       - otherwise: duplicate_ip on both (two hosts configured alike).
//     A gateway IP moving to a new MAC after silence: gateway_mac_change.
//     Limits: the first claimer is taken as the owner, so a spoofer that
//     speaks before the real host is not caught; proxy ARP looks like spoofing.
//   dhcp_discover(id, ts)     more than `starvation_macs` distinct client ids
//     sending DISCOVER within starvation_window_us is a starvation burst:
//     every id in the window, and every new one while the burst lasts, gets
//     dhcp_starvation (the spoofed MACs become visible records; the attacker's
//     real MAC is unknown). The burst ends when the window holds no more than
//     `starvation_macs` ids; counters().starvation_bursts counts bursts.
//   fingerprint(id, kind, value, ts)  a device fingerprint (e.g. kind "dhcp",
//     value the option 55 list). A value that comes back to the previous one
//     within spoof_window_us (A, B, A: two devices behind one MAC) raises
//     spoof_suspect. A single change (an OS update) does not.
//   raise(id, tag, detail, ts) a tag decided elsewhere (the inventory's own
//     spoof_suspect logic, say).
// A tag stays active for tag_hold_us after its last detection, then expires.
//
// Bounded memory: every table has a cap (NetworkConfig); when one is full,
// stale entries are purged (at most a few times per window), and an event
// that still does not fit is dropped and counted in counters().
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <expected>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dissectors/core/addr.h"
#include "posture/risk/facts.h"

namespace posture::risk {

struct NetworkConfig {
    std::vector<std::string> dhcp_servers;            // allowed DHCPv4 server addresses; empty: first seen per VLAN
    std::vector<std::string> dhcpv6_servers;          // allowed DHCPv6 server addresses (as seen in the reply's source)
    std::vector<std::string> routers;                 // allowed IPv6 RA sources (link-local addresses)
    std::vector<std::string> gateways;                // IPv4/IPv6 gateway addresses whose MAC is watched
    std::uint64_t arp_window_us = 300'000'000;        // 5 min: claims closer than this conflict
    std::uint32_t starvation_macs = 50;               // more distinct DISCOVER senders than this ...
    std::uint64_t starvation_window_us = 10'000'000;  // ... within 10 s is a burst
    std::uint64_t spoof_window_us = 3'600'000'000;    // 1 h: A, B, A within this flags spoof_suspect
    std::uint64_t tag_hold_us = 86'400'000'000;       // 24 h: a tag's life after its last detection
    std::size_t max_ips = 65'536;                     // tracked (vlan, ip) ARP claims
    std::size_t max_devices = 16'384;                 // devices holding tags
    std::size_t max_fingerprints = 16'384;            // tracked (id, kind) fingerprints
    std::size_t max_discovers = 4'096;                // DISCOVER events kept in the window
    std::size_t max_gateways = 64;                    // configured plus learned gateway IPs
};

// A tag raised or changed (its detail) on a device: the posture thread marks
// the device for re-evaluation.
struct Detection {
    std::string id;
    std::string tag;
    std::string detail;
    std::uint64_t ts_us = 0;
};

struct NetworkCounters {
    std::uint64_t ips_dropped = 0;           // ARP claims not tracked: table full of active claims
    std::uint64_t tags_dropped = 0;          // tags not stored: device table full
    std::uint64_t fingerprints_dropped = 0;  // fingerprints not tracked: table full
    std::uint64_t discovers_dropped = 0;     // DISCOVERs pushed out of a full window
    std::uint64_t gateways_dropped = 0;      // learn_gateway beyond max_gateways
    std::uint64_t detections_dropped = 0;    // pending detections beyond kMaxPendingDetections
    std::uint64_t arp_conflicts = 0;
    std::uint64_t starvation_bursts = 0;
};

inline constexpr std::size_t kMaxPendingDetections = 4096;
inline constexpr std::size_t kMaxFingerprintText = 64;  // bytes of a fingerprint quoted in a detail

class NetworkWatch {
public:
    // Checks the config: addresses must parse, windows and caps be non-zero.
    // Error: "network: dhcp_servers: '10.0.0.x' is not an IP address", ...
    [[nodiscard]] static std::expected<NetworkWatch, std::string> create(NetworkConfig cfg);

    void dhcp_server(std::string_view id, const dissect::IpAddr& server, std::uint64_t ts_us, std::uint16_t vlan = 0);
    void dhcpv6_server(std::string_view id, const dissect::IpAddr& server, std::uint64_t ts_us, std::uint16_t vlan = 0);
    void router_advertisement(std::string_view id, const dissect::IpAddr& src, std::uint64_t ts_us,
                              std::uint16_t vlan = 0);
    // An unspecified `ip` (an ARP probe) is ignored.
    void arp_binding(std::string_view id, const dissect::IpAddr& ip, std::uint64_t ts_us, std::uint16_t vlan = 0);
    // A gateway learned from DHCP option 3 (or an RA source); capped at max_gateways.
    void learn_gateway(const dissect::IpAddr& ip);
    void dhcp_discover(std::string_view id, std::uint64_t ts_us);
    void fingerprint(std::string_view id, std::string_view kind, std::string_view value, std::uint64_t ts_us);
    // Raises `tag` (one of kNetworkTags) on `id`; false for an unknown tag.
    bool raise(std::string_view id, std::string_view tag, std::string_view detail, std::uint64_t ts_us);

    // The device's tags active at `now_us`, in kNetworkTags order.
    [[nodiscard]] std::vector<NetworkTag> tags(std::string_view id, std::uint64_t now_us) const;
    // Detections since the last call (at most kMaxPendingDetections), oldest first.
    [[nodiscard]] std::vector<Detection> take_detections();
    // Drops expired tags, stale ARP claims, fingerprints and DISCOVERs.
    void expire(std::uint64_t now_us);

    [[nodiscard]] const NetworkCounters& counters() const noexcept { return counters_; }
    [[nodiscard]] bool starvation_active() const noexcept { return burst_; }
    [[nodiscard]] std::size_t tracked_ips() const noexcept { return claims_.size(); }
    [[nodiscard]] std::size_t tagged_devices() const noexcept { return tags_.size(); }

private:
    struct TagSlot {
        bool on = false;
        std::uint64_t first_us = 0;
        std::uint64_t last_us = 0;
        std::string detail;
    };
    using DeviceTags = std::array<TagSlot, kNetworkTagCount>;
    struct Claim {
        std::string owner;
        std::uint64_t owner_last_us = 0;
        std::string challenger;
        std::uint64_t challenger_last_us = 0;
    };
    struct Track {
        std::size_t cur = 0, prev = 0;  // value hashes
        std::string cur_text, prev_text;
        std::uint64_t cur_since_us = 0;
        std::uint64_t last_us = 0;
    };
    struct ServerWatch {
        std::vector<dissect::IpAddr> allowed;
        std::map<std::uint16_t, dissect::IpAddr> first;  // per VLAN (at most 4096 entries)
        std::size_t tag = 0;
        const char* what = "";
    };
    using ClaimKey = std::pair<std::uint16_t, dissect::IpAddr>;

    explicit NetworkWatch(NetworkConfig cfg) : cfg_(std::move(cfg)) {}

    void server_seen(ServerWatch& w, std::string_view id, const dissect::IpAddr& addr, std::uint64_t ts_us,
                     std::uint16_t vlan);
    void tag(std::string_view id, std::size_t tag, std::string detail, std::uint64_t ts_us);
    void conflict(Claim& c, const ClaimKey& key, std::string_view id, std::uint64_t ts_us);
    void take_over(Claim& c, const ClaimKey& key, std::string_view id, std::uint64_t ts_us);
    bool insert_claim(const ClaimKey& key, std::string_view id, std::uint64_t ts_us);
    void disown(const std::string& id);
    void tag_burst(std::uint64_t ts_us);
    [[nodiscard]] std::string starvation_detail() const;
    void expire_claims(std::uint64_t now_us);
    void expire_tags(std::uint64_t now_us);
    void expire_tracks(std::uint64_t now_us);
    void expire_discovers(std::uint64_t now_us);
    [[nodiscard]] bool is_gateway(const dissect::IpAddr& ip) const noexcept;

    NetworkConfig cfg_;
    ServerWatch dhcp_, dhcpv6_, ra_;
    std::vector<dissect::IpAddr> gateways_;
    std::map<ClaimKey, Claim> claims_;
    std::map<std::string, std::uint32_t, std::less<>> owned_;  // id -> IPs it owns in claims_
    std::map<std::string, DeviceTags, std::less<>> tags_;
    std::map<std::string, Track, std::less<>> tracks_;  // key: id + '\n' + kind
    std::deque<std::pair<std::uint64_t, std::string>> discovers_;
    std::map<std::string, std::uint64_t, std::less<>> discover_last_;  // id -> its latest DISCOVER in the window
    bool burst_ = false;
    std::vector<Detection> pending_;
    NetworkCounters counters_;
    std::uint64_t next_claim_purge_us_ = 0;
    std::uint64_t next_tag_purge_us_ = 0;
    std::uint64_t next_track_purge_us_ = 0;
};

}  // namespace posture::risk
