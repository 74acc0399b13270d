// posture/risk/network.cc: the network-level detectors (see network.h).
#include "posture/risk/network.h"

#include <algorithm>
#include <functional>

namespace posture::risk {

namespace {

constexpr std::size_t kRogueDhcp = 0;
constexpr std::size_t kRogueDhcpv6 = 1;
constexpr std::size_t kRogueRa = 2;
constexpr std::size_t kArpSpoof = 3;
constexpr std::size_t kGatewayMacChange = 4;
constexpr std::size_t kDuplicateIp = 5;
constexpr std::size_t kDhcpStarvation = 6;
constexpr std::size_t kSpoofSuspect = 7;
static_assert(kNetworkTags[kRogueDhcp] == "rogue_dhcp" && kNetworkTags[kSpoofSuspect] == "spoof_suspect");
static_assert(kNetworkTags[kArpSpoof] == "arp_spoof" && kNetworkTags[kDhcpStarvation] == "dhcp_starvation");

constexpr std::uint64_t kMinPurgeIntervalUs = 1'000'000;
constexpr std::uint64_t kPurgesPerWindow = 4;  // a full table is rescanned at most this often per window

// Packet time may step back a little when workers' evidence is merged.
std::uint64_t elapsed(std::uint64_t from, std::uint64_t to) noexcept { return to > from ? to - from : 0; }

std::uint64_t purge_interval(std::uint64_t window_us) noexcept {
    return std::max(kMinPurgeIntervalUs, window_us / kPurgesPerWindow);
}

std::string addr(const dissect::IpAddr& a) { return dissect::to_string(a); }

std::string short_text(std::string_view s) { return std::string(s.substr(0, std::min(s.size(), kMaxFingerprintText))); }

std::expected<std::vector<dissect::IpAddr>, std::string> addresses(const std::vector<std::string>& list,
                                                                   std::string_view key) {
    std::vector<dissect::IpAddr> out;
    for (const auto& s : list) {
        dissect::IpAddr a;
        if (!dissect::parse_ip(s, a))
            return std::unexpected("network: " + std::string(key) + ": '" + s + "' is not an IP address");
        out.push_back(a);
    }
    return out;
}

std::expected<void, std::string> check_config(const NetworkConfig& c) {
    if (!c.arp_window_us || !c.starvation_window_us || !c.spoof_window_us || !c.tag_hold_us)
        return std::unexpected("network: every window and hold time must be > 0");
    if (!c.starvation_macs) return std::unexpected("network: starvation_macs must be > 0");
    if (!c.max_ips || !c.max_devices || !c.max_fingerprints || !c.max_discovers)
        return std::unexpected("network: every max_* cap must be > 0");
    if (c.max_discovers <= c.starvation_macs)
        return std::unexpected("network: max_discovers must exceed starvation_macs");
    if (c.gateways.size() > c.max_gateways) return std::unexpected("network: more gateways than max_gateways");
    return {};
}

bool contains(const std::vector<dissect::IpAddr>& v, const dissect::IpAddr& a) {
    return std::find(v.begin(), v.end(), a) != v.end();
}

}  // namespace

std::expected<NetworkWatch, std::string> NetworkWatch::create(NetworkConfig cfg) {
    if (auto ok = check_config(cfg); !ok) return std::unexpected(ok.error());
    auto dhcp = addresses(cfg.dhcp_servers, "dhcp_servers");
    if (!dhcp) return std::unexpected(dhcp.error());
    auto dhcpv6 = addresses(cfg.dhcpv6_servers, "dhcpv6_servers");
    if (!dhcpv6) return std::unexpected(dhcpv6.error());
    auto routers = addresses(cfg.routers, "routers");
    if (!routers) return std::unexpected(routers.error());
    auto gateways = addresses(cfg.gateways, "gateways");
    if (!gateways) return std::unexpected(gateways.error());

    NetworkWatch w(std::move(cfg));
    w.dhcp_ = ServerWatch{std::move(*dhcp), {}, kRogueDhcp, "DHCP server"};
    w.dhcpv6_ = ServerWatch{std::move(*dhcpv6), {}, kRogueDhcpv6, "DHCPv6 server"};
    w.ra_ = ServerWatch{std::move(*routers), {}, kRogueRa, "router advertisement from"};
    w.gateways_ = std::move(*gateways);
    return w;
}

// ---- tags -----------------------------------------------------------------

void NetworkWatch::tag(std::string_view id, std::size_t t, std::string detail, std::uint64_t ts_us) {
    auto it = tags_.find(id);
    if (it == tags_.end()) {
        if (tags_.size() >= cfg_.max_devices && ts_us >= next_tag_purge_us_) {
            expire_tags(ts_us);
            next_tag_purge_us_ = ts_us + purge_interval(cfg_.tag_hold_us);
        }
        if (tags_.size() >= cfg_.max_devices) {
            ++counters_.tags_dropped;
            return;
        }
        it = tags_.emplace(std::string(id), DeviceTags{}).first;
    }
    if (detail.size() > kMaxString) detail.resize(kMaxString);
    TagSlot& s = it->second[t];
    const bool fresh = !s.on || elapsed(s.last_us, ts_us) > cfg_.tag_hold_us;
    if (fresh) s.first_us = ts_us;
    s.last_us = std::max(s.last_us, ts_us);
    if (!fresh && s.detail == detail) return;
    s.on = true;
    s.detail = detail;
    if (pending_.size() >= kMaxPendingDetections) {
        ++counters_.detections_dropped;
        return;
    }
    pending_.push_back(Detection{std::string(id), std::string(kNetworkTags[t]), std::move(detail), ts_us});
}

bool NetworkWatch::raise(std::string_view id, std::string_view t, std::string_view detail, std::uint64_t ts_us) {
    const auto it = std::find(std::begin(kNetworkTags), std::end(kNetworkTags), t);
    if (it == std::end(kNetworkTags)) return false;
    tag(id, static_cast<std::size_t>(it - std::begin(kNetworkTags)), std::string(detail), ts_us);
    return true;
}

std::vector<NetworkTag> NetworkWatch::tags(std::string_view id, std::uint64_t now_us) const {
    std::vector<NetworkTag> out;
    const auto it = tags_.find(id);
    if (it == tags_.end()) return out;
    for (std::size_t t = 0; t < kNetworkTagCount; ++t) {
        const TagSlot& s = it->second[t];
        if (s.on && elapsed(s.last_us, now_us) <= cfg_.tag_hold_us)
            out.push_back(NetworkTag{std::string(kNetworkTags[t]), s.detail});
    }
    return out;
}

std::vector<Detection> NetworkWatch::take_detections() {
    std::vector<Detection> out;
    out.swap(pending_);
    return out;
}

// ---- DHCP, DHCPv6, RA -----------------------------------------------------

void NetworkWatch::server_seen(ServerWatch& w, std::string_view id, const dissect::IpAddr& a, std::uint64_t ts_us,
                               std::uint16_t vlan) {
    if (!w.allowed.empty()) {
        if (!contains(w.allowed, a))
            tag(id, w.tag, std::string(w.what) + " " + addr(a) + " is not in the allow-list", ts_us);
        return;
    }
    const auto [it, first] = w.first.emplace(static_cast<std::uint16_t>(vlan & 0x0fff), a);
    if (first || it->second == a) return;
    tag(id, w.tag,
        std::string(w.what) + " " + addr(a) + ": VLAN " + std::to_string(it->first) + " already has " +
            addr(it->second) + " (first seen; no allow-list configured)",
        ts_us);
}

void NetworkWatch::dhcp_server(std::string_view id, const dissect::IpAddr& server, std::uint64_t ts_us,
                               std::uint16_t vlan) {
    server_seen(dhcp_, id, server, ts_us, vlan);
}

void NetworkWatch::dhcpv6_server(std::string_view id, const dissect::IpAddr& server, std::uint64_t ts_us,
                                 std::uint16_t vlan) {
    server_seen(dhcpv6_, id, server, ts_us, vlan);
}

void NetworkWatch::router_advertisement(std::string_view id, const dissect::IpAddr& src, std::uint64_t ts_us,
                                        std::uint16_t vlan) {
    server_seen(ra_, id, src, ts_us, vlan);
}

// ---- ARP --------------------------------------------------------------------

bool NetworkWatch::is_gateway(const dissect::IpAddr& ip) const noexcept { return contains(gateways_, ip); }

void NetworkWatch::learn_gateway(const dissect::IpAddr& ip) {
    if (!ip.valid() || is_gateway(ip)) return;
    if (gateways_.size() >= cfg_.max_gateways) {
        ++counters_.gateways_dropped;
        return;
    }
    gateways_.push_back(ip);
}

void NetworkWatch::disown(const std::string& id) {
    const auto it = owned_.find(id);
    if (it == owned_.end()) return;
    if (--it->second == 0) owned_.erase(it);
}

bool NetworkWatch::insert_claim(const ClaimKey& key, std::string_view id, std::uint64_t ts_us) {
    if (claims_.size() >= cfg_.max_ips && ts_us >= next_claim_purge_us_) {
        expire_claims(ts_us);
        next_claim_purge_us_ = ts_us + purge_interval(cfg_.arp_window_us);
    }
    if (claims_.size() >= cfg_.max_ips) {
        ++counters_.ips_dropped;
        return false;
    }
    claims_.emplace(key, Claim{std::string(id), ts_us, {}, 0});
    ++owned_[std::string(id)];
    return true;
}

// The owner has been silent for a window: `id` takes the address over.
void NetworkWatch::take_over(Claim& c, const ClaimKey& key, std::string_view id, std::uint64_t ts_us) {
    const std::string old = c.owner;
    disown(c.owner);
    c = Claim{std::string(id), ts_us, {}, 0};
    ++owned_[c.owner];
    if (is_gateway(key.second))
        tag(id, kGatewayMacChange, "gateway " + addr(key.second) + " moved from " + old + " to " + c.owner, ts_us);
}

// `id` claims an address whose owner is still active.
void NetworkWatch::conflict(Claim& c, const ClaimKey& key, std::string_view id, std::uint64_t ts_us) {
    ++counters_.arp_conflicts;
    c.challenger = std::string(id);
    c.challenger_last_us = ts_us;
    const std::string ip = addr(key.second);
    if (is_gateway(key.second)) {
        tag(id, kArpSpoof, "claims gateway " + ip + " while " + c.owner + " still answers for it", ts_us);
        tag(id, kGatewayMacChange, "gateway " + ip + " answered by " + c.challenger + ", was " + c.owner, ts_us);
    } else if (owned_.contains(id)) {
        tag(id, kArpSpoof, "claims " + ip + " owned by " + c.owner + " besides its own address", ts_us);
    } else {
        tag(id, kDuplicateIp, ip + " also claimed by " + c.owner, ts_us);
        tag(c.owner, kDuplicateIp, ip + " also claimed by " + c.challenger, ts_us);
    }
}

void NetworkWatch::arp_binding(std::string_view id, const dissect::IpAddr& ip, std::uint64_t ts_us,
                               std::uint16_t vlan) {
    if (!ip.valid() || ip.is_unspecified() || id.empty()) return;
    const ClaimKey key{static_cast<std::uint16_t>(vlan & 0x0fff), ip};
    const auto it = claims_.find(key);
    if (it == claims_.end()) {
        insert_claim(key, id, ts_us);
        return;
    }
    Claim& c = it->second;
    if (c.owner == id) {
        c.owner_last_us = std::max(c.owner_last_us, ts_us);
        return;
    }
    if (elapsed(c.owner_last_us, ts_us) > cfg_.arp_window_us) {
        take_over(c, key, id, ts_us);
        return;
    }
    conflict(c, key, id, ts_us);
}

// ---- DHCP starvation --------------------------------------------------------

void NetworkWatch::expire_discovers(std::uint64_t now_us) {
    while (!discovers_.empty() && elapsed(discovers_.front().first, now_us) > cfg_.starvation_window_us) {
        const auto& [ts, id] = discovers_.front();
        if (const auto it = discover_last_.find(id); it != discover_last_.end() && it->second == ts)
            discover_last_.erase(it);
        discovers_.pop_front();
    }
    if (discover_last_.size() <= cfg_.starvation_macs) burst_ = false;
}

std::string NetworkWatch::starvation_detail() const {
    return "one of more than " + std::to_string(cfg_.starvation_macs) + " client MACs sending DHCPDISCOVER within " +
           std::to_string(cfg_.starvation_window_us / 1'000'000) + " s";
}

void NetworkWatch::tag_burst(std::uint64_t ts_us) {
    const std::string detail = starvation_detail();
    for (const auto& [id, last] : discover_last_) tag(id, kDhcpStarvation, detail, ts_us);
}

void NetworkWatch::dhcp_discover(std::string_view id, std::uint64_t ts_us) {
    if (id.empty()) return;
    expire_discovers(ts_us);
    if (discovers_.size() >= cfg_.max_discovers) {  // a flood beyond the cap: the oldest leaves early
        const auto& [ts, old] = discovers_.front();
        if (const auto it = discover_last_.find(old); it != discover_last_.end() && it->second == ts)
            discover_last_.erase(it);
        discovers_.pop_front();
        ++counters_.discovers_dropped;
    }
    discovers_.emplace_back(ts_us, std::string(id));
    discover_last_.insert_or_assign(std::string(id), ts_us);
    if (discover_last_.size() <= cfg_.starvation_macs) return;
    if (!burst_) {
        burst_ = true;
        ++counters_.starvation_bursts;
        tag_burst(ts_us);
        return;
    }
    tag(id, kDhcpStarvation, starvation_detail(), ts_us);
}

// ---- fingerprint flapping ---------------------------------------------------

void NetworkWatch::fingerprint(std::string_view id, std::string_view kind, std::string_view value,
                               std::uint64_t ts_us) {
    if (id.empty() || value.empty()) return;
    std::string key(id);
    key += '\n';
    key += kind;
    const std::size_t h = std::hash<std::string_view>{}(value);
    auto it = tracks_.find(key);
    if (it == tracks_.end()) {
        if (tracks_.size() >= cfg_.max_fingerprints && ts_us >= next_track_purge_us_) {
            expire_tracks(ts_us);
            next_track_purge_us_ = ts_us + purge_interval(cfg_.spoof_window_us);
        }
        if (tracks_.size() >= cfg_.max_fingerprints) {
            ++counters_.fingerprints_dropped;
            return;
        }
        tracks_.emplace(std::move(key), Track{h, h, short_text(value), {}, ts_us, ts_us});
        return;
    }
    Track& t = it->second;
    t.last_us = std::max(t.last_us, ts_us);
    if (h == t.cur) return;
    const bool back = h == t.prev && !t.prev_text.empty() && elapsed(t.cur_since_us, ts_us) <= cfg_.spoof_window_us;
    if (back)
        tag(id, kSpoofSuspect,
            std::string(kind) + " fingerprint alternates between '" + t.prev_text + "' and '" + t.cur_text + "'",
            ts_us);
    std::swap(t.prev, t.cur);
    std::swap(t.prev_text, t.cur_text);
    t.cur = h;
    t.cur_text = short_text(value);
    t.cur_since_us = ts_us;
}

// ---- expiry -----------------------------------------------------------------

void NetworkWatch::expire_claims(std::uint64_t now_us) {
    for (auto it = claims_.begin(); it != claims_.end();) {
        const Claim& c = it->second;
        const std::uint64_t last = std::max(c.owner_last_us, c.challenger_last_us);
        // A gateway's owner is the MAC a later change is compared against: kept.
        if (elapsed(last, now_us) <= cfg_.arp_window_us || is_gateway(it->first.second)) {
            ++it;
            continue;
        }
        disown(c.owner);
        it = claims_.erase(it);
    }
}

void NetworkWatch::expire_tags(std::uint64_t now_us) {
    for (auto it = tags_.begin(); it != tags_.end();) {
        bool any = false;
        for (auto& s : it->second) {
            if (s.on && elapsed(s.last_us, now_us) > cfg_.tag_hold_us) s = TagSlot{};
            any = any || s.on;
        }
        it = any ? std::next(it) : tags_.erase(it);
    }
}

void NetworkWatch::expire_tracks(std::uint64_t now_us) {
    std::erase_if(tracks_, [&](const auto& kv) { return elapsed(kv.second.last_us, now_us) > cfg_.spoof_window_us; });
}

void NetworkWatch::expire(std::uint64_t now_us) {
    expire_claims(now_us);
    expire_tags(now_us);
    expire_tracks(now_us);
    expire_discovers(now_us);
}

}  // namespace posture::risk
