#include "bench/sitegen/flood.h"

#include <array>
#include <charconv>
#include <stdexcept>
#include <vector>

#include "bench/sitegen/apps.h"
#include "bench/sitegen/dhcp.h"
#include "bench/sitegen/dns.h"
#include "bench/sitegen/packet_builder.h"
#include "bench/sitegen/pcap_writer.h"
#include "bench/sitegen/rng.h"
#include "bench/sitegen/scenario.h"

namespace sitegen {
namespace {

enum class Kind { kMac, kFlow, kDhcp, kMdns, kSsdp };

// A random locally administered unicast MAC (what flood tools send).
Mac random_mac(Rng& r) {
    Mac m;
    const std::uint64_t v = r.next();
    for (int i = 0; i < 6; ++i) m.b[i] = static_cast<std::uint8_t>(v >> (8 * i));
    m.b[0] = static_cast<std::uint8_t>((m.b[0] & 0xfc) | 0x02);
    return m;
}

constexpr Mac kAttacker{{0x02, 0xde, 0xad, 0x00, 0x00, 0x01}};
// The storms come from a handful of (real-looking) sources.
Mac storm_source(Rng& r) { return Mac{{0x02, 0x5e, 0x00, 0x00, 0x01, static_cast<std::uint8_t>(r.below(4))}}; }

constexpr dhcp::ClientStack kStarvation{"1,3,6,15", "53,61,55", "53,61,50,54,55", "", 0, 0, true, true, 64};

Bytes frame(Kind k, std::uint64_t i, Rng& r) {
    switch (k) {
        case Kind::kMac: {
            const Mac m = random_mac(r);
            const Ip4 src = Ip4::of(10, 99, static_cast<unsigned>(r.below(256)), static_cast<unsigned>(1 + r.below(254)));
            return ethernet_frame(L2{m, Mac::broadcast()}, kEtherArp, arp_body(1, m, src, Mac{}, Ip4::of(10, 99, 0, 1)));
        }
        case Kind::kFlow: {
            TcpHeader h;
            h.sport = static_cast<std::uint16_t>(1024 + r.below(64000));
            h.dport = static_cast<std::uint16_t>(1 + r.below(65535));
            h.seq = static_cast<std::uint32_t>(r.next());
            h.flags = tcp_flag::kSyn;
            h.window = 1024;
            const Ip4 src = Ip4::of(192, 168, 66, 6);
            const Ip4 dst = Ip4{static_cast<std::uint32_t>(Ip4::of(172, 16, 0, 0).v + r.below(1u << 20))};
            Ip4Header ip{src, dst, kProtoTcp};
            ip.id = static_cast<std::uint16_t>(i);
            return ipv4_frame(L2{kAttacker, Mac{{0x02, 0x00, 0x00, 0x00, 0x00, 0xfe}}}, ip, tcp4(src, dst, h, {}));
        }
        case Kind::kDhcp: {
            dhcp::ClientMessage m;
            m.type = dhcp::Type::kDiscover;
            m.xid = static_cast<std::uint32_t>(r.next());
            m.mac = random_mac(r);
            const Bytes body = dhcp::client_message(kStarvation, m);
            const Ip4 any = Ip4::of(0, 0, 0, 0), all = Ip4::of(255, 255, 255, 255);
            return ipv4_frame(L2{m.mac, Mac::broadcast()}, Ip4Header{any, all, kProtoUdp}, udp4(any, all, 68, 67, body));
        }
        case Kind::kMdns: {
            const Mac src = storm_source(r);
            dns::MdnsHost host{"storm-" + std::to_string(i), Ip4::of(192, 168, 77, src.b[5] + 10u), std::nullopt};
            const std::vector<dns::MdnsService> services{
                {"_storm._tcp", "Storm instance " + std::to_string(i), 9, {"n=" + std::to_string(i)}}};
            const Bytes body = dns::mdns_announce(host, services, 120).front();
            const Ip4 group = Ip4::of(224, 0, 0, 251);
            return ipv4_frame(L2{src, multicast_mac(group)}, Ip4Header{host.ip4, group, kProtoUdp},
                              udp4(host.ip4, group, 5353, 5353, body));
        }
        case Kind::kSsdp: {
            const Mac src = storm_source(r);
            const Ip4 ip = Ip4::of(192, 168, 77, src.b[5] + 10u), group = Ip4::of(239, 255, 255, 250);
            const std::string n = std::to_string(i);
            const Bytes body = app::ssdp_notify("http://192.168.77.1:49152/storm/" + n + ".xml", "upnp:rootdevice",
                                                "Storm/1.0 UPnP/1.0 Flood/" + n, "uuid:storm-" + n + "::upnp:rootdevice");
            return ipv4_frame(L2{src, multicast_mac(group)}, Ip4Header{ip, group, kProtoUdp}, udp4(ip, group, 1900, 1900, body));
        }
    }
    return {};
}

}  // namespace

bool parse_flood(const std::string& spec, FloodSpec& out, std::string& error) {
    std::size_t at = 0;
    while (at < spec.size()) {
        const std::size_t end = std::min(spec.find(',', at), spec.size());
        const std::string item = spec.substr(at, end - at);
        at = end + 1;
        const auto eq = item.find('=');
        std::uint64_t n = 0;
        if (eq == std::string::npos ||
            std::from_chars(item.data() + eq + 1, item.data() + item.size(), n).ec != std::errc{}) {
            error = "bad flood item '" + item + "' (want KIND=N)";
            return false;
        }
        const std::string kind = item.substr(0, eq);
        if (kind == "macs") out.macs = n;
        else if (kind == "flows") out.flows = n;
        else if (kind == "dhcp") out.dhcp = n;
        else if (kind == "mdns") out.mdns = n;
        else if (kind == "ssdp") out.ssdp = n;
        else {
            error = "unknown flood '" + kind + "' (macs, flows, dhcp, mdns, ssdp)";
            return false;
        }
    }
    if (out.total() == 0) {
        error = "empty flood spec";
        return false;
    }
    return true;
}

std::uint64_t write_flood(const FloodSpec& spec, double minutes, std::uint64_t seed, const std::string& path) {
    PcapWriter out(path);
    Rng r(seed ^ 0xf100dULL);
    const std::uint64_t total = spec.total();
    const auto window_us = static_cast<std::uint64_t>(minutes * 60e6);
    // Each kind gets its share of the frames, interleaved: frame j is of the
    // kind whose running quota is furthest behind (a smooth round robin).
    const std::array<std::pair<Kind, std::uint64_t>, 5> kinds{
        {{Kind::kMac, spec.macs}, {Kind::kFlow, spec.flows}, {Kind::kDhcp, spec.dhcp}, {Kind::kMdns, spec.mdns},
         {Kind::kSsdp, spec.ssdp}}};
    std::array<std::uint64_t, 5> done{};
    for (std::uint64_t j = 0; j < total; ++j) {
        std::size_t pick = 0;
        double behind = -1;
        for (std::size_t k = 0; k < kinds.size(); ++k) {
            if (done[k] >= kinds[k].second) continue;
            const double lag = static_cast<double>(j + 1) * static_cast<double>(kinds[k].second) / static_cast<double>(total) -
                               static_cast<double>(done[k]);
            if (lag > behind) {
                behind = lag;
                pick = k;
            }
        }
        const std::uint64_t ts = kEpochUs + window_us * j / total;
        out.write(ts, frame(kinds[pick].first, done[pick]++, r));
    }
    out.close();
    return total;
}

}  // namespace sitegen
