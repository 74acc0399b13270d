// The periodic activities of the scenario: one function per kind of
// conversation, each building its payloads with the protocol builders and
// handing them to the TCP/UDP emitters in scenario.cc.
#include <algorithm>
#include <cctype>
#include <string>

#include "bench/sitegen/apps.h"
#include "bench/sitegen/dns.h"
#include "bench/sitegen/l2proto.h"
#include "bench/sitegen/scenario.h"
#include "bench/sitegen/smb.h"

namespace sitegen {
namespace {

constexpr std::uint8_t kTosSip = 0x60;  // CS3
constexpr std::uint8_t kTosRtp = 0xb8;  // EF
const Ip4 kMdnsGroup = Ip4::of(224, 0, 0, 251);
const Ip4 kLlmnrGroup = Ip4::of(224, 0, 0, 252);
const Ip4 kSsdpGroup = Ip4::of(239, 255, 255, 250);
constexpr int kMaxMdnsResponders = 3;
constexpr std::size_t kMaxSnmpAgentsPerPoll = 48;

Bytes cat(Bytes a, const Bytes& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

Bytes text(std::string_view s) {
    Writer w(s.size());
    w.str(s);
    return w.take();
}

std::string_view as_text(const Bytes& b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string hex_token(Rng& r, std::size_t n) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s.push_back(kHex[r.below(16)]);
    return s;
}

// "host" or "host:port" from a domains list entry.
std::pair<std::string_view, std::uint16_t> host_port(std::string_view entry, std::uint16_t def) {
    const std::size_t colon = entry.find(':');
    if (colon == std::string_view::npos) return {entry, def};
    return {entry.substr(0, colon), static_cast<std::uint16_t>(std::stoi(std::string(entry.substr(colon + 1))))};
}

std::uint64_t filetime(std::uint64_t unix_us) { return unix_us * 10 + 116444736000000000ULL; }

}  // namespace

int Scenario::pick_role(Device& d, Role role) {
    const int p = site_.peer(d, role);
    if (p < 0 || !dev(p).joined) return -1;
    return p;
}

void Scenario::mdns_send(Device& d, std::uint64_t t, ByteSpan msg) {
    send_udp_group(t, d, d.ip, kMdnsGroup, multicast_mac(kMdnsGroup), d.vlan, 5353, 5353, msg, 255);
    if (d.has_v6) {
        const Ip6 group = ip6_multicast(0x00fb);
        send_udp6(t + 40, d, group, multicast_mac(group), 5353, 5353, msg, 255);
    }
}

// ---------------------------------------------------------------- internet

void Scenario::act_web(Device& d, std::uint64_t t, bool legacy) {
    const Profile& p = *d.profile;
    tls::Stack stack = p.tls;
    std::string_view domains = p.domains;
    if (!legacy && p.tls_system != tls::Stack::kNone && !p.system_domains.empty() && d.rng.chance(0.5)) {
        stack = p.tls_system;
        domains = p.system_domains;
    }
    const std::vector<std::string_view> names = split(domains, ' ');
    if (stack == tls::Stack::kNone || names.empty()) return;
    const auto [name, port] = host_port(names[d.rng.below(names.size())], 443);
    Ip4 ip;
    const std::uint64_t at = resolve(t, d, name, &ip);
    const RemoteProvider& prov = provider_for(name);
    tls::ServerPolicy pol;
    pol.max_version = prov.tls_max;
    pol.prefs = tls::default_server_prefs();
    if (legacy) pol.prefs.insert(pol.prefs.begin(), {0xc00a, 0xc009});  // ECDSA certificate: prefer ECDSA suites
    pol.chain = remote_chain(name);
    const std::size_t req = 300 + d.rng.below(900);
    const std::size_t resp = 1500 + d.rng.below(30000);
    const int exchanges = 1 + static_cast<int>(d.rng.below(3));
    tls_session(at, d, stack, remote_side(ip, name, port), name, pol, req, resp, exchanges);
}

void Scenario::act_mqtt_cloud(Device& d, std::uint64_t t) {
    const std::vector<std::string_view> names = split(d.profile->domains, ' ');
    if (names.empty()) return;
    const auto [name, port] = host_port(names.front(), 8883);
    Ip4 ip;
    const std::uint64_t at = resolve(t, d, name, &ip);
    tls::ServerPolicy pol;
    pol.max_version = provider_for(name).tls_max;
    pol.prefs = tls::default_server_prefs();
    pol.chain = remote_chain(name);
    tls_session(at, d, d.profile->tls, remote_side(ip, name, port), name, pol, 90 + d.rng.below(120),
                4 + d.rng.below(60), 2 + static_cast<int>(d.rng.below(3)));
}

void Scenario::act_captive(Device& d, std::uint64_t t) {
    const Profile& p = *d.profile;
    if (p.captive_host.empty()) return;
    Ip4 ip;
    const std::uint64_t at = resolve(t, d, p.captive_host, &ip);
    const std::string host(p.captive_host);
    const std::string date = app::http_date(kEpochUs + at);
    std::vector<Msg> msgs;
    bool server_closes = true;
    if (p.captive_path == "/hotspot-detect.html") {
        msgs.push_back({true, app::http_request("GET", p.captive_path, "HTTP/1.0",
                                                {{"Host", host}, {"Connection", "close"}, {"User-Agent", std::string(p.captive_ua)}}),
                        0});
        msgs.push_back({false, app::http_response("HTTP/1.0", 200, "OK",
                                                  {{"Content-Type", "text/html"}, {"Date", date}, {"Connection", "close"}},
                                                  0, d.rng, "<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>"),
                        3000});
    } else if (p.captive_path == "/generate_204") {
        msgs.push_back({true, app::http_request("GET", p.captive_path, "HTTP/1.1",
                                                {{"User-Agent", std::string(p.captive_ua)}, {"Host", host},
                                                 {"Connection", "Keep-Alive"}, {"Accept-Encoding", "gzip"}}),
                        0});
        msgs.push_back({false, app::http_response("HTTP/1.1", 204, "No Content", {{"Date", date}}, 0, d.rng), 2000});
        server_closes = false;
    } else if (p.captive_path == "/") {
        msgs.push_back({true, app::http_request("GET", "/", "HTTP/1.1",
                                                {{"Host", host}, {"Accept", "*/*"}, {"Connection", "close"}}),
                        0});
        msgs.push_back({false, app::http_response("HTTP/1.1", 204, "No Content",
                                                  {{"Date", date}, {"Server", "nginx"}, {"X-NetworkManager-Status", "online"},
                                                   {"Connection", "close"}},
                                                  0, d.rng),
                        2000});
    } else {
        const bool ncsi = p.captive_path == "/ncsi.txt";
        msgs.push_back({true, app::http_request("GET", p.captive_path, "HTTP/1.1",
                                                {{"Connection", "Close"}, {"User-Agent", std::string(p.captive_ua)}, {"Host", host}}),
                        0});
        msgs.push_back({false, app::http_response("HTTP/1.1", 200, "OK",
                                                  {{"Cache-Control", "max-age=30, must-revalidate"},
                                                   {"Content-Type", "text/plain"}, {"Date", date}, {"Connection", "close"}},
                                                  0, d.rng, ncsi ? "Microsoft NCSI" : "Microsoft Connect Test"),
                        3000});
    }
    tcp_session(at, side(d, ephemeral_port(d)), remote_side(ip, p.captive_host, 80), msgs, server_closes);
}

void Scenario::act_apt(Device& d, std::uint64_t t) {
    const std::vector<std::string_view> names = split(d.profile->domains, ' ');
    if (names.empty()) return;
    const std::string_view name = names.front();
    Ip4 ip;
    const std::uint64_t at = resolve(t, d, name, &ip);
    const std::string date = app::http_date(kEpochUs + at);
    std::vector<Msg> msgs;
    const char* const paths[] = {"/debian/dists/bookworm/InRelease", "/debian/dists/bookworm-updates/InRelease",
                                 "/debian-security/dists/bookworm-security/InRelease"};
    for (const char* path : paths) {
        msgs.push_back({true, app::http_request("GET", path, "HTTP/1.1",
                                                {{"Host", std::string(name)}, {"Cache-Control", "max-age=0"},
                                                 {"If-Modified-Since", "Sun, 04 Jan 2026 20:14:32 GMT"},
                                                 {"User-Agent", std::string(d.profile->user_agent)}}),
                        static_cast<std::uint32_t>(msgs.empty() ? 0 : 500)});
        msgs.push_back({false, app::http_response("HTTP/1.1", 304, "Not Modified",
                                                  {{"Server", "Apache"}, {"Date", date}, {"Via", "1.1 varnish"},
                                                   {"X-Cache", "HIT"}},
                                                  0, d.rng),
                        1000});
    }
    tcp_session(at, side(d, ephemeral_port(d)), remote_side(ip, name, 80), msgs);
}

void Scenario::act_ntp(Device& d, std::uint64_t t) {
    if (d.profile->ntp_server.empty()) return;
    Ip4 ip;
    const std::uint64_t at = resolve(t, d, d.profile->ntp_server, &ip);
    const RemoteProvider& prov = provider_for(d.profile->ntp_server);
    const Peer server{-1, ip};
    const std::uint16_t sport = d.profile->tcp->ports_sequential ? 123 : ephemeral_port(d);
    send_udp(at, peer_of(d), sport, server, 123, app::ntp_request(kEpochUs + at));
    const std::uint64_t back = at + prov.rtt_us + d.rng.below(2000);
    send_udp(back, server, 123, peer_of(d), sport, app::ntp_reply(kEpochUs + at, kEpochUs + back - prov.rtt_us / 2, 0xc0a80001 + prov.a),
             0, static_cast<std::uint8_t>(prov.initial_ttl - prov.hops));
}

// ---------------------------------------------------------------- local name services

void Scenario::act_nbns_query(Device& d, std::uint64_t t) {
    // Ask for a neighbour's name, or for WPAD (which nobody answers).
    const std::vector<int>* cands = nullptr;
    const auto it = site_.by_role.find(kRoleFileServer);
    if (it != site_.by_role.end()) cands = &it->second;
    std::string name = "WPAD";
    int owner = -1;
    if (d.rng.chance(0.6) && cands != nullptr && !cands->empty()) {
        owner = (*cands)[d.rng.below(cands->size())];
        name = dev(owner).hostname;
    }
    const std::uint16_t id = d.rng.u16();
    const Ip4 bcast = site_.subnet_of(d).broadcast();
    send_udp_group(t, d, d.ip, bcast, Mac::broadcast(), d.vlan, 137, 137, dns::nbns_query(id, name, 0x20),
                   d.profile->tcp->ttl);
    if (owner >= 0 && dev(owner).subnet == d.subnet && dev(owner).joined) {
        Device& o = dev(owner);
        dns::MessageBuilder m(id, 0x8500);
        m.nb(dns::MessageBuilder::Section::kAnswer, dns::netbios_encode(name, 0x20), 300000, 0x0000, o.ip);
        send_udp(t + 400 + d.rng.below(800), peer_of(o), 137, peer_of(d), 137, m.finish());
    }
}

void Scenario::act_llmnr(Device& d, std::uint64_t t) {
    std::string name = "wpad";
    int owner = -1;
    if (d.rng.chance(0.5)) {
        const int other = static_cast<int>(d.rng.below(site_.devices.size()));
        if (dev(other).subnet == d.subnet && !dev(other).profile->netbios.empty() && !dev(other).hostname.empty()) {
            owner = other;
            name = lower(dev(other).hostname);
        }
    }
    const std::uint16_t id = d.rng.u16();
    const std::uint16_t sport = static_cast<std::uint16_t>(49152 + d.rng.below(16384));
    send_udp_group(t, d, d.ip, kLlmnrGroup, multicast_mac(kLlmnrGroup), d.vlan, sport, 5355,
                   dns::llmnr_query(id, name, dns::kTypeA), 1);
    if (d.has_v6) {
        Ip6 group = ip6_multicast(0x0003);
        group.b[13] = 0x01;  // ff02::1:3
        send_udp6(t + 60, d, group, multicast_mac(group), static_cast<std::uint16_t>(sport + 1), 5355,
                  dns::llmnr_query(static_cast<std::uint16_t>(id + 1), name, dns::kTypeAaaa), 1);
    }
    if (owner >= 0 && dev(owner).joined && owner != d.index) {
        Device& o = dev(owner);
        dns::MessageBuilder m(id, 0x8000, false);
        m.question(name, dns::kTypeA);
        m.a(dns::MessageBuilder::Section::kAnswer, name, 30, o.ip);
        send_udp(t + 500 + d.rng.below(1500), peer_of(o), 5355, peer_of(d), sport, m.finish());
    }
}

void Scenario::act_mdns_announce(Device& d, std::uint64_t t) {
    if (d.mdns.empty()) return;
    const dns::MdnsHost host{d.mdns_host, d.ip, d.has_v6 ? std::optional<Ip6>(d.ll6) : std::nullopt};
    std::uint64_t at = t;
    for (const Bytes& m : dns::mdns_announce(host, d.mdns, 120)) {
        mdns_send(d, at, m);
        at += 1000 + d.rng.below(4000);
    }
}

void Scenario::act_mdns_query(Device& d, std::uint64_t t) {
    std::vector<std::string> types;
    for (const std::string_view s : split(d.profile->mdns_browse, ' ')) types.emplace_back(s);
    if (types.empty()) return;
    mdns_send(d, t, dns::mdns_query(types, false));
    int answered = 0;
    for (const std::string& type : types) {
        const auto it = site_.mdns_index.find({d.subnet, type});
        if (it == site_.mdns_index.end()) continue;
        for (const int idx : it->second) {
            if (answered >= kMaxMdnsResponders) break;
            Device& r = dev(idx);
            if (idx == d.index || !r.joined) continue;
            std::vector<dns::MdnsService> match;
            for (const dns::MdnsService& s : r.mdns)
                if (s.type == type) match.push_back(s);
            const dns::MdnsHost host{r.mdns_host, r.ip, r.has_v6 ? std::optional<Ip6>(r.ll6) : std::nullopt};
            std::uint64_t at = t + 20000 + d.rng.below(100000);
            for (const Bytes& m : dns::mdns_announce(host, match, 120)) {
                mdns_send(r, at, m);
                at += 500;
            }
            ++answered;
        }
    }
}

void Scenario::act_ssdp_search(Device& d, std::uint64_t t) {
    const std::string_view st = d.profile->ssdp_search;
    if (st.empty()) return;
    const std::uint16_t sport = static_cast<std::uint16_t>(49152 + d.rng.below(16384));
    const Bytes msg = app::ssdp_msearch(st, 1, {});
    for (int copy = 0; copy < 2; ++copy)
        send_udp_group(t + static_cast<std::uint64_t>(copy) * 100000, d, d.ip, kSsdpGroup, multicast_mac(kSsdpGroup),
                       d.vlan, sport, 1900, msg, 4);
    for (const int idx : site_.ssdp_by_subnet[static_cast<std::size_t>(d.subnet)]) {
        Device& r = dev(idx);
        if (!r.joined || idx == d.index) continue;
        bool match = false;
        for (const std::string_view nt : split(r.profile->ssdp_types, ' ')) match = match || nt == st;
        if (!match) continue;
        const std::uint64_t at = t + 10000 + d.rng.below(800000);
        const std::string usn = "uuid:" + r.uuid + "::" + std::string(st);
        send_udp(at, peer_of(r), 1900, peer_of(d), sport,
                 app::ssdp_response(st, expand(r.profile->ssdp_location, r), r.profile->ssdp_server, usn,
                                    app::http_date(kEpochUs + at)));
    }
}

void Scenario::act_ssdp_notify(Device& d, std::uint64_t t) {
    const std::string location = expand(d.profile->ssdp_location, d);
    std::uint64_t at = t;
    std::vector<std::string> nts;
    for (const std::string_view nt : split(d.profile->ssdp_types, ' ')) nts.emplace_back(nt);
    nts.push_back("uuid:" + d.uuid);
    for (const std::string& nt : nts) {
        const std::string usn = nt.starts_with("uuid:") ? nt : "uuid:" + d.uuid + "::" + nt;
        send_udp_group(at, d, d.ip, kSsdpGroup, multicast_mac(kSsdpGroup), d.vlan, 1900, 1900,
                       app::ssdp_notify(location, nt, d.profile->ssdp_server, usn), 4);
        at += 200 + d.rng.below(2000);
    }
}

void Scenario::act_ws_discovery(Device& d, std::uint64_t t) {
    const std::string xaddr = "http://" + d.ip.str() + "/onvif/device_service";
    std::string model(d.profile->model);
    std::replace(model.begin(), model.end(), ' ', '_');
    const std::string scopes = "onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/Profile/Streaming "
                               "onvif://www.onvif.org/hardware/" + model + " onvif://www.onvif.org/name/" +
                               std::string(d.profile->vendor);
    send_udp_group(t, d, d.ip, kSsdpGroup, multicast_mac(kSsdpGroup), d.vlan, 3702, 3702,
                   app::wsd_hello(d.uuid, app::uuid(d.rng), xaddr, scopes), 1);
}

// ---------------------------------------------------------------- link layer

void Scenario::act_lldp(Device& d, std::uint64_t t) {
    l2::LldpInfo in;
    in.chassis = d.mac;
    in.sys_name = d.hostname;
    in.sys_desc = std::string(d.profile->lldp_desc);
    in.mgmt = d.ip;
    if ((d.profile->roles & kRoleSwitch) != 0) {
        in.port_id = "9";
        in.port_desc = "9";
        in.caps = l2::kCapBridge | l2::kCapRouter;
        in.caps_enabled = l2::kCapBridge;
        in.mgmt_ifindex = 9;
        in.port_vlan = 1;
        in.mau_type = 30;
    } else {
        in.caps = l2::kCapBridge | l2::kCapTelephone;
        in.caps_enabled = l2::kCapTelephone;
        in.mgmt_ifindex = 1;
        in.mau_type = 16;
        in.med_class = 3;
        in.med_voice_vlan = d.vlan;
        in.med_hw = std::string(d.profile->model);
        in.med_fw = std::string(d.profile->os_version);
        in.med_sw = std::string(d.profile->os_version);
        in.med_serial = d.mac.hex(true);
        in.med_mfg = std::string(d.profile->vendor);
        in.med_model = std::string(d.profile->model);
    }
    emit(t, ethernet_frame(L2{d.mac, l2::kLldpMulticast, 0, 0}, kEtherLldp, l2::lldp_pdu(in)));
}

void Scenario::act_cdp(Device& d, std::uint64_t t) {
    l2::CdpInfo in;
    in.device_id = d.hostname;
    in.address = d.ip;
    in.software = std::string(d.profile->cdp_software);
    in.platform = std::string(d.profile->cdp_platform);
    if ((d.profile->roles & kRoleGateway) != 0) {
        in.port_id = "GigabitEthernet0/0/1";
        in.caps = l2::kCdpRouter | l2::kCdpSwitch | l2::kCdpIgmp;
        in.native_vlan = 1;
    } else {
        in.port_id = "Port 1";
        in.caps = l2::kCdpHost | l2::kCdpPhone | l2::kCdpTwoPortMacRelay;
        in.power_mw = 6300;
    }
    emit(t, ieee8023_frame(L2{d.mac, l2::kCdpMulticast, 0, 0}, l2::cdp_llc(in)));
}

void Scenario::act_stp(Device& d, std::uint64_t t) {
    l2::RstpInfo in;
    const bool root = d.index == site_.root_switch || site_.root_switch < 0;
    const Device& r = root ? d : dev(site_.root_switch);
    in.root_priority = 4096;
    in.root = r.mac;
    in.root_cost = root ? 0 : 20000;
    in.bridge_priority = root ? 4096 : 32768;
    in.bridge = d.mac;
    in.port_id = 0x8009;
    in.message_age = root ? 0 : 256;
    Mac port_mac = d.mac;
    port_mac.b[5] = static_cast<std::uint8_t>(port_mac.b[5] + 9);
    emit(t, ieee8023_frame(L2{port_mac, l2::kStpMulticast, 0, 0}, l2::rstp_llc(in)));
}

void Scenario::act_arp_refresh(Device& d, std::uint64_t t) {
    const Device& rt = router();
    const Ip4 gw = gateway_of(d);
    if (d.rng.chance(0.5)) {
        send_arp(t, d.vlan, 1, d.mac, d.ip, Mac{}, gw, Mac::broadcast());
        send_arp(t + 300 + d.rng.below(700), d.vlan, 2, rt.mac, gw, d.mac, d.ip, d.mac);
    } else {
        send_arp(t, d.vlan, 1, rt.mac, gw, Mac{}, d.ip, Mac::broadcast());
        send_arp(t + 200 + d.rng.below(900), d.vlan, 2, d.mac, d.ip, rt.mac, gw, rt.mac);
    }
}

void Scenario::act_dhcp_rebind(Device& d, std::uint64_t t) {
    if (d.profile->dhcp == nullptr) return;
    dhcp_request_ack(d, t, d.rng.u32());
    send_arp(t + 50000, d.vlan, 1, d.mac, d.ip, Mac{}, d.ip, Mac::broadcast());
}

// ---------------------------------------------------------------- file, print, remote admin

void Scenario::act_smb2(Device& d, std::uint64_t t) {
    const int fi = pick_role(d, kRoleFileServer);
    if (fi < 0) return;
    Device& f = dev(fi);
    std::uint64_t at = resolve_local(t, d, f);
    at = arp_resolve(at, d, f);
    Rng& r = d.rng;
    smb::Guid cg{}, sg{};
    Rng(fnv1a(d.uuid)).fill(cg.data(), cg.size());
    Rng(fnv1a(f.uuid)).fill(sg.data(), sg.size());
    const std::uint64_t ft = filetime(kEpochUs + at);
    const smb::OsVersion cv{d.profile->nt_major, d.profile->nt_minor, d.profile->nt_build};
    const smb::OsVersion sv{f.profile->nt_major, f.profile->nt_minor, f.profile->nt_build};
    const smb::ChallengeNames names{std::string(f.profile->netbios), f.hostname, site_.domain,
                                    f.hostname + "." + site_.domain};
    const std::uint64_t sid = r.next() & 0x0000ffffffffffffULL;
    const std::string user = lower(expand("{F}", d));
    std::vector<Msg> msgs;
    msgs.push_back({true, smb::nbss(smb::negotiate_request(0, cg, f.hostname, r)), 0});
    msgs.push_back({false, smb::nbss(smb::negotiate_response(0, 0x0311, sg, ft, r)), 300});
    msgs.push_back({true, smb::nbss(smb::session_setup_request(1, 0, smb::spnego_init(smb::ntlm_negotiate(cv)))), 200});
    msgs.push_back({false, smb::nbss(smb::session_setup_response(1, sid, smb::kStatusMoreProcessing,
                                                                 smb::spnego_response(smb::ntlm_challenge(sv, names, ft, r), 1))),
                    400});
    msgs.push_back({true, smb::nbss(smb::session_setup_request(
                              2, sid, smb::spnego_response(smb::ntlm_authenticate(cv, names, user, d.hostname, ft, r), -1))),
                    300});
    msgs.push_back({false, smb::nbss(smb::session_setup_response(2, sid, smb::kStatusOk, smb::spnego_response({}, 0))), 2000});
    msgs.push_back({true, smb::nbss(smb::tree_connect_request(3, sid, "\\\\" + f.hostname + "\\share", r)), 200});
    msgs.push_back({false, smb::nbss(smb::tree_connect_response(3, sid, 1 + r.u32() % 64, r)), 300});
    tcp_session(at, side(d, ephemeral_port(d)), side(f, 445), msgs);
}

void Scenario::act_smb1(Device& d, std::uint64_t t) {
    const int ni = pick_role(d, kRoleSmb1Server);
    if (ni < 0) return;
    Device& n = dev(ni);
    std::uint64_t at = resolve_local(t, d, n);
    at = arp_resolve(at, d, n);
    Rng& r = d.rng;
    static constexpr std::string_view kDialects[] = {"PC NETWORK PROGRAM 1.0", "LANMAN1.0", "Windows for Workgroups 3.1a",
                                                     "LM1.2X002", "LANMAN2.1", "NT LM 0.12"};
    smb::Guid sg{};
    Rng(fnv1a(n.uuid)).fill(sg.data(), sg.size());
    const std::uint64_t ft = filetime(kEpochUs + at);
    const smb::OsVersion cv{d.profile->nt_major, d.profile->nt_minor, d.profile->nt_build};
    const smb::OsVersion sv{n.profile->nt_major, n.profile->nt_minor, n.profile->nt_build};
    const smb::ChallengeNames names{std::string(n.profile->netbios), lower(n.hostname), site_.domain,
                                    n.hostname + "." + site_.domain};
    const auto pid = static_cast<std::uint16_t>(r.u16() | 1);
    const auto uid = static_cast<std::uint16_t>(100 + r.below(60000));
    std::vector<Msg> msgs;
    msgs.push_back({true, smb::nbss(smb::smb1_negotiate_request(kDialects, pid, 0)), 0});
    msgs.push_back({false, smb::nbss(smb::smb1_negotiate_response(5, sg, ft, pid, 0)), 500});
    msgs.push_back({true, smb::nbss(smb::smb1_session_setup_request(smb::spnego_init(smb::ntlm_negotiate(cv)),
                                                                     d.profile->smb_native_os, d.profile->smb_native_lm,
                                                                     pid, 1)),
                    200});
    msgs.push_back({false, smb::nbss(smb::smb1_session_setup_response(
                               smb::spnego_response(smb::ntlm_challenge(sv, names, ft, r), 1), smb::kStatusMoreProcessing,
                               uid, n.profile->smb_native_os, n.profile->smb_native_lm, pid, 1)),
                    600});
    msgs.push_back({true, smb::nbss(smb::smb1_session_setup_request(
                              smb::spnego_response(smb::ntlm_authenticate(cv, names, "pos", d.hostname, ft, r), -1),
                              d.profile->smb_native_os, d.profile->smb_native_lm, pid, 2)),
                    300});
    msgs.push_back({false, smb::nbss(smb::smb1_session_setup_response(smb::spnego_response({}, 0), smb::kStatusOk, uid,
                                                                      n.profile->smb_native_os, n.profile->smb_native_lm,
                                                                      pid, 2)),
                    3000});
    tcp_session(at, side(d, ephemeral_port(d)), side(n, 445), msgs);
    d.risky.insert("smbv1");
    n.risky.insert("smbv1");
}

void Scenario::act_ssh(Device& d, std::uint64_t t) {
    const auto it = site_.by_role.find(kRoleSshServer);
    if (it == site_.by_role.end() || it->second.empty()) return;
    Device& s = dev(it->second[(d.counter++ + static_cast<std::size_t>(d.index)) % it->second.size()]);
    if (s.index == d.index || !s.joined) return;
    std::uint64_t at = resolve_local(t, d, s);
    at = arp_resolve(at, d, s);
    Rng& r = d.rng;
    const app::SshAlgorithms& calg = d.profile->ssh != nullptr ? *d.profile->ssh : openssh_server_algorithms();
    std::vector<Msg> msgs;
    msgs.push_back({false, app::ssh_banner(s.profile->ssh_banner), 0});
    msgs.push_back({true, app::ssh_banner(d.profile->ssh_banner), 300});
    msgs.push_back({true, app::ssh_kexinit(calg, r), 50});
    msgs.push_back({false, app::ssh_kexinit(openssh_server_algorithms(), r), 200});
    const bool pq = app::ssh_negotiate(calg.kex, openssh_server_algorithms().kex) == "sntrup761x25519-sha512@openssh.com";
    msgs.push_back({true, app::ssh_ecdh_init(pq ? 1190 : 32, r), 300});
    msgs.push_back({false, cat(app::ssh_ecdh_reply(pq ? 1071 : 32, r), app::ssh_newkeys(r)), 3000});
    msgs.push_back({true, cat(app::ssh_newkeys(r), app::ssh_encrypted(18, r)), 600});
    msgs.push_back({false, app::ssh_encrypted(18, r), 300});
    msgs.push_back({true, app::ssh_encrypted(380, r), 2000});
    msgs.push_back({false, app::ssh_encrypted(20, r), 1500});
    const int keys = 5 + static_cast<int>(r.below(25));
    for (int k = 0; k < keys; ++k) {
        msgs.push_back({true, app::ssh_encrypted(20, r), static_cast<std::uint32_t>(150000 + r.below(900000))});
        msgs.push_back({false, app::ssh_encrypted(r.chance(0.2) ? 200 + r.below(3000) : 20, r), 800});
    }
    msgs.push_back({true, app::ssh_encrypted(30, r), 500000});
    tcp_session(at, side(d, ephemeral_port(d)), side(s, 22), msgs);
}

void Scenario::act_intranet_http(Device& d, std::uint64_t t) {
    const int wi = pick_role(d, kRoleWebServer);
    if (wi < 0) return;
    Device& w = dev(wi);
    std::uint64_t at = resolve_local(t, d, w);
    at = arp_resolve(at, d, w);
    static constexpr const char* kPaths[] = {"/", "/wiki/Main_Page", "/status", "/api/v1/health", "/static/app.js",
                                             "/reports/weekly.html"};
    const std::uint16_t port = w.profile->http_port;
    const std::string host = w.hostname + "." + site_.domain + (port == 80 ? "" : ":" + std::to_string(port));
    std::vector<Msg> msgs;
    const int n = 1 + static_cast<int>(d.rng.below(3));
    for (int k = 0; k < n; ++k) {
        const char* path = kPaths[d.rng.below(std::size(kPaths))];
        msgs.push_back({true, app::http_request("GET", path, "HTTP/1.1",
                                                {{"Host", host}, {"Connection", "keep-alive"},
                                                 {"User-Agent", std::string(d.profile->user_agent)},
                                                 {"Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
                                                 {"Accept-Encoding", "gzip, deflate"}, {"Accept-Language", "en-US,en;q=0.9"}}),
                        static_cast<std::uint32_t>(k == 0 ? 0 : 200000 + d.rng.below(2000000))});
        msgs.push_back({false, app::http_response("HTTP/1.1", 200, "OK",
                                                  {{"Server", std::string(w.profile->http_server)},
                                                   {"Date", app::http_date(kEpochUs + at)},
                                                   {"Content-Type", "text/html; charset=utf-8"},
                                                   {"Connection", "keep-alive"}},
                                                  800 + d.rng.below(15000), d.rng),
                        static_cast<std::uint32_t>(500 + d.rng.below(5000))});
    }
    tcp_session(at, side(d, ephemeral_port(d)), side(w, port), msgs);
}

void Scenario::act_camera_http(Device& d, std::uint64_t t) {
    const auto it = site_.by_role.find(kRoleCamera);
    if (it == site_.by_role.end() || it->second.empty()) return;
    Device& cam = dev(it->second[(d.counter++ + 1) % it->second.size()]);
    if (!cam.joined || cam.profile->http_probe.empty()) return;
    Rng& r = d.rng;
    const std::uint64_t at = arp_resolve(t, d, cam);
    const std::string path(cam.profile->http_probe);
    const std::string server(cam.profile->http_server);
    const std::string date = app::http_date(kEpochUs + at);
    const std::string nonce = hex_token(r, 32);
    const std::string realm = std::string(cam.profile->vendor) + " IP Camera";
    const app::Headers base{{"Host", cam.ip.str()}, {"User-Agent", "python-requests/2.31.0"},
                            {"Accept-Encoding", "gzip, deflate"}, {"Accept", "*/*"}, {"Connection", "keep-alive"}};
    app::Headers with_auth = base;
    with_auth.emplace_back("Authorization", "Digest username=\"admin\", realm=\"" + realm + "\", nonce=\"" + nonce +
                                                "\", uri=\"" + path + "\", response=\"" + hex_token(r, 32) +
                                                "\", qop=\"auth\", nc=00000001, cnonce=\"" + hex_token(r, 16) + "\"");
    const std::string body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DeviceInfo version=\"2.0\">\n<deviceName>" +
                             std::string(cam.profile->kind) + "</deviceName>\n<deviceID>" + cam.uuid +
                             "</deviceID>\n<model>" + std::string(cam.profile->model) + "</model>\n<macAddress>" +
                             cam.mac.str() + "</macAddress>\n<firmwareVersion>" + std::string(cam.profile->os_version) +
                             "</firmwareVersion>\n<deviceType>IPCamera</deviceType>\n</DeviceInfo>\n";
    std::vector<Msg> msgs;
    msgs.push_back({true, app::http_request("GET", path, "HTTP/1.1", base), 0});
    msgs.push_back({false, app::http_response("HTTP/1.1", 401, "Unauthorized",
                                              {{"Date", date}, {"Server", server},
                                               {"WWW-Authenticate", "Digest qop=\"auth\", realm=\"" + realm +
                                                                        "\", nonce=\"" + nonce + "\", stale=\"FALSE\""},
                                               {"Content-Type", "text/html"}},
                                              160, r),
                    1500});
    msgs.push_back({true, app::http_request("GET", path, "HTTP/1.1", with_auth), 1500});
    msgs.push_back({false, app::http_response("HTTP/1.1", 200, "OK",
                                              {{"Date", date}, {"Server", server}, {"Content-Type", "application/xml"},
                                               {"Connection", "close"}},
                                              0, r, body),
                    6000});
    tcp_session(at, side(d, ephemeral_port(d)), side(cam, 80), msgs, true);
}

void Scenario::act_print_job(Device& d, std::uint64_t t) {
    const int pi = pick_role(d, kRolePrinter);
    if (pi < 0) return;
    Device& p = dev(pi);
    const std::uint64_t at = arp_resolve(t, d, p);
    Writer job;
    job.str("\x1b%-12345X@PJL JOB NAME=\"Document ").str(std::to_string(d.rng.below(1000))).str("\"\r\n");
    job.str("@PJL SET RESOLUTION=600\r\n@PJL SET COPIES=1\r\n@PJL ENTER LANGUAGE=PCL\r\n\x1b" "E");
    job.random(d.rng, 12000 + d.rng.below(40000));
    job.str("\x1b" "E\x1b%-12345X@PJL EOJ\r\n\x1b%-12345X");
    std::vector<Msg> msgs;
    msgs.push_back({true, job.take(), 0});
    tcp_session(at, side(d, ephemeral_port(d)), side(p, 9100), msgs);
}

void Scenario::act_ipp_query(Device& d, std::uint64_t t) {
    const int pi = pick_role(d, kRolePrinter);
    if (pi < 0) return;
    Device& p = dev(pi);
    const std::uint64_t at = arp_resolve(t, d, p);
    const std::string host = p.ip.str() + ":631";
    const auto req_id = static_cast<std::uint32_t>(1 + d.rng.below(1000));
    const Bytes ipp = app::ipp_get_printer_attributes(req_id, "ipp://" + host + "/ipp/print");
    const Bytes resp = app::ipp_printer_attributes(req_id, p.profile->model, p.hostname);
    std::vector<Msg> msgs;
    msgs.push_back({true, app::http_request("POST", "/ipp/print", "HTTP/1.1",
                                            {{"Content-Length", std::to_string(ipp.size())},
                                             {"Content-Type", "application/ipp"}, {"Host", host},
                                             {"User-Agent", "CUPS/2.3.4 (macOS 14.2.1; x86_64) IPP/2.0"}},
                                            as_text(ipp)),
                    0});
    msgs.push_back({false, app::http_response("HTTP/1.1", 200, "OK",
                                              {{"Server", expand(p.profile->http_server, p)},
                                               {"Content-Type", "application/ipp"}},
                                              0, d.rng, as_text(resp)),
                    4000});
    tcp_session(at, side(d, ephemeral_port(d)), side(p, 631), msgs);
}

void Scenario::act_lpd_job(Device& d, std::uint64_t t) {
    const int pi = pick_role(d, kRolePrinter);
    if (pi < 0) return;
    Device& p = dev(pi);
    const std::uint64_t at = arp_resolve(t, d, p);
    const std::string job = std::to_string(100 + d.rng.below(900));
    const std::string host = d.hostname.empty() ? "client" : d.hostname;
    const std::string control = "H" + host + "\nPuser\nJreport.ps\nldfA" + job + host + "\nUdfA" + job + host +
                                "\nNreport.ps\n";
    Writer data;
    data.str("%!PS-Adobe-3.0\n%%Title: report.ps\n").random(d.rng, 3000 + d.rng.below(8000)).str("\n%%EOF\n");
    const Bytes body = data.take();
    const Bytes zero{0};
    std::vector<Msg> msgs;
    msgs.push_back({true, text("\x02lp\n"), 0});
    msgs.push_back({false, zero, 200});
    msgs.push_back({true, text("\x02" + std::to_string(control.size()) + " cfA" + job + host + "\n"), 100});
    msgs.push_back({false, zero, 200});
    msgs.push_back({true, cat(text(control), zero), 100});
    msgs.push_back({false, zero, 300});
    msgs.push_back({true, text("\x03" + std::to_string(body.size()) + " dfA" + job + host + "\n"), 100});
    msgs.push_back({false, zero, 200});
    msgs.push_back({true, cat(body, zero), 100});
    msgs.push_back({false, zero, 2000});
    TcpSide c = side(d, static_cast<std::uint16_t>(721 + d.rng.below(11)));  // RFC 1179: source port 721-731
    tcp_session(at, c, side(p, 515), msgs);
}

void Scenario::act_snmp_poll(Device& d, std::uint64_t t) {
    if (d.served.empty()) return;
    std::uint64_t at = t;
    const std::size_t n = std::min(d.served.size(), kMaxSnmpAgentsPerPoll);
    for (std::size_t k = 0; k < n; ++k) {
        Device& a = dev(d.served[(d.counter++) % d.served.size()]);
        if (!a.joined) continue;
        at = arp_resolve(at, d, a);
        const auto req_id = static_cast<std::int32_t>(d.rng.below(0x7fffffff));
        const std::uint16_t sport = ephemeral_port(d);
        const app::VarBind q[] = {{"1.3.6.1.2.1.1.1.0", app::VarBind::Kind::kNull, {}, 0},
                                  {"1.3.6.1.2.1.1.2.0", app::VarBind::Kind::kNull, {}, 0},
                                  {"1.3.6.1.2.1.1.3.0", app::VarBind::Kind::kNull, {}, 0},
                                  {"1.3.6.1.2.1.1.5.0", app::VarBind::Kind::kNull, {}, 0}};
        send_udp(at, peer_of(d), sport, peer_of(a), 161, app::snmp_message("public", app::kSnmpGet, req_id, q));
        const auto uptime = static_cast<std::int64_t>((at - std::min(at, a.join_us)) / 10000 + 8640000);
        const app::VarBind resp[] = {
            {"1.3.6.1.2.1.1.1.0", app::VarBind::Kind::kOctets, expand(a.profile->snmp_descr, a), 0},
            {"1.3.6.1.2.1.1.2.0", app::VarBind::Kind::kOid, std::string(a.profile->snmp_oid), 0},
            {"1.3.6.1.2.1.1.3.0", app::VarBind::Kind::kTimeTicks, {}, uptime},
            {"1.3.6.1.2.1.1.5.0", app::VarBind::Kind::kOctets, a.hostname, 0}};
        send_udp(at + 800 + d.rng.below(5000), peer_of(a), 161, peer_of(d), sport,
                 app::snmp_message("public", app::kSnmpResponse, req_id, resp));
        a.risky.insert("snmp-public");
        at += 20000 + d.rng.below(30000);
    }
}

// ---------------------------------------------------------------- risky admin sessions

void Scenario::act_telnet_login(Device& d, std::uint64_t t) {
    const auto it = site_.by_role.find(kRoleTelnet);
    if (it == site_.by_role.end() || it->second.empty()) return;
    Device& cam = dev(it->second[(d.counter++ + static_cast<std::size_t>(d.index)) % it->second.size()]);
    if (!cam.joined) return;
    const std::uint64_t at = arp_resolve(t, d, cam);
    std::vector<Msg> msgs;
    msgs.push_back({false, app::telnet_server_options(), 0});
    msgs.push_back({true, app::telnet_client_options(), 400});
    msgs.push_back({false, text("\r\n(none) login: "), 5000});
    auto type_chars = [&](std::string_view s, bool echo) {
        for (const char c : s) {
            msgs.push_back({true, text(std::string(1, c)), static_cast<std::uint32_t>(90000 + d.rng.below(200000))});
            if (echo) msgs.push_back({false, text(std::string(1, c)), 300});
        }
        msgs.push_back({true, text("\r\n"), static_cast<std::uint32_t>(100000 + d.rng.below(300000))});
    };
    type_chars("admin", true);
    msgs.push_back({false, text("\r\nPassword: "), 2000});
    type_chars("12345", false);
    msgs.push_back({false, text("\r\n\r\nBusyBox v1.19.4 (2016-05-30 10:45:17 CST) built-in shell (ash)\r\n"
                                "Enter 'help' for a list of built-in commands.\r\n\r\n# "),
                    400000});
    msgs.push_back({true, text("cat /proc/version\r\n"), 1500000});
    msgs.push_back({false, text("cat /proc/version\r\nLinux version 3.0.8 (hikvision@build) (gcc version 4.4.1) "
                                "#1 Mon May 30 10:32:00 CST 2016\r\n# "),
                    3000});
    msgs.push_back({true, text("exit\r\n"), 2000000});
    msgs.push_back({false, text("exit\r\n"), 1000});
    tcp_session(at, side(d, ephemeral_port(d)), side(cam, 23), msgs, true);
    cam.risky.insert("telnet-server");
    d.risky.insert("telnet-client");
}

void Scenario::act_ftp_login(Device& d, std::uint64_t t) {
    const int ni = pick_role(d, kRoleFtpServer);
    if (ni < 0) return;
    Device& n = dev(ni);
    std::uint64_t at = resolve_local(t, d, n);
    at = arp_resolve(at, d, n);
    std::vector<Msg> msgs;
    msgs.push_back({false, text("220 " + n.hostname + " FTP server ready.\r\n"), 0});
    msgs.push_back({true, text("USER backup\r\n"), 2000});
    msgs.push_back({false, text("331 Password required for backup.\r\n"), 500});
    msgs.push_back({true, text("PASS Backup2024!\r\n"), 3000});
    msgs.push_back({false, text("230 User backup logged in.\r\n"), 30000});
    msgs.push_back({true, text("SYST\r\n"), 1000});
    msgs.push_back({false, text("215 UNIX Type: L8\r\n"), 300});
    msgs.push_back({true, text("PWD\r\n"), 1000});
    msgs.push_back({false, text("257 \"/\" is current directory.\r\n"), 300});
    msgs.push_back({true, text("QUIT\r\n"), 400000});
    msgs.push_back({false, text("221 Goodbye.\r\n"), 300});
    tcp_session(at, side(d, ephemeral_port(d)), side(n, 21), msgs, true);
    d.risky.insert("ftp-login");
    n.risky.insert("ftp-server");
}

void Scenario::act_http_basic(Device& d, std::uint64_t t) {
    const int pi = pick_role(d, kRolePrinter);
    if (pi < 0) return;
    Device& p = dev(pi);
    const std::uint64_t at = arp_resolve(t, d, p);
    const std::string host = p.ip.str();
    const std::string server = expand(p.profile->http_server, p);
    const std::string date = app::http_date(kEpochUs + at);
    const app::Headers base{{"Host", host}, {"User-Agent", "curl/7.81.0"}, {"Accept", "*/*"}};
    app::Headers with_auth = base;
    with_auth.emplace_back("Authorization", "Basic YWRtaW46YWRtaW4=");  // admin:admin
    std::vector<Msg> msgs;
    msgs.push_back({true, app::http_request("GET", "/hp/device/DeviceStatus/Index", "HTTP/1.1", base), 0});
    msgs.push_back({false, app::http_response("HTTP/1.1", 401, "Unauthorized",
                                              {{"Server", server}, {"Date", date},
                                               {"WWW-Authenticate", "Basic realm=\"Embedded Web Server\""},
                                               {"Content-Type", "text/html"}},
                                              120, d.rng),
                    2000});
    msgs.push_back({true, app::http_request("GET", "/hp/device/DeviceStatus/Index", "HTTP/1.1", with_auth), 300000});
    msgs.push_back({false, app::http_response("HTTP/1.1", 200, "OK",
                                              {{"Server", server}, {"Date", date}, {"Content-Type", "text/html"}},
                                              3000 + d.rng.below(6000), d.rng),
                    20000});
    tcp_session(at, side(d, ephemeral_port(d)), side(p, 80), msgs);
    d.risky.insert("http-basic-auth");
    p.risky.insert("http-basic-auth-server");
}

void Scenario::act_camera_https(Device& d, std::uint64_t t) {
    const auto it = site_.by_role.find(kRoleSelfSignedTls);
    if (it == site_.by_role.end() || it->second.empty()) return;
    Device& cam = dev(it->second[(d.counter++ + static_cast<std::size_t>(d.index)) % it->second.size()]);
    if (!cam.joined) return;
    tls::ServerPolicy pol;
    pol.max_version = tls::kTls12;
    pol.prefs = {0xc02b, 0xc02c, 0xc02f, 0xc030, 0xc009};
    pol.chain = self_signed_chain(cam);
    const tls::Stack stack = d.profile->tls_system != tls::Stack::kNone ? d.profile->tls_system : d.profile->tls;
    const std::uint64_t at = arp_resolve(t, d, cam);
    tls_session(at, d, stack, side(cam, 443), {}, pol, 400 + d.rng.below(300), 2000 + d.rng.below(8000), 2);
    cam.risky.insert("self-signed-cert");
}

// ---------------------------------------------------------------- voice and video

void Scenario::act_sip_register(Device& d, std::uint64_t t) {
    const int pi = pick_role(d, kRolePbx);
    if (pi < 0) return;
    Device& pbx = dev(pi);
    const std::uint64_t at = arp_resolve(t, d, pbx);
    Rng& r = d.rng;
    const std::string ext = std::to_string(1000 + d.index);
    const std::string pbx_ip = pbx.ip.str();
    const std::string me = d.ip.str();
    const std::string call_id = hex_token(r, 16) + "@" + me;
    const std::string tag = hex_token(r, 10);
    const std::string nonce = hex_token(r, 8);
    auto reg = [&](int cseq, bool auth) {
        app::SipMessage m;
        m.start_line = "REGISTER sip:" + pbx_ip + " SIP/2.0";
        m.headers = {{"Via", "SIP/2.0/UDP " + me + ":5060;branch=z9hG4bK" + hex_token(r, 10) + ";rport"},
                     {"From", "\"" + ext + "\" <sip:" + ext + "@" + pbx_ip + ">;tag=" + tag},
                     {"To", "\"" + ext + "\" <sip:" + ext + "@" + pbx_ip + ">"},
                     {"Call-ID", call_id},
                     {"CSeq", std::to_string(cseq) + " REGISTER"},
                     {"Contact", "<sip:" + ext + "@" + me + ":5060>"},
                     {"Max-Forwards", "70"},
                     {"User-Agent", std::string(d.profile->sip_ua)},
                     {"Expires", "300"},
                     {"Allow", "INVITE, ACK, OPTIONS, CANCEL, BYE, REFER, NOTIFY, INFO, UPDATE, MESSAGE"}};
        if (auth)
            m.headers.emplace_back("Authorization", "Digest username=\"" + ext + "\", realm=\"asterisk\", nonce=\"" +
                                                        nonce + "\", uri=\"sip:" + pbx_ip + "\", response=\"" +
                                                        hex_token(r, 32) + "\", algorithm=MD5");
        return app::sip_encode(m);
    };
    auto reply = [&](int cseq, int code, std::string_view reason, bool challenge) {
        app::SipMessage m;
        m.start_line = "SIP/2.0 " + std::to_string(code) + " " + std::string(reason);
        m.headers = {{"Via", "SIP/2.0/UDP " + me + ":5060;branch=z9hG4bK" + hex_token(r, 10) + ";received=" + me + ";rport=5060"},
                     {"From", "\"" + ext + "\" <sip:" + ext + "@" + pbx_ip + ">;tag=" + tag},
                     {"To", "\"" + ext + "\" <sip:" + ext + "@" + pbx_ip + ">;tag=as" + hex_token(r, 8)},
                     {"Call-ID", call_id},
                     {"CSeq", std::to_string(cseq) + " REGISTER"},
                     {"Server", std::string(pbx.profile->sip_ua)},
                     {"Allow", "INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, SUBSCRIBE, NOTIFY, INFO, PUBLISH, MESSAGE"}};
        if (challenge) {
            m.headers.emplace_back("WWW-Authenticate", "Digest algorithm=MD5, realm=\"asterisk\", nonce=\"" + nonce + "\"");
        } else {
            m.headers.emplace_back("Expires", "300");
            m.headers.emplace_back("Contact", "<sip:" + ext + "@" + me + ":5060>;expires=300");
            m.headers.emplace_back("Date", app::http_date(kEpochUs + at));
        }
        return app::sip_encode(m);
    };
    const Peer ph = peer_of(d), px = peer_of(pbx);
    send_udp(at, ph, 5060, px, 5060, reg(1, false), kTosSip);
    send_udp(at + 900 + r.below(2000), px, 5060, ph, 5060, reply(1, 401, "Unauthorized", true), kTosSip);
    const std::uint64_t t2 = at + 20000 + r.below(30000);
    send_udp(t2, ph, 5060, px, 5060, reg(2, true), kTosSip);
    send_udp(t2 + 900 + r.below(2000), px, 5060, ph, 5060, reply(2, 200, "OK", false), kTosSip);
}

void Scenario::act_sip_options(Device& d, std::uint64_t t) {
    std::uint64_t at = t;
    for (const int pi : d.served) {
        Device& ph = dev(pi);
        if (!ph.joined) continue;
        Rng& r = d.rng;
        const std::string ext = std::to_string(1000 + ph.index);
        const std::string me = d.ip.str();
        const std::string call_id = hex_token(r, 32) + "@" + me + ":5060";
        const std::string branch = "z9hG4bK" + hex_token(r, 8);
        const std::string tag = "as" + hex_token(r, 8);
        app::SipMessage req;
        req.start_line = "OPTIONS sip:" + ext + "@" + ph.ip.str() + ":5060 SIP/2.0";
        req.headers = {{"Via", "SIP/2.0/UDP " + me + ":5060;branch=" + branch + ";rport"},
                       {"Max-Forwards", "70"},
                       {"From", "\"asterisk\" <sip:asterisk@" + me + ">;tag=" + tag},
                       {"To", "<sip:" + ext + "@" + ph.ip.str() + ":5060>"},
                       {"Contact", "<sip:asterisk@" + me + ":5060>"},
                       {"Call-ID", call_id},
                       {"CSeq", "102 OPTIONS"},
                       {"User-Agent", std::string(d.profile->sip_ua)},
                       {"Date", app::http_date(kEpochUs + at)},
                       {"Allow", "INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, SUBSCRIBE, NOTIFY, INFO, PUBLISH, MESSAGE"},
                       {"Supported", "replaces, timer"}};
        app::SipMessage ok;
        ok.start_line = "SIP/2.0 200 OK";
        ok.headers = {{"Via", "SIP/2.0/UDP " + me + ":5060;branch=" + branch + ";rport=5060"},
                      {"From", "\"asterisk\" <sip:asterisk@" + me + ">;tag=" + tag},
                      {"To", "<sip:" + ext + "@" + ph.ip.str() + ":5060>;tag=" + hex_token(r, 10)},
                      {"Call-ID", call_id},
                      {"CSeq", "102 OPTIONS"},
                      {"User-Agent", std::string(ph.profile->sip_ua)},
                      {"Allow", "INVITE, INFO, PRACK, ACK, BYE, CANCEL, OPTIONS, NOTIFY, REGISTER, SUBSCRIBE, REFER, PUBLISH, UPDATE, MESSAGE"},
                      {"Accept", "application/sdp"}};
        at = arp_resolve(at, d, ph);
        send_udp(at, peer_of(d), 5060, peer_of(ph), 5060, app::sip_encode(req), kTosSip);
        send_udp(at + 2000 + r.below(8000), peer_of(ph), 5060, peer_of(d), 5060, app::sip_encode(ok), kTosSip);
        at += 500 + r.below(3000);
    }
}

void Scenario::act_sip_call(Device& d, std::uint64_t t) {
    const int pi = pick_role(d, kRolePbx);
    if (pi < 0) return;
    Device& pbx = dev(pi);
    Rng& r = d.rng;
    const std::uint64_t at = arp_resolve(t, d, pbx);
    const std::string ext = std::to_string(1000 + d.index);
    const std::string callee = "9" + std::to_string(5550000 + r.below(9999));
    const std::string me = d.ip.str();
    const std::string pbx_ip = pbx.ip.str();
    const std::string call_id = hex_token(r, 20) + "@" + me;
    const std::string ftag = hex_token(r, 10);
    const std::string ttag = "as" + hex_token(r, 8);
    const std::string branch = "z9hG4bK" + hex_token(r, 10);
    const auto phone_rtp = static_cast<std::uint16_t>(11780 + 2 * r.below(10));
    const auto pbx_rtp = static_cast<std::uint16_t>(10000 + 2 * r.below(5000));
    const int pt = d.profile->vendor == "Poly" ? 9 : 0;
    const int offer[] = {pt, pt == 0 ? 8 : 0};
    const int answer[] = {pt};
    const Peer ph = peer_of(d), px = peer_of(pbx);
    auto msg = [&](std::string start, int cseq, std::string_view method, bool to_tag, std::string body,
                   bool from_phone) {
        app::SipMessage m;
        m.start_line = std::move(start);
        m.headers = {{"Via", "SIP/2.0/UDP " + me + ":5060;branch=" + branch + ";rport"},
                     {"From", "\"" + ext + "\" <sip:" + ext + "@" + pbx_ip + ">;tag=" + ftag},
                     {"To", "<sip:" + callee + "@" + pbx_ip + ">" + (to_tag ? ";tag=" + ttag : std::string{})},
                     {"Call-ID", call_id},
                     {"CSeq", std::to_string(cseq) + " " + std::string(method)}};
        if (from_phone) {
            m.headers.emplace_back("Contact", "<sip:" + ext + "@" + me + ":5060>");
            m.headers.emplace_back("Max-Forwards", "70");
            m.headers.emplace_back("User-Agent", std::string(d.profile->sip_ua));
        } else {
            m.headers.emplace_back("Contact", "<sip:" + callee + "@" + pbx_ip + ":5060>");
            m.headers.emplace_back("Server", std::string(pbx.profile->sip_ua));
        }
        if (!body.empty()) m.headers.emplace_back("Content-Type", "application/sdp");
        m.body = std::move(body);
        return app::sip_encode(m);
    };
    const std::string invite_uri = "INVITE sip:" + callee + "@" + pbx_ip + " SIP/2.0";
    send_udp(at, ph, 5060, px, 5060,
             msg(invite_uri, 1, "INVITE", false, app::sdp(ext, r.below(1u << 30), d.ip, phone_rtp, offer), true), kTosSip);
    send_udp(at + 1500, px, 5060, ph, 5060, msg("SIP/2.0 100 Trying", 1, "INVITE", false, {}, false), kTosSip);
    const std::uint64_t ring = at + 60000 + r.below(500000);
    send_udp(ring, px, 5060, ph, 5060, msg("SIP/2.0 180 Ringing", 1, "INVITE", true, {}, false), kTosSip);
    const std::uint64_t answered = ring + 1500000 + r.below(4000000);
    send_udp(answered, px, 5060, ph, 5060,
             msg("SIP/2.0 200 OK", 1, "INVITE", true, app::sdp("asterisk", r.below(1u << 30), pbx.ip, pbx_rtp, answer), false),
             kTosSip);
    send_udp(answered + 3000, ph, 5060, px, 5060,
             msg("ACK sip:" + callee + "@" + pbx_ip + ":5060 SIP/2.0", 1, "ACK", true, {}, true), kTosSip);
    // RTP both ways, 20 ms packets.
    const std::uint64_t talk_us = 6000000 + r.below(9000000);
    const std::uint32_t ssrc_a = r.u32(), ssrc_b = r.u32();
    std::uint16_t seq_a = r.u16(), seq_b = r.u16();
    std::uint32_t ts_a = r.u32(), ts_b = r.u32();
    const std::uint64_t start = answered + 20000;
    for (std::uint64_t off = 0; off < talk_us; off += 20000) {
        const bool first = off == 0;
        send_udp(start + off, ph, phone_rtp, px, pbx_rtp,
                 app::rtp(static_cast<std::uint8_t>(pt), first, seq_a++, ts_a, ssrc_a, 160, r), kTosRtp);
        send_udp(start + off + 7000 + r.below(600), px, pbx_rtp, ph, phone_rtp,
                 app::rtp(static_cast<std::uint8_t>(pt), first, seq_b++, ts_b, ssrc_b, 160, r), kTosRtp);
        ts_a += 160;
        ts_b += 160;
    }
    const std::uint64_t bye = start + talk_us + 5000;
    send_udp(bye, ph, 5060, px, 5060, msg("BYE sip:" + callee + "@" + pbx_ip + ":5060 SIP/2.0", 2, "BYE", true, {}, true),
             kTosSip);
    send_udp(bye + 2000, px, 5060, ph, 5060, msg("SIP/2.0 200 OK", 2, "BYE", true, {}, false), kTosSip);
}

void Scenario::act_rtsp_pull(Device& d, std::uint64_t t) {
    const auto it = site_.by_role.find(kRoleCamera);
    if (it == site_.by_role.end() || it->second.empty()) return;
    Device& cam = dev(it->second[(d.counter++) % it->second.size()]);
    if (!cam.joined) return;
    Rng& r = d.rng;
    const std::uint64_t at = arp_resolve(t, d, cam);
    const std::string url = "rtsp://" + cam.ip.str() + ":554/Streaming/Channels/102";
    const std::string date = app::http_date(kEpochUs + at);
    const std::string nonce = hex_token(r, 32);
    const std::string realm = std::string(cam.profile->vendor) + " IP Camera";
    const std::string session = std::to_string(100000000 + r.below(900000000));
    const std::string auth = "Digest username=\"admin\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" +
                             url + "\", response=\"" + hex_token(r, 32) + "\"";
    auto req = [&](std::string_view method, std::string_view uri, int cseq, std::vector<std::string> extra) {
        std::string s = std::string(method) + " " + std::string(uri) + " RTSP/1.0\r\nCSeq: " + std::to_string(cseq) + "\r\n";
        for (const std::string& h : extra) s += h + "\r\n";
        s += "User-Agent: Lavf60.3.100\r\n\r\n";
        return text(s);
    };
    auto rep = [&](int code, std::string_view reason, int cseq, std::vector<std::string> extra, std::string body = {}) {
        std::string s = "RTSP/1.0 " + std::to_string(code) + " " + std::string(reason) + "\r\nCSeq: " + std::to_string(cseq) + "\r\n";
        for (const std::string& h : extra) s += h + "\r\n";
        s += "Date: " + date + "\r\n";
        if (!body.empty()) s += "Content-Length: " + std::to_string(body.size()) + "\r\n";
        s += "\r\n" + body;
        return text(s);
    };
    const std::uint32_t ssrc = r.u32();
    const std::string sdp = "v=0\r\no=- 1109162014219182 1109162014219192 IN IP4 " + cam.ip.str() +
                            "\r\ns=Media Presentation\r\ne=NONE\r\nb=AS:1088\r\nt=0 0\r\na=control:" + url +
                            "/\r\nm=video 0 RTP/AVP 96\r\nc=IN IP4 0.0.0.0\r\nb=AS:1024\r\na=recvonly\r\n"
                            "a=x-dimensions:640,360\r\na=control:" + url + "/trackID=1\r\na=rtpmap:96 H264/90000\r\n"
                            "a=fmtp:96 profile-level-id=420029; packetization-mode=1; sprop-parameter-sets=Z00AHpWoKA9k,aO48gA==\r\n";
    std::vector<Msg> msgs;
    msgs.push_back({true, req("OPTIONS", url, 1, {}), 0});
    msgs.push_back({false, rep(200, "OK", 1, {"Public: OPTIONS, DESCRIBE, PLAY, PAUSE, SETUP, TEARDOWN, SET_PARAMETER, GET_PARAMETER"}), 2000});
    msgs.push_back({true, req("DESCRIBE", url, 2, {"Accept: application/sdp"}), 500});
    msgs.push_back({false, rep(401, "Unauthorized", 2, {"WWW-Authenticate: Digest realm=\"" + realm + "\", nonce=\"" + nonce + "\", stale=\"FALSE\""}), 2000});
    msgs.push_back({true, req("DESCRIBE", url, 3, {"Accept: application/sdp", "Authorization: " + auth}), 500});
    msgs.push_back({false, rep(200, "OK", 3, {"Content-Type: application/sdp", "Content-Base: " + url + "/"}, sdp), 8000});
    msgs.push_back({true, req("SETUP", url + "/trackID=1", 4, {"Transport: RTP/AVP/TCP;unicast;interleaved=0-1", "Authorization: " + auth}), 500});
    msgs.push_back({false, rep(200, "OK", 4, {"Session: " + session + ";timeout=60",
                                             "Transport: RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=" + hex_token(r, 8) + ";mode=\"play\""}),
                    3000});
    msgs.push_back({true, req("PLAY", url, 5, {"Range: npt=0.000-", "Session: " + session, "Authorization: " + auth}), 500});
    std::uint16_t seq = r.u16();
    std::uint32_t ts = r.u32();
    msgs.push_back({false, rep(200, "OK", 5, {"Session: " + session, "RTP-Info: url=" + url + "/trackID=1;seq=" +
                                             std::to_string(seq) + ";rtptime=" + std::to_string(ts)}),
                    20000});
    const int frames = 45 + static_cast<int>(r.below(45));  // 3-6 s at 15 fps
    for (int f = 0; f < frames; ++f) {
        const bool key = f % 30 == 0;
        std::size_t left = key ? 14000 + r.below(8000) : 700 + r.below(2500);
        Bytes frame;
        bool first = true;
        while (left > 0) {
            const std::size_t chunk = std::min<std::size_t>(left, 1398);
            left -= chunk;
            // FU-A fragment: indicator (NRI 3, type 28), header (start/end bits, NAL type 5 or 1).
            Writer pl(chunk + 2);
            pl.u8(0x7c).u8(static_cast<unsigned>((first ? 0x80 : 0) | (left == 0 ? 0x40 : 0) | (key ? 5 : 1)));
            pl.random(r, chunk);
            Writer pkt(chunk + 16);
            pkt.u8(0x80).u8(static_cast<unsigned>((left == 0 ? 0x80 : 0) | 96)).be16(seq++).be32(ts).be32(ssrc);
            pkt.bytes(pl.data());
            frame = cat(std::move(frame), app::rtsp_interleaved(0, pkt.data()));
            first = false;
        }
        ts += 6000;
        msgs.push_back({false, std::move(frame), 66000});
    }
    msgs.push_back({true, req("TEARDOWN", url, 6, {"Session: " + session, "Authorization: " + auth}), 30000});
    msgs.push_back({false, rep(200, "OK", 6, {"Session: " + session}), 2000});
    tcp_session(at, side(d, ephemeral_port(d)), side(cam, 554), msgs);
}

// ---------------------------------------------------------------- IoT and OT

void Scenario::act_mqtt_local(Device& d, std::uint64_t t) {
    const int bi = pick_role(d, kRoleMqttBroker);
    if (bi < 0) return;
    Device& b = dev(bi);
    const std::uint64_t at = arp_resolve(t, d, b);
    const std::string base = "esphome/" + lower(d.hostname);
    std::vector<Msg> msgs;
    msgs.push_back({true, app::mqtt_connect(d.hostname, 60, {}, {}), 0});
    msgs.push_back({false, app::mqtt_connack(), 800});
    msgs.push_back({true, app::mqtt_subscribe(1, base + "/light/command"), 2000});
    msgs.push_back({false, app::mqtt_suback(1), 600});
    const std::string state = std::string("{\"state\":\"") + (d.rng.chance(0.5) ? "ON" : "OFF") +
                              "\",\"brightness\":" + std::to_string(d.rng.below(256)) + "}";
    msgs.push_back({true, app::mqtt_publish(base + "/light/state", state), 5000});
    msgs.push_back({true, app::mqtt_pingreq(), static_cast<std::uint32_t>(2000000 + d.rng.below(8000000))});
    msgs.push_back({false, app::mqtt_pingresp(), 500});
    msgs.push_back({true, app::mqtt_disconnect(), 300000});
    tcp_session(at, side(d, ephemeral_port(d)), side(b, 1883), msgs);
}

void Scenario::act_modbus_poll(Device& d, std::uint64_t t) {
    const auto it = site_.by_role.find(kRoleModbus);
    if (it == site_.by_role.end() || it->second.empty()) return;
    Device& plc = dev(it->second[(d.counter++ + static_cast<std::size_t>(d.index)) % it->second.size()]);
    if (!plc.joined) return;
    const std::uint64_t at = arp_resolve(t, d, plc);
    std::vector<Msg> msgs;
    const int polls = 10 + static_cast<int>(d.rng.below(15));
    auto tid = d.rng.u16();
    for (int k = 0; k < polls; ++k) {
        const auto count = static_cast<std::uint16_t>(k % 2 == 0 ? 10 : 4);
        const auto addr = static_cast<std::uint16_t>(k % 2 == 0 ? 0 : 100);
        msgs.push_back({true, app::modbus_read_request(tid, 1, addr, count), static_cast<std::uint32_t>(k == 0 ? 0 : 1000000)});
        msgs.push_back({false, app::modbus_read_response(tid, 1, count, d.rng), 3000});
        ++tid;
    }
    tcp_session(at, side(d, ephemeral_port(d)), side(plc, 502), msgs);
    plc.risky.insert("modbus-server");
}

}  // namespace sitegen
