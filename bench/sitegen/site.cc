#include "bench/sitegen/site.h"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <stdexcept>

namespace sitegen {
namespace {

constexpr std::uint32_t kHostsPerCampusSubnet = 200;
constexpr std::array<std::string_view, 24> kFirstNames{
    "Jenny", "Alex",  "Maria", "David", "Sarah", "Tom",   "Priya", "Chen",  "Lucas", "Emma",  "Noah", "Olivia",
    "Liam",  "Ava",   "Mia",   "Ethan", "Sofia", "James", "Zoe",   "Omar",  "Hana",  "Ivan",  "Nora", "Pablo"};

int role_bit(Role r) {
    int bit = 0;
    auto v = static_cast<std::uint32_t>(r);
    while (v > 1) {
        v >>= 1;
        ++bit;
    }
    return bit;
}

Mac parse_oui(std::string_view s) {
    Mac m;
    for (int i = 0; i < 3; ++i) {
        unsigned v = 0;
        for (int k = 0; k < 2; ++k) {
            const char c = s[static_cast<std::size_t>(i * 3 + k)];
            v = v * 16 + static_cast<unsigned>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
        }
        m.b[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v);
    }
    return m;
}

// Device counts per profile row for `n` devices, proportional to the weights
// of the 72-device reference site, at least one of each.
std::vector<int> counts_for(std::span<const Profile> rows, int n) {
    std::vector<int> counts(rows.size(), 0);
    int fixed = 0, weight = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].fixed) {
            counts[i] = rows[i].weight;
            fixed += rows[i].weight;
        } else {
            weight += rows[i].weight;
        }
    }
    const int rest = n - fixed;
    std::vector<std::pair<double, std::size_t>> remainders;
    int assigned = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].fixed) continue;
        const double exact = static_cast<double>(rows[i].weight) * rest / weight;
        const int base = std::max(1, static_cast<int>(exact));
        counts[i] = base;
        assigned += base;
        remainders.emplace_back(exact - base, i);
    }
    std::stable_sort(remainders.begin(), remainders.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t k = 0; assigned < rest; k = (k + 1) % remainders.size()) {
        ++counts[remainders[k].second];
        ++assigned;
    }
    while (assigned > rest) {  // minimums overshot: take from the largest rows
        const auto it = std::max_element(counts.begin(), counts.end());
        --*it;
        --assigned;
    }
    return counts;
}

Ip6 prefix_for(std::size_t subnet_index) {
    Ip6 p;
    p.b[0] = 0x20;
    p.b[1] = 0x01;
    p.b[2] = 0x0d;
    p.b[3] = 0xb8;
    p.b[4] = 0x00;
    p.b[5] = 0xac;
    p.b[6] = static_cast<std::uint8_t>(subnet_index >> 8);
    p.b[7] = static_cast<std::uint8_t>(subnet_index);
    return p;
}

std::string sanitize_host(std::string_view friendly) {
    std::string s;
    for (const char c : friendly) {
        if (c == '\'') continue;
        s.push_back(c == ' ' ? '-' : c);
    }
    return s;
}

}  // namespace

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    while (!s.empty()) {
        const std::size_t at = s.find(sep);
        const std::string_view part = s.substr(0, at);
        if (!part.empty()) out.push_back(part);
        if (at == std::string_view::npos) break;
        s.remove_prefix(at + 1);
    }
    return out;
}

