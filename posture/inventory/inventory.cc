#include "posture/inventory/inventory.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

namespace posture {
namespace {

std::uint64_t ms(std::uint64_t us) { return us / 1000; }
std::uint64_t floor_res(std::uint64_t us) { return us - us % kLastSeenResolutionUs; }

bool usable_source(const dissect::IpAddr& ip) {
    return ip.valid() && !ip.is_unspecified() && !ip.is_multicast() && !ip.is_broadcast();
}

}  // namespace

std::string mac_id(const dissect::MacAddr& m) { return "mac:" + dissect::to_string(m); }
std::string ip_id(const dissect::IpAddr& a) { return "ip:" + dissect::to_string(a); }

Inventory::Inventory(InventoryOptions opts) : opts_(std::move(opts)) {}

void Inventory::touch(Device& d, std::uint64_t ts_us) {
    if (ts_us < d.first_us) d.first_us = ts_us;
    const std::uint64_t t = floor_res(ts_us);
    if (t > d.last_us) d.last_us = t;
}

Device* Inventory::mac_device(const dissect::MacAddr& mac, std::uint64_t ts_us) {
    if (mac.is_multicast() || mac.is_zero()) return nullptr;
    auto [it, inserted] = by_mac_.try_emplace(mac.as_u64());
    Device& d = it->second;
    if (inserted) {
        d.mac = mac;
        d.id = mac_id(mac);
        d.random_mac = mac.is_local_admin();
        if (opts_.oui) d.vendor = std::string(opts_.oui->lookup(mac));
        d.first_us = ts_us;
        d.last_us = floor_res(ts_us);
        changed(d);
        lru_push(d);
    }
    touch(d, ts_us);
    return &d;
}

Device* Inventory::ip_device(const dissect::IpAddr& ip, std::uint64_t ts_us) {
    auto [it, inserted] = by_ip_.try_emplace(ip);
    Device& d = it->second;
    if (inserted) {
        d.by_ip = true;
        d.ip_key = ip;
        d.id = ip_id(ip);
        d.first_us = ts_us;
        d.last_us = floor_res(ts_us);
        d.ips.push_back({ip, ts_us, floor_res(ts_us), static_cast<std::uint8_t>(BindingSource::Source)});
        changed(d);
        lru_push(d);
    }
    touch(d, ts_us);
    for (auto& e : d.ips)
        if (e.ip == ip) e.last_us = std::max(e.last_us, floor_res(ts_us));
    return &d;
}

bool Inventory::bound_to(const Device& d, const dissect::IpAddr& ip) const {
    if (is_link_local(ip)) return true;
    for (const auto& e : d.ips)
        if (e.ip == ip) return (e.sources & ~static_cast<std::uint8_t>(BindingSource::Source)) != 0;
    return false;
}

void Inventory::add_ip(Device& d, const dissect::IpAddr& ip, std::uint64_t ts_us, BindingSource src) {
    const auto bit = static_cast<std::uint8_t>(src);
    for (auto& e : d.ips) {
        if (e.ip == ip) {
            e.last_us = std::max(e.last_us, floor_res(ts_us));
            if (!(e.sources & bit)) {
                e.sources |= bit;
                changed(d);
            }
            return;
        }
    }
    if (d.ips.size() >= kMaxTrackedIps) {
        // Drop the least recently seen address; ties go to the larger address so
        // the choice does not depend on insertion order.
        auto victim = std::min_element(d.ips.begin(), d.ips.end(), [](const IpEntry& a, const IpEntry& b) {
            return a.last_us != b.last_us ? a.last_us < b.last_us : a.ip > b.ip;
        });
        d.ips.erase(victim);
    }
    d.ips.push_back({ip, ts_us, floor_res(ts_us), bit});
    if (!d.by_ip && !d.router) own(d, ip);
    changed(d);
}

Device* Inventory::ip_only(const dissect::IpAddr& ip, std::uint64_t ts_us) {
    // The MAC that owns the address, if any, else the address's own record.
    if (auto o = ip_owner_.find(ip); o != ip_owner_.end())
        if (auto it = by_mac_.find(o->second); it != by_mac_.end()) {
            touch(it->second, ts_us);
            return &it->second;
        }
    return ip_device(ip, ts_us);
}

void Inventory::set_owner(const dissect::IpAddr& ip, std::uint64_t mac) {
    auto [it, inserted] = ip_owner_.try_emplace(ip, mac);
    if (!inserted) {
        if (it->second == mac) return;
        it->second = mac;
    }
    auto& list = owned_ips_[mac];
    if (std::find(list.begin(), list.end(), ip) == list.end()) list.push_back(ip);
}

void Inventory::note_key(const std::string& key, std::uint64_t mac) {
    auto& list = owned_keys_[mac];
    if (std::find(list.begin(), list.end(), key) == list.end()) list.push_back(key);
}

void Inventory::own(Device& d, const dissect::IpAddr& ip) {
    set_owner(ip, d.mac.as_u64());
    // A host first seen only behind a router turns out to be this MAC: its
    // ip: record's evidence moves here and the record goes.
    if (auto it = by_ip_.find(ip); it != by_ip_.end()) {
        absorb(d, it->second);
        std::erase(dirty_, &it->second);
        by_ip_.erase(it);
    }
}

void Inventory::become_router(Device& d, std::uint64_t ts_us) {
    if (d.router) return;
    d.router = true;
    // Addresses it merely forwarded move to ip: records of their own.
    std::vector<IpEntry> keep;
    for (const auto& e : d.ips) {
        if ((e.sources & ~static_cast<std::uint8_t>(BindingSource::Source)) != 0 || is_link_local(e.ip)) {
            keep.push_back(e);
            continue;
        }
        auto owner = ip_owner_.find(e.ip);
        if (owner != ip_owner_.end() && owner->second == d.mac.as_u64()) ip_owner_.erase(owner);
        Device* h = ip_device(e.ip, e.first_us);
        touch(*h, e.last_us);
    }
    d.ips = std::move(keep);
    (void)ts_us;
    changed(d);
}

Device* Inventory::resolve(const dissect::MacAddr& mac, const dissect::IpAddr& ip, std::uint64_t ts_us) {
    if (!usable_source(ip)) return mac_device(mac, ts_us);
    if (!opts_.local.contains(ip)) return nullptr;  // a peer, not a device
    if (mac.is_zero()) return ip_only(ip, ts_us);
    Device* d = mac_device(mac, ts_us);
    if (!d) return nullptr;
    if (!d->router || bound_to(*d, ip)) return d;
    // Behind the router, but a MAC on this segment may own the address (ARP,
    // DHCP, ND): its record is then the device, not a shadowed ip: record.
    return ip_only(ip, ts_us);
}

void Inventory::apply(const Evidence& e) {
    apply_one(e);
    latest_us_ = std::max(latest_us_, e.ts_us);
    classify(e.ts_us);
    expire(e.ts_us);
}

void Inventory::set_risk(const risk::RuleSet* rules, risk::NetworkWatch* network,
                         const classify::Classifier* classifier) {
    if (rules) opts_.rules = rules;
    if (network) opts_.network = network;
    if (classifier) opts_.classifier = classifier;
    const classify::Classifier& c = opts_.classifier ? *opts_.classifier : fallback_;
    auto rescore = [&](Device& d) {
        const std::string before = to_json(risk::to_value(d.posture));
        bool material = false;
        if (classifier) {  // new tables: the votes are counted again
            const auto votes = c.votes(d);
            classify::Classifier::remember(d.cls, votes);
            material = c.update(d.cls, votes, latest_us_);
        }
        score(d, latest_us_);
        if (material || to_json(risk::to_value(d.posture)) != before) d.rev = ++seq_;
    };
    for (auto& [k, d] : by_mac_) rescore(d);
    for (auto& [k, d] : by_ip_) rescore(d);
}

void Inventory::advance(std::uint64_t now_us) {
    if (now_us <= latest_us_) return;
    latest_us_ = now_us;
    classify(now_us);
    expire(now_us);
}

std::vector<Gone> Inventory::take_gone() { return std::exchange(gone_, {}); }

void Inventory::remove(Device& d, const char* reason, std::uint64_t now_us) {
    gone_.push_back({d.id, reason, now_us, {}});
    std::erase(dirty_, &d);
    if (d.by_ip) {
        by_ip_.erase(d.ip_key);
        return;
    }
    const auto key = d.mac.as_u64();
    if (auto o = owned_ips_.find(key); o != owned_ips_.end()) {
        for (const auto& ip : o->second)
            if (auto it = ip_owner_.find(ip); it != ip_owner_.end() && it->second == key) ip_owner_.erase(it);
        owned_ips_.erase(o);
    }
    if (auto o = owned_keys_.find(key); o != owned_keys_.end()) {
        for (const auto& k : o->second)
            if (auto it = stitch_keys_.find(k); it != stitch_keys_.end() && it->second == key) stitch_keys_.erase(it);
        owned_keys_.erase(o);
    }
    by_mac_.erase(key);
}

Device* Inventory::find(std::string_view id) {
    for (auto& [k, d] : by_mac_)
        if (d.id == id) return &d;
    for (auto& [k, d] : by_ip_)
        if (d.id == id) return &d;
    return nullptr;
}

bool Inventory::forget(std::string_view id) {
    Device* d = find(id);
    if (!d) return false;
    remove(*d, "forgotten", d->last_us);
    return true;
}

bool Inventory::set_verdict(std::string_view id, PolicyVerdict v) {
    Device* d = find(id);
    if (!d) return false;
    if (v.expires_ms) ++timed_verdicts_;
    d->verdict = std::move(v);
    d->rev = ++seq_;
    return true;
}

void Inventory::expire_verdicts(std::uint64_t wall_ms) {
    if (timed_verdicts_ == 0) return;
    std::size_t timed = 0;
    auto check = [&](Device& d) {
        if (!d.verdict || d.verdict->expires_ms == 0) return;
        if (d.verdict->expires_ms > wall_ms) {
            ++timed;
            return;
        }
        d.verdict.reset();
        d.rev = ++seq_;
    };
    for (auto& [k, d] : by_mac_) check(d);
    for (auto& [k, d] : by_ip_) check(d);
    timed_verdicts_ = timed;
}

void Inventory::expire(std::uint64_t now_us) {
    if (opts_.idle_timeout_us == 0 || now_us < next_expire_us_) return;
    // Once a minute, or four times per idle timeout when that is shorter.
    next_expire_us_ = now_us + std::clamp<std::uint64_t>(opts_.idle_timeout_us / 4, 1'000'000, 60'000'000);
    std::vector<Device*> idle;
    auto check = [&](Device& d) {
        if (d.last_us + opts_.idle_timeout_us < now_us) idle.push_back(&d);
    };
    for (auto& [k, d] : by_mac_) check(d);
    for (auto& [k, d] : by_ip_) check(d);
    std::sort(idle.begin(), idle.end(), [](const Device* a, const Device* b) { return a->id < b->id; });
    for (Device* d : idle) {
        remove(*d, "aged_out", now_us);
        ++aged_out_;
    }
}

namespace {

std::string field_of(const Map& m, const char* k) {
    auto it = m.find(k);
    if (it == m.end()) return {};
    const auto* s = it->second.as_string();
    return s ? *s : std::string();
}

// Strong identity keys in one fingerprint: keys that survive a MAC
// rotation and that two different devices do not share by accident.
//  - a DHCP client identifier that is not derived from the MAC (type 1 +
//    the MAC itself would change with it);
//  - a DHCPv6 DUID that does not embed this MAC;
//  - the same host name together with the same DHCP request list and
//    vendor class (the "same host name plus same fingerprint set" rule).
// A host name alone, or a fingerprint alone, is weak evidence: no key.
std::vector<std::string> strong_keys(const Fingerprint& f, const dissect::MacAddr& mac) {
    std::vector<std::string> keys;
    const Map* m = f.entry.as_map();
    if (!m) return keys;
    const std::string mac_hex = hex(std::string_view(reinterpret_cast<const char*>(mac.b.data()), mac.b.size()));
    if (f.key == "dhcp") {
        const std::string cid = field_of(*m, "client_id");
        if (!cid.empty() && cid.find(mac_hex) == std::string::npos) keys.push_back("dhcp.client_id:" + cid);
        const std::string host = field_of(*m, "hostname"), prl = field_of(*m, "prl");
        if (!host.empty() && !prl.empty())
            keys.push_back("dhcp.host+fp:" + host + "|" + prl + "|" + field_of(*m, "vendor"));
    } else if (f.key == "dhcpv6") {
        const std::string duid = field_of(*m, "duid");
        if (!duid.empty() && duid.find(mac_hex) == std::string::npos) keys.push_back("dhcpv6.duid:" + duid);
    }
    return keys;
}

}  // namespace

void Inventory::stitch(Device& d, const Fingerprint& f, std::uint64_t now_us) {
    if (d.by_ip || !d.random_mac) return;
    for (const auto& key : strong_keys(f, d.mac)) {
        auto [it, inserted] = stitch_keys_.try_emplace(key, d.mac.as_u64());
        if (inserted) note_key(key, d.mac.as_u64());
        if (inserted || it->second == d.mac.as_u64()) continue;
        auto old = by_mac_.find(it->second);
        it->second = d.mac.as_u64();
        note_key(key, d.mac.as_u64());
        if (old == by_mac_.end() || !old->second.random_mac) continue;
        Device& o = old->second;
        // Rotation, not two devices: the old record went quiet before this one
        // appeared (last_seen has a 1 s resolution).
        if (o.last_us + kLastSeenResolutionUs >= d.first_us) continue;
        absorb(d, o);
        for (const auto& e : o.ips)
            if (std::none_of(d.ips.begin(), d.ips.end(), [&](const IpEntry& x) { return x.ip == e.ip; }))
                add_ip(d, e.ip, e.last_us, BindingSource::Source);
        const std::string into = d.id;
        remove(o, "merged", now_us);
        gone_.back().into = into;
        ++merged_;
    }
}

void Inventory::lru_push(const Device& d) {
    // Entries of removed records and superseded ones pile up between
    // evictions: rebuilt from the records when they outnumber them twice.
    if (lru_.size() > 2 * (by_mac_.size() + by_ip_.size()) + 4096) {
        lru_rebuild();
        return;
    }
    lru_.push_back({established(d), d.last_us, d.id, d.by_ip, d.by_ip ? 0 : d.mac.as_u64(),
                    d.by_ip ? d.ip_key : dissect::IpAddr{}});
    std::push_heap(lru_.begin(), lru_.end(), lru_newer);
}

bool Inventory::established(const Device& d) noexcept {
    return d.last_us >= floor_res(d.first_us) + kLastSeenResolutionUs;
}

void Inventory::lru_rebuild() {
    lru_.clear();
    lru_.reserve(by_mac_.size() + by_ip_.size());
    for (const auto& [k, d] : by_mac_) lru_.push_back({established(d), d.last_us, d.id, false, k, {}});
    for (const auto& [k, d] : by_ip_) lru_.push_back({established(d), d.last_us, d.id, true, 0, k});
    std::make_heap(lru_.begin(), lru_.end(), lru_newer);
}

void Inventory::make_room(std::uint64_t now_us) {
    while (opts_.max_devices > 0 && by_mac_.size() + by_ip_.size() > opts_.max_devices) {
        if (lru_.empty()) lru_rebuild();
        if (lru_.empty()) return;
        std::pop_heap(lru_.begin(), lru_.end(), lru_newer);
        LruEntry e = std::move(lru_.back());
        lru_.pop_back();
        Device* d = nullptr;
        if (e.by_ip) {
            if (auto it = by_ip_.find(e.ip); it != by_ip_.end()) d = &it->second;
        } else if (auto it = by_mac_.find(e.mac); it != by_mac_.end()) {
            d = &it->second;
        }
        if (!d || d->id != e.id) continue;  // gone since
        if (d->last_us != e.last_us || established(*d) != e.established) {  // seen since: back in, as it is now
            e.last_us = d->last_us;
            e.established = established(*d);
            lru_.push_back(std::move(e));
            std::push_heap(lru_.begin(), lru_.end(), lru_newer);
            continue;
        }
        remove(*d, "evicted", now_us);
        ++evicted_;
    }
}

void Inventory::classify(std::uint64_t now_us) {
    const classify::Classifier& c = opts_.classifier ? *opts_.classifier : fallback_;
    if (opts_.network)
        for (const auto& det : opts_.network->take_detections()) {
            dissect::MacAddr mac;
            if (!det.id.starts_with("mac:") || !dissect::parse_mac(det.id.substr(4), mac)) continue;
            if (auto it = by_mac_.find(mac.as_u64()); it != by_mac_.end()) changed(it->second);
        }
    for (Device* d : dirty_) {
        d->dirty = false;
        const auto votes = c.votes(*d);
        classify::Classifier::remember(d->cls, votes);
        (void)c.update(d->cls, votes, now_us);
        score(*d, now_us);
    }
    dirty_.clear();
    if (now_us < next_pending_check_us_) return;
    next_pending_check_us_ = now_us + 1'000'000;
    auto recheck = [&](Device& d) {
        if (!d.cls.pending) return;
        const auto votes = c.votes(d);
        classify::Classifier::remember(d.cls, votes);
        if (c.update(d.cls, votes, now_us)) {
            score(d, now_us);
            d.rev = ++seq_;
        }
    };
    for (auto& [k, d] : by_mac_) recheck(d);
    for (auto& [k, d] : by_ip_) recheck(d);
}

void Inventory::score(Device& d, std::uint64_t now_us) {
    if (!opts_.rules) return;
    risk::Facts f;
    f.id = d.id;
    const auto& a = d.cls.attrs;
    f.type = a[static_cast<std::size_t>(classify::Attr::Type)].value.empty()
                 ? "unknown"
                 : a[static_cast<std::size_t>(classify::Attr::Type)].value;
    f.os_name = a[static_cast<std::size_t>(classify::Attr::OsName)].value;
    f.os_version = a[static_cast<std::size_t>(classify::Attr::OsVersion)].value;
    f.confidence = d.cls.confidence;
    // An ip: record is whatever sits behind that address (NAT: several
    // machines), so an OS change there says nothing about one device.
    for (const auto& c : d.cls.conflicts)
        if (!(d.by_ip && c.kind == "os_family_change")) f.conflicts.push_back({c.kind, c.detail});
    f.random_mac = d.random_mac;
    f.new_device = d.first_us >= first_packet_us_ + opts_.learning_us;
    for (const auto& s : d.services) {
        f.services.emplace_back(s.l4, s.port);
        if (s.first_us >= d.first_us + opts_.learning_us) f.new_services.emplace_back(s.l4, s.port);
    }
    f.observations = d.observations;
    for (unsigned b = 0; b < 64; ++b)
        if (d.risk_bits & (std::uint64_t{1} << b))
            f.ndpi_risks.push_back(opts_.risk_names[b].empty() ? "risk_" + std::to_string(b) : opts_.risk_names[b]);
    if (opts_.network) f.network = opts_.network->tags(d.id, now_us);
    f.now_ms = ms(now_us);
    d.posture = risk::evaluate(*opts_.rules, f, d.findings);
}

void Inventory::watch(const Evidence& e, const Device* d) {
    risk::NetworkWatch* w = opts_.network;
    if (!w || !d) return;
    if (e.kind == EvidenceKind::IpBinding && e.binding == BindingSource::Arp) {
        w->arp_binding(d->id, e.ip, e.ts_us, e.vlan);
        return;
    }
    if (e.kind != EvidenceKind::Fingerprint || !e.fp) return;
    const Fingerprint& f = *e.fp;
    for (const auto& o : f.observations) {
        if (o.what == "dhcp.discover") w->dhcp_discover(d->id, e.ts_us);
        dissect::IpAddr ip;
        if (o.what == "dhcp.server" && dissect::parse_ip(o.detail, ip)) w->dhcp_server(d->id, ip, e.ts_us, e.vlan);
        if (o.what == "dhcpv6.server" && e.ip.valid()) w->dhcpv6_server(d->id, e.ip, e.ts_us, e.vlan);
        if (o.what == "ipv6.ra" && e.ip.valid()) w->router_advertisement(d->id, e.ip, e.ts_us, e.vlan);
    }
    if (const Map* m = f.entry.as_map()) {
        if (f.key == "dhcp_server")
            if (auto r = m->find("router"); r != m->end())
                if (const auto* s = r->second.as_string()) {
                    dissect::IpAddr gw;
                    if (dissect::parse_ip(s->substr(0, s->find(',')), gw)) w->learn_gateway(gw);
                }
        if (f.key == "dhcp")
            if (auto p = m->find("prl"); p != m->end())
                if (const auto* s = p->second.as_string()) w->fingerprint(d->id, "dhcp.prl", *s, e.ts_us);
    }
}

void Inventory::apply_one(const Evidence& e) {
    if (evidence_ == 0) first_packet_us_ = e.ts_us;
    // Back under the cap first, before any pointer into the table is taken:
    // one piece of evidence adds at most two records (a MAC and an ip:
    // record), so the table exceeds max_devices by at most that until the
    // next evidence.
    make_room(e.ts_us);
    ++evidence_;
    switch (e.kind) {
        case EvidenceKind::HostSeen: {
            if (e.mac.is_zero()) {
                // Seen without a MAC (raw IP capture, IP inside a tunnel).
                if (usable_source(e.ip) && opts_.local.contains(e.ip)) (void)ip_only(e.ip, e.ts_us);
                return;
            }
            Device* d = mac_device(e.mac, e.ts_us);
            if (!d) return;
            // The first tagged VLAN a device is seen on is its VLAN; a trunk
            // port (a router on several VLANs) keeps its first. Order-stable:
            // the first sighting of each (mac, vlan) always reaches us, whatever
            // the workers' sighting caches drop, so any worker count agrees.
            if (e.vlan != 0 && !d->tagged) {
                d->vlan = e.vlan;
                d->tagged = true;
                changed(*d);
            }
            if (!usable_source(e.ip)) return;
            if (!opts_.local.contains(e.ip)) {
                if (std::find(d->remote_sources.begin(), d->remote_sources.end(), e.ip) == d->remote_sources.end()) {
                    d->remote_sources.push_back(e.ip);
                    if (d->remote_sources.size() >= kRouterRemoteSources) become_router(*d, e.ts_us);
                }
                return;
            }
            if (d->router && !bound_to(*d, e.ip)) {
                Device* h = ip_device(e.ip, e.ts_us);
                if (e.vlan && !h->tagged) {
                    h->vlan = e.vlan;
                    h->tagged = true;
                    changed(*h);
                }
                return;
            }
            add_ip(*d, e.ip, e.ts_us, BindingSource::Source);
            if (e.ip.version == 4 && !is_link_local(e.ip)) {
                std::size_t unbound = 0;
                for (const auto& x : d->ips)
                    if (x.ip.version == 4 && x.sources == static_cast<std::uint8_t>(BindingSource::Source) &&
                        !is_link_local(x.ip))
                        ++unbound;
                if (unbound > kRouterLocalSources) become_router(*d, e.ts_us);
            }
            return;
        }
        case EvidenceKind::IpBinding: {
            if (!usable_source(e.ip)) return;
            // Bindings name a MAC; only one that has sent frames here is a device.
            auto it = by_mac_.find(e.mac.as_u64());
            if (it == by_mac_.end()) return;
            Device* d = &it->second;
            touch(*d, e.ts_us);
            add_ip(*d, e.ip, e.ts_us, e.binding);
            // An explicit binding also makes this MAC the owner when it routes.
            own(*d, e.ip);
            watch(e, d);
            return;
        }
        case EvidenceKind::ClientApp: {
            Device* d = resolve(e.mac, e.ip, e.ts_us);
            if (!d) return;
            const std::string_view app = e.app_name();
            if (!app.empty() && d->apps.size() < kMaxApps &&
                std::find(d->apps.begin(), d->apps.end(), app) == d->apps.end()) {
                d->apps.emplace_back(app);
                changed(*d);
            }
            if ((d->risk_bits | e.risk_bits) != d->risk_bits) {
                d->risk_bits |= e.risk_bits;
                changed(*d);
            }
            return;
        }
        case EvidenceKind::Fingerprint: {
            if (!e.fp) return;
            Device* d = resolve(e.mac, e.ip, e.ts_us);
            if (!d) return;
            apply_fingerprint(*d, *e.fp);
            watch(e, d);
            stitch(*d, *e.fp, e.ts_us);
            return;
        }
        case EvidenceKind::ServerService: {
            Device* d = resolve(e.mac, e.ip, e.ts_us);
            if (!d) return;
            // Every flow's risks count, not only the first flow's on a port.
            if ((d->risk_bits | e.risk_bits) != d->risk_bits) {
                d->risk_bits |= e.risk_bits;
                changed(*d);
            }
            for (auto& s : d->services) {
                if (s.l4 == e.l4 && s.port == e.port) {
                    if (s.app.empty() && !e.app_name().empty()) {
                        s.app = std::string(e.app_name());
                        changed(*d);
                    }
                    return;
                }
            }
            if (d->services.size() < kMaxServices) {
                d->services.push_back({e.l4, e.port, std::string(e.app_name()), e.ts_us});
                changed(*d);
            }
            return;
        }
    }
}

namespace {

bool same_value(const Value& a, const Value& b) { return to_json(a) == to_json(b); }

int name_rank(NameSource s) {
    // Which source names a device best: what it calls itself first.
    switch (s) {
        case NameSource::Dhcp: return 0;
        case NameSource::Mdns: return 1;
        case NameSource::Nbns: return 2;
        case NameSource::Lldp: return 3;
        case NameSource::Cdp: return 4;
        case NameSource::Dhcpv6: return 5;
        case NameSource::Llmnr: return 6;
        case NameSource::Smb: return 7;
        case NameSource::Snmp: return 8;
        case NameSource::Dns: return 9;
    }
    return 10;
}

const char* name_src(NameSource s) {
    switch (s) {
        case NameSource::Dhcp: return "dhcp";
        case NameSource::Mdns: return "mdns";
        case NameSource::Nbns: return "nbns";
        case NameSource::Dns: return "dns";
        case NameSource::Llmnr: return "llmnr";
        case NameSource::Lldp: return "lldp";
        case NameSource::Cdp: return "cdp";
        case NameSource::Dhcpv6: return "dhcpv6";
        case NameSource::Snmp: return "snmp";
        case NameSource::Smb: return "smb";
    }
    return "unknown";
}

}  // namespace

void Inventory::absorb(Device& into, const Device& from) {
    if (!into.verdict && from.verdict) into.verdict = from.verdict;  // the policy follows the device
    for (const auto& [key, v] : from.fp) {
        if (const Map* m = v.as_map()) {
            Fingerprint f;
            f.key = key;
            f.singleton = true;
            f.entry = *m;
            apply_fingerprint(into, f);
        } else if (const Array* a = v.as_array()) {
            for (auto it = a->rbegin(); it != a->rend(); ++it) {  // oldest first: the newest ends on top
                Fingerprint f;
                f.key = key;
                f.entry = *it;
                apply_fingerprint(into, f);
            }
        }
    }
    Fingerprint rest;
    rest.names = from.names;
    rest.hints = from.hints;
    rest.observations = from.observations;
    apply_fingerprint(into, rest);
    for (const auto& s : from.services)
        if (into.services.size() < kMaxServices &&
            std::none_of(into.services.begin(), into.services.end(),
                         [&](const Service& x) { return x.l4 == s.l4 && x.port == s.port; }))
            into.services.push_back(s);
    for (const auto& a : from.apps)
        if (into.apps.size() < kMaxApps && std::find(into.apps.begin(), into.apps.end(), a) == into.apps.end())
            into.apps.push_back(a);
    into.risk_bits |= from.risk_bits;
    into.first_us = std::min(into.first_us, from.first_us);
    into.last_us = std::max(into.last_us, from.last_us);
    changed(into);
}

void Inventory::apply_fingerprint(Device& d, const Fingerprint& f) {
    bool changed_any = false;
    if (!f.key.empty() && !f.entry.is_null()) {
        auto it = d.fp.find(f.key);
        if (f.singleton) {
            if (it == d.fp.end() || !it->second.as_map()) it = d.fp.insert_or_assign(f.key, Value(Map{})).first;
            auto& m = std::get<Map>(it->second.v);
            if (const Map* add = f.entry.as_map())
                for (const auto& [k, v] : *add) {
                    auto cur = m.find(k);
                    if (cur == m.end() || !same_value(cur->second, v)) {
                        m.insert_or_assign(k, v);
                        changed_any = true;
                    }
                }
        } else {
            if (it == d.fp.end() || !it->second.as_array()) it = d.fp.insert_or_assign(f.key, Value(Array{})).first;
            auto& a = std::get<Array>(it->second.v);
            const bool present =
                std::any_of(a.begin(), a.end(), [&](const Value& v) { return same_value(v, f.entry); });
            if (!present) {
                a.insert(a.begin(), f.entry);
                if (a.size() > kMaxFpEntries) a.pop_back();
                changed_any = true;
            }
        }
    }
    for (const auto& n : f.names) {
        if (n.name.empty()) continue;
        const bool present = std::any_of(d.names.begin(), d.names.end(),
                                         [&](const NameHint& x) { return x.src == n.src && x.name == n.name; });
        if (!present && d.names.size() < kMaxNames) {
            d.names.push_back(n);
            changed_any = true;
        }
    }
    for (const auto& h : f.hints) {
        const bool present = std::any_of(d.hints.begin(), d.hints.end(), [&](const ClassHint& x) {
            return x.attribute == h.attribute && x.value == h.value && x.src == h.src;
        });
        if (!present && d.hints.size() < kMaxHints) {
            d.hints.push_back(h);
            changed_any = true;
        }
    }
    for (const auto& o : f.observations) {
        const bool present = std::any_of(d.observations.begin(), d.observations.end(),
                                         [&](const Observation& x) { return x.what == o.what; });
        if (!present && d.observations.size() < kMaxObservations) {
            d.observations.push_back(o);
            changed_any = true;
        }
    }
    if (changed_any) changed(d);
}

bool Inventory::shadowed(const Device& d) const {
    return d.by_ip && ip_owner_.contains(d.ip_key);
}

void Inventory::for_each(const std::function<void(const Device&)>& f) const {
    std::vector<const Device*> all;
    all.reserve(by_mac_.size() + by_ip_.size());
    for (const auto& [k, d] : by_mac_) all.push_back(&d);
    for (const auto& [k, d] : by_ip_)
        if (!shadowed(d)) all.push_back(&d);
    std::sort(all.begin(), all.end(), [](const Device* a, const Device* b) { return a->id < b->id; });
    for (const Device* d : all) f(*d);
}

Value Inventory::record(const Device& d) const {
    Map m;
    m["id"] = d.id;
    m["rev"] = d.rev;
    if (!d.by_ip) {
        m["mac"] = dissect::to_string(d.mac);
        if (!d.vendor.empty()) m["mac_vendor"] = d.vendor.substr(0, 256);
        m["random_mac"] = d.random_mac;
    }
    if (d.tagged) m["vlan"] = std::uint64_t{d.vlan};
    std::vector<const IpEntry*> ips;
    for (const auto& e : d.ips) ips.push_back(&e);
    std::sort(ips.begin(), ips.end(), [](const IpEntry* a, const IpEntry* b) {
        if (a->last_us != b->last_us) return a->last_us > b->last_us;
        if (a->first_us != b->first_us) return a->first_us > b->first_us;
        return a->ip < b->ip;
    });
    if (!ips.empty()) {
        Array a;
        for (std::size_t i = 0; i < ips.size() && i < kMaxRecordIps; ++i) a.emplace_back(dissect::to_string(ips[i]->ip));
        m["ips"] = std::move(a);
    }
    if (!d.names.empty()) {
        std::vector<const NameHint*> ns;
        for (const auto& n : d.names) ns.push_back(&n);
        std::stable_sort(ns.begin(), ns.end(),
                         [](const NameHint* a, const NameHint* b) { return name_rank(a->src) < name_rank(b->src); });
        m["hostname"] = ns.front()->name;
        Array a;
        for (const NameHint* n : ns) {
            Map nm;
            nm["name"] = n->name;
            nm["src"] = name_src(n->src);
            a.emplace_back(std::move(nm));
        }
        m["names"] = std::move(a);
    }
    if (!d.fp.empty()) m["fp"] = d.fp;
    m["first_seen"] = ms(d.first_us);
    m["last_seen"] = ms(d.last_us);
    m["class"] = classify::Classifier::to_map(d.cls);
    if (opts_.rules) m["posture"] = risk::to_value(d.posture);
    if (d.verdict) {
        Value& p = m["posture"];
        if (!p.as_map()) p = Value(Map{});
        Map v;
        v["state"] = d.verdict->state;
        v["by"] = d.verdict->by;
        v["ts"] = d.verdict->ts_ms;
        v["reason"] = d.verdict->reason;
        std::get<Map>(p.v)["verdict"] = Value(std::move(v));
    }
    if (!d.services.empty()) {
        std::vector<const Service*> sv;
        for (const auto& s : d.services) sv.push_back(&s);
        std::sort(sv.begin(), sv.end(), [](const Service* a, const Service* b) {
            return a->l4 != b->l4 ? a->l4 < b->l4 : a->port < b->port;
        });
        Array a;
        for (const Service* s : sv) {
            Map sm;
            sm["proto"] = s->l4 == 6 ? "tcp" : s->l4 == 17 ? "udp" : "other";
            sm["port"] = std::uint64_t{s->port};
            if (!s->app.empty()) sm["app"] = s->app;
            a.emplace_back(std::move(sm));
        }
        m["services"] = std::move(a);
    }
    if (!d.apps.empty()) {
        std::vector<std::string> apps = d.apps;
        std::sort(apps.begin(), apps.end());
        Array a;
        for (auto& s : apps) a.emplace_back(std::move(s));
        m["apps"] = std::move(a);
    }
    if (d.risk_bits) {
        Array risks;
        for (unsigned b = 0; b < 64; ++b)
            if (d.risk_bits & (std::uint64_t{1} << b))
                risks.emplace_back(opts_.risk_names[b].empty() ? "risk_" + std::to_string(b) : opts_.risk_names[b]);
        Map ext;
        ext["x_ndpi_risks"] = std::move(risks);
        m["ext"] = std::move(ext);
    }
    return Value(std::move(m));
}

std::vector<Value> Inventory::records() const {
    std::vector<Value> out;
    for_each([&](const Device& d) { out.push_back(record(d)); });
    return out;
}

void Inventory::restore(std::vector<Device> devices) {
    by_mac_.clear();
    by_ip_.clear();
    ip_owner_.clear();
    owned_ips_.clear();
    owned_keys_.clear();
    stitch_keys_.clear();
    dirty_.clear();
    for (auto& d : devices) {
        seq_ = std::max(seq_, d.rev);
        d.dirty = false;
        if (d.verdict && d.verdict->expires_ms) ++timed_verdicts_;
        if (d.by_ip) {
            const auto key = d.ip_key;
            by_ip_.insert_or_assign(key, std::move(d));
            continue;
        }
        const auto key = d.mac.as_u64();
        auto& slot = by_mac_.insert_or_assign(key, std::move(d)).first->second;
        if (slot.router) continue;
        for (const auto& e : slot.ips) set_owner(e.ip, key);
    }
    // The strong keys of random-MAC records, so that a MAC rotated across a
    // restart is still stitched; a key held by several records points at
    // the most recently seen, as it would have live.
    std::vector<const Device*> random;
    for (const auto& [k, d] : by_mac_)
        if (d.random_mac) random.push_back(&d);
    std::sort(random.begin(), random.end(), [](const Device* a, const Device* b) { return a->last_us < b->last_us; });
    for (const Device* d : random)
        for (const char* kind : {"dhcp", "dhcpv6"}) {
            auto it = d->fp.find(kind);
            if (it == d->fp.end()) continue;
            auto add = [&](const Value& entry) {
                Fingerprint f;
                f.key = kind;
                f.entry = entry;
                for (auto& k : strong_keys(f, d->mac)) {
                    stitch_keys_.insert_or_assign(k, d->mac.as_u64());
                    note_key(k, d->mac.as_u64());
                }
            };
            if (const auto* list = it->second.as_array())
                for (const auto& e : *list) add(e);
            else
                add(it->second);
        }
    lru_rebuild();
}

void Inventory::changed_since(std::uint64_t since, const std::function<void(const Device&)>& f) const {
    for (const auto& [k, d] : by_mac_)
        if (d.rev > since) f(d);
    for (const auto& [k, d] : by_ip_)
        if (d.rev > since) f(d);
}

Inventory::Flaps Inventory::flaps() const {
    Flaps f;
    for_each([&](const Device& d) {
        for (std::size_t i = 0; i < classify::kAttrCount; ++i) {
            f.changes[i] += d.cls.attrs[i].changes;
            f.flaps[i] += d.cls.attrs[i].flaps;
        }
    });
    return f;
}

InventoryStats Inventory::stats() const {
    InventoryStats s;
    s.evidence = evidence_;
    s.mac_devices = by_mac_.size();
    for (const auto& [k, d] : by_ip_)
        if (!shadowed(d)) ++s.ip_devices;
    for (const auto& [k, d] : by_mac_)
        if (d.router) ++s.routers;
    s.aged_out = aged_out_;
    s.evicted = evicted_;
    s.merged = merged_;
    return s;
}

}  // namespace posture