std::string expand(std::string_view pattern, const Device& d, Rng* rng) {
    std::string out;
    Rng local(fnv1a(pattern, d.mac.b[5] | (std::uint64_t{d.mac.b[4]} << 8) | (std::uint64_t{d.mac.b[3]} << 16)));
    Rng& r = rng != nullptr ? *rng : local;
    for (std::size_t i = 0; i < pattern.size();) {
        if (pattern[i] != '{') {
            out.push_back(pattern[i++]);
            continue;
        }
        const std::size_t close = pattern.find('}', i);
        if (close == std::string_view::npos) {
            out.append(pattern.substr(i));
            break;
        }
        const std::string_view tok = pattern.substr(i + 1, close - i - 1);
        i = close + 1;
        if (tok == "A7") {
            static constexpr std::string_view kAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
            for (int k = 0; k < 7; ++k) out.push_back(kAlnum[r.below(kAlnum.size())]);
        } else if (tok == "H6") {
            out += d.mac.hex(true).substr(6);
        } else if (tok == "MAC") {
            out += d.mac.hex(true);
        } else if (tok == "mac") {
            out += d.mac.str();
        } else if (tok == "hex") {
            out += d.mac.hex(false);
        } else if (tok == "F") {
            out += kFirstNames[(static_cast<std::size_t>(d.index) * 7 + d.mac.b[5]) % kFirstNames.size()];
        } else if (tok == "N2") {
            char buf[16];
            std::snprintf(buf, sizeof buf, "%02d", d.instance);
            out += buf;
        } else if (tok == "ID") {
            out += d.id32;
        } else if (tok == "UUID") {
            out += d.uuid;
        } else if (tok == "IP") {
            out += d.ip.str();
        } else {
            // Unknown tokens stay literal (e.g. "{002_2310A}" in an HP server banner).
            out.push_back('{');
            out.append(tok);
            out.push_back('}');
        }
    }
    return out;
}

int Site::peer(Device& d, Role role) {
    const int bit = role_bit(role);
    int& cached = d.peer_cache[static_cast<std::size_t>(bit)];
    if (cached != 0) return cached - 1;
    const auto it = by_role.find(static_cast<std::uint32_t>(role));
    int chosen = -1;
    if (it != by_role.end() && !it->second.empty()) {
        std::vector<int> local;
        for (const int p : it->second)
            if (devices[p].subnet == d.subnet && p != d.index) local.push_back(p);
        const std::vector<int>& pool = local.empty() ? it->second : local;
        chosen = pool[static_cast<std::size_t>(d.index) % pool.size()];
        if (chosen == d.index) chosen = -1;
    }
    cached = chosen + 1;
    return chosen;
}

Site build_site(const Options& opt) {
    Site site;
    site.opt = opt;
    site.campus = opt.devices > kCampusThreshold;
    Rng rng(opt.seed ^ 0x5173e6e9a1b2c3d4ULL);
    const std::span<const Profile> rows = profiles();
    const std::vector<int> counts = counts_for(rows, opt.devices);

    // Devices in table order; instance numbers per row.
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (int k = 0; k < counts[r]; ++k) {
            Device d;
            d.index = static_cast<int>(site.devices.size());
            d.profile = &rows[r];
            d.instance = k + 1;
            site.devices.push_back(std::move(d));
        }
    }

    // Subnets.
    std::array<int, 3> per_segment{};
    for (const Device& d : site.devices) ++per_segment[static_cast<std::size_t>(d.profile->segment)];
    std::array<std::vector<int>, 3> segment_subnets;
    if (!site.campus) {
        Subnet lan{Ip4::of(192, 168, 10, 0), 0, prefix_for(10), Segment::kData};
        Subnet voice{Ip4::of(192, 168, 20, 0), 20, prefix_for(20), Segment::kVoice};
        site.subnets = {lan, voice};
        segment_subnets[static_cast<std::size_t>(Segment::kInfra)] = {0};
        segment_subnets[static_cast<std::size_t>(Segment::kData)] = {0};
        segment_subnets[static_cast<std::size_t>(Segment::kVoice)] = {1};
    } else {
        for (int seg = 0; seg < 3; ++seg) {
            const int need = std::max(1, (per_segment[static_cast<std::size_t>(seg)] +
                                          static_cast<int>(kHostsPerCampusSubnet) - 1) /
                                             static_cast<int>(kHostsPerCampusSubnet));
            for (int k = 0; k < need; ++k) {
                Subnet s;
                s.segment = static_cast<Segment>(seg);
                const unsigned second = seg == 0 ? 0u : (seg == 1 ? 1u : 8u) + static_cast<unsigned>(k) / 256;
                const unsigned third = seg == 0 ? static_cast<unsigned>(k) : static_cast<unsigned>(k) % 256;
                s.network = Ip4::of(10, second, third, 0);
                s.vlan = static_cast<std::uint16_t>(seg == 0 ? (k == 0 ? 0 : 10 + k) : (seg == 1 ? 1000 : 2000) + k);
                s.prefix6 = prefix_for(site.subnets.size());
                s.next_dhcp = 50;
                segment_subnets[static_cast<std::size_t>(seg)].push_back(static_cast<int>(site.subnets.size()));
                site.subnets.push_back(s);
            }
        }
    }

    // Assign subnets in a shuffled order so each campus subnet gets a mix of kinds;
    // the router keeps index 0 and the first address.
    std::vector<int> order(site.devices.size());
    std::iota(order.begin(), order.end(), 0);
    for (std::size_t i = order.size() - 1; i > 1; --i) std::swap(order[i], order[1 + rng.below(i)]);
    std::array<std::size_t, 3> filled{};
    for (const int idx : order) {
        Device& d = site.devices[static_cast<std::size_t>(idx)];
        const auto seg = static_cast<std::size_t>(d.profile->segment);
        const std::vector<int>& list = segment_subnets[seg];
        const std::size_t which = site.campus ? std::min(filled[seg]++ / kHostsPerCampusSubnet, list.size() - 1) : 0;
        d.subnet = list[which];
        d.vlan = site.subnets[static_cast<std::size_t>(d.subnet)].vlan;
    }

    // Identity: MAC, addresses, names.
    std::set<Mac> used_macs;
    for (Device& d : site.devices) {
        const Profile& p = *d.profile;
        const std::vector<std::string_view> ouis = split(p.ouis, ' ');
        do {
            if (rng.chance(p.random_mac_share)) {
                rng.fill(d.mac.b.data(), 6);
                d.mac.b[0] = static_cast<std::uint8_t>((d.mac.b[0] & 0xfc) | 0x02);
            } else {
                d.mac = parse_oui(ouis[rng.below(ouis.size())]);
                rng.fill(d.mac.b.data() + 3, 3);
            }
        } while (!used_macs.insert(d.mac).second);

        Subnet& sn = site.subnets[static_cast<std::size_t>(d.subnet)];
        if (d.index == site.router) {
            d.ip = sn.gateway();
        } else if (p.dhcp == nullptr) {
            d.ip = Ip4{sn.network.v + sn.next_static++};
        } else {
            d.ip = Ip4{sn.network.v + sn.next_dhcp++};
        }
        if (d.ip.v - sn.network.v > 254) throw std::runtime_error("subnet overflow");

        d.has_v6 = p.ipv6 != V6Mode::kNone;
        if (d.has_v6) {
            std::array<std::uint8_t, 8> iid{};
            if (p.ipv6 == V6Mode::kEui64) {
                iid = eui64_iid(d.mac);
                d.gl6 = ip6_join(sn.prefix6, iid);
            } else {
                rng.fill(iid.data(), 8);
                iid[0] &= 0xfd;
                std::array<std::uint8_t, 8> temp{};
                rng.fill(temp.data(), 8);
                temp[0] &= 0xfd;
                d.gl6 = ip6_join(sn.prefix6, temp);
            }
            d.ll6 = ip6_link_local(iid);
        }

        char idbuf[33];
        std::snprintf(idbuf, sizeof idbuf, "%016llx%016llx", static_cast<unsigned long long>(rng.next()),
                      static_cast<unsigned long long>(rng.next()));
        d.id32 = idbuf;
        {
            std::array<std::uint8_t, 16> u{};
            rng.fill(u.data(), u.size());
            u[6] = static_cast<std::uint8_t>((u[6] & 0x0f) | 0x40);
            u[8] = static_cast<std::uint8_t>((u[8] & 0x3f) | 0x80);
            const std::string h = to_hex(u);
            d.uuid = h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" +
                     h.substr(20);
        }
        d.hostname = expand(p.hostname, d, &rng);
        d.friendly = expand(p.friendly, d, &rng);
        if (!p.mdns.empty()) {
            d.mdns_host = d.friendly.find("'s ") != std::string::npos ? sanitize_host(d.friendly)
                          : !d.hostname.empty()                     ? d.hostname
                                                                    : sanitize_host(d.friendly);
            for (const std::string_view line : split(p.mdns, '\n')) {
                const std::vector<std::string_view> f = split(line, '|');
                dns::MdnsService s;
                s.type = std::string(f.at(0));
                s.port = static_cast<std::uint16_t>(std::stoi(std::string(f.at(1))));
                if (f.size() > 2)
                    for (const std::string_view kv : split(f[2], ';')) s.txt.push_back(expand(kv, d, &rng));
                if (s.type == "_apple-mobdev2._tcp") {
                    s.instance = d.mac.str() + "@" + d.ll6.str();
                } else {
                    s.instance = d.friendly.empty() ? d.mdns_host : d.friendly;
                }
                d.mdns.push_back(std::move(s));
            }
        }
        std::uint64_t seed_state = opt.seed ^ (0x9e3779b97f4a7c15ULL * static_cast<std::uint64_t>(d.index + 1));
        d.rng.reseed(splitmix64(seed_state));
        d.ip_id = d.rng.u16();
        d.next_port = static_cast<std::uint32_t>(
            p.tcp->port_lo + d.rng.below(static_cast<std::uint64_t>(p.tcp->port_hi - p.tcp->port_lo) / 2));
        d.ts_base = d.rng.u32();
    }

    // Join times: the router first, static infrastructure early, DHCP clients spread.
    const double duration_s = opt.minutes * 60.0;
    const double spread_s = site.campus ? std::min(duration_s * 0.5, 300.0) : std::min(duration_s * 0.25, 90.0);
    for (Device& d : site.devices) {
        double t = 0;
        if (d.index == site.router) {
            t = 0.01;
        } else if (d.profile->dhcp == nullptr) {
            t = 0.05 + rng.unit() * std::min(20.0, spread_s);
        } else {
            t = 0.5 + rng.unit() * spread_s;
        }
        d.join_us = static_cast<std::uint64_t>(t * 1e6);
    }

    // Indices.
    site.ssdp_by_subnet.resize(site.subnets.size());
    for (Device& d : site.devices) {
        for (std::uint32_t bit = 1; bit != 0 && bit <= d.profile->roles; bit <<= 1)
            if ((d.profile->roles & bit) != 0) site.by_role[bit].push_back(d.index);
        for (const dns::MdnsService& s : d.mdns) site.mdns_index[{d.subnet, s.type}].push_back(d.index);
        if (!d.profile->ssdp_types.empty()) site.ssdp_by_subnet[static_cast<std::size_t>(d.subnet)].push_back(d.index);
        if (d.profile->kind == "switch" && site.root_switch < 0) site.root_switch = d.index;
    }
    for (Device& d : site.devices) {
        if (d.profile->sip_ua.empty() || (d.profile->roles & kRolePbx) != 0) continue;
        const int pbx = site.peer(d, kRolePbx);
        if (pbx >= 0) site.devices[static_cast<std::size_t>(pbx)].served.push_back(d.index);
    }
    // SNMP agents are shared out among the monitoring hosts.
    std::vector<int> monitors;
    for (const Device& d : site.devices)
        for (const Activity& a : d.profile->activities)
            if (a.act == Act::kSnmpPoll) monitors.push_back(d.index);
    if (!monitors.empty()) {
        std::size_t k = 0;
        for (const int agent : site.by_role[kRoleSnmpAgent])
            site.devices[static_cast<std::size_t>(monitors[k++ % monitors.size()])].served.push_back(agent);
    }
    return site;
}

}  // namespace sitegen
