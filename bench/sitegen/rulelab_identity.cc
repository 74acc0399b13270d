// Rule-lab scenarios for credentials in the clear, identity and the network
// detectors (posture/rules/credentials.yaml, identity.yaml, network.yaml).
#include <memory>
#include <string>

#include "bench/sitegen/apps.h"
#include "bench/sitegen/dhcp.h"
#include "bench/sitegen/dns.h"
#include "bench/sitegen/rulelab.h"

namespace sitegen::lab {
namespace {

constexpr dhcp::ClientStack kWindows{"1,3,6,15,31,33,43,44,46,47,119,121,249,252", "53,61,50,12,60,55",
                                     "53,61,50,54,12,81,60,55", "MSFT 5.0", 0, 0, false, true, 128};
constexpr dhcp::ClientStack kDhclient{"1,28,2,3,15,6,119,12,44,47,26,121,42", "53,50,12,55", "53,50,54,12,55", "",
                                      0, 0, false, true, 64};
constexpr dhcp::ClientStack kAndroid{"1,3,6,15,26,28,51,58,59,43,114,108", "53,61,57,60,12,55",
                                     "53,61,50,54,57,60,12,55", "android-dhcp-13", 1500, 0, false, true, 64};

// A DHCP DISCOVER broadcast by `h` (source 0.0.0.0).
void discover(Lab& lab, const Host& h, const dhcp::ClientStack& stack, std::string_view hostname) {
    Host zero = h;
    zero.ip = Ip4{};
    dhcp::ClientMessage m;
    m.type = dhcp::Type::kDiscover;
    m.xid = lab.rng().u32();
    m.mac = h.mac;
    m.hostname = hostname;
    lab.udp_group(zero, 68, Ip4::of(255, 255, 255, 255), Mac::broadcast(), 67, dhcp::client_message(stack, m),
                  stack.ttl);
}

// A DNS query from `h` to the router, and its answer.
void dns_lookup(Lab& lab, const Host& h, std::string_view name) {
    const std::uint16_t id = lab.rng().u16();
    lab.udp(h, 53000, lab.router(), 53, dns::query(id, name, dns::kTypeA));
    const Ip4 a[] = {Ip4::of(198, 51, 100, 200)};
    lab.udp(lab.router(), 53, h, 53000, dns::response(id, name, dns::kTypeA, a, {}, 300));
}

// An ARP announcement of `h`'s own address.
void announce(Lab& lab, const Host& h) { lab.arp(h, 1, h.ip, h.ip); }

}  // namespace

void credential_cases(std::vector<Case>& out) {
    out.push_back({"telnet login", [](Lab& lab) {
                       const Host cam = lab.host("telnet-server", kOuiRaspberry);
                       const Host pc = lab.host("telnet-client");
                       lab.tcp(pc, cam, 23,
                               {server(app::telnet_server_options()), client(app::telnet_client_options()),
                                server("\r\n(none) login: "), client("a"), server("a"), client("d"), server("d"),
                                client("m"), server("m"), client("\r\n"), server("\r\nPassword: "), client("1"),
                                client("2"), client("3"), client("\r\n"), server("\r\n# ")});
                       lab.expect("CRED-TELNET-CLEARTEXT", pc, "cleartext.telnet.login");
                   }});
    out.push_back({"ftp login", [](Lab& lab) {
                       const Host srv = lab.host("ftp-server", kOuiDell);
                       const Host pc = lab.host("ftp-client");
                       lab.tcp(pc, srv, 21,
                               {server("220 (vsFTPd 3.0.3)\r\n"), client("USER backup\r\n"),
                                server("331 Please specify the password.\r\n"), client("PASS hunter2\r\n"),
                                server("230 Login successful.\r\n"), client("QUIT\r\n"), server("221 Goodbye.\r\n")});
                       lab.expect("CRED-FTP-CLEARTEXT", pc, "cleartext.ftp.login");
                   }});
    out.push_back({"pop3 login", [](Lab& lab) {
                       const Host srv = lab.remote("pop3-server");
                       const Host pc = lab.host("pop3-client");
                       lab.tcp(pc, srv, 110,
                               {server("+OK Dovecot ready.\r\n"), client("USER alice\r\n"), server("+OK\r\n"),
                                client("PASS wonderland\r\n"), server("+OK Logged in.\r\n"), client("QUIT\r\n"),
                                server("+OK Logging out.\r\n")});
                       lab.expect("CRED-POP3-IMAP-CLEARTEXT", pc, "cleartext.pop3.login");
                   }});
    out.push_back({"imap login", [](Lab& lab) {
                       const Host srv = lab.remote("imap-server");
                       const Host pc = lab.host("imap-client");
                       lab.tcp(pc, srv, 143,
                               {server("* OK [CAPABILITY IMAP4rev1 LITERAL+ AUTH=PLAIN] Dovecot ready.\r\n"),
                                client("a1 LOGIN bob secret\r\n"), server("a1 OK Logged in\r\n"),
                                client("a2 LOGOUT\r\n"), server("* BYE\r\na2 OK\r\n")});
                       lab.expect("CRED-POP3-IMAP-CLEARTEXT", pc, "cleartext.imap.login");
                   }});
    out.push_back({"http basic", [](Lab& lab) {
                       const Host cam = lab.host("http-basic-server", kOuiRaspberry);
                       const Host pc = lab.host("http-basic-client");
                       lab.tcp(pc, cam, 80,
                               {client("GET /admin/ HTTP/1.1\r\nHost: 10.77.0.9\r\nUser-Agent: curl/7.88.1\r\n"
                                       "Authorization: Basic YWRtaW46YWRtaW4=\r\nAccept: */*\r\n\r\n"),
                                server("HTTP/1.1 200 OK\r\nServer: lighttpd/1.4.59\r\nContent-Length: 2\r\n\r\nok")});
                       lab.expect("CRED-HTTP-BASIC", pc, "cleartext.http.basic");
                   }});
    out.push_back({"snmp communities", [](Lab& lab) {
                       const Host nms = lab.host("snmp-manager");
                       const Host sw = lab.host("snmp-agent", kOuiCisco);
                       const app::VarBind get{"1.3.6.1.2.1.1.1.0", app::VarBind::Kind::kNull, {}, 0};
                       const app::VarBind resp{"1.3.6.1.2.1.1.1.0", app::VarBind::Kind::kOctets,
                                               "Cisco IOS Software, C2960 Software", 0};
                       lab.udp(nms, 50161, sw, 161, app::snmp_message("n0c-r34d", app::kSnmpGet, 7, {&get, 1}));
                       lab.udp(sw, 161, nms, 50161, app::snmp_message("n0c-r34d", app::kSnmpResponse, 7, {&resp, 1}));
                       lab.expect("SNMP-COMMUNITY-CLEARTEXT", nms, "snmp.community");
                       const Host nms2 = lab.host("snmp-default-manager");
                       lab.udp(nms2, 50162, sw, 161, app::snmp_message("public", app::kSnmpGet, 8, {&get, 1}));
                       lab.udp(sw, 161, nms2, 50162, app::snmp_message("public", app::kSnmpResponse, 8, {&resp, 1}));
                       lab.expect("SNMP-DEFAULT-COMMUNITY", nms2, "snmp.community.default");
                   }});
}

void identity_cases(std::vector<Case>& out) {
    out.push_back({"control: an ordinary Windows laptop", [](Lab& lab) {
                       const Host pc = lab.host("clean-laptop", kOuiIntel);
                       discover(lab, pc, kWindows, "LAPTOP-7Q2M4KD");
                       announce(lab, pc);
                       dns_lookup(lab, pc, "www.msftconnecttest.com");
                       const Host ncsi = lab.remote("msftconnecttest");
                       lab.tcp(pc, ncsi, 80,
                               {client("GET /connecttest.txt HTTP/1.1\r\nConnection: Close\r\nUser-Agent: "
                                       "Microsoft NCSI\r\nHost: www.msftconnecttest.com\r\n\r\n"),
                                server("HTTP/1.1 200 OK\r\nContent-Length: 22\r\nContent-Type: text/plain\r\n"
                                       "\r\nMicrosoft Connect Test")},
                               128, 52);
                       lab.expect_clean(pc);
                   }});
    out.push_back({"end-of-life windows", [](Lab& lab) {
                       const Host pc = lab.host("xp-desktop", kOuiDell);
                       discover(lab, pc, kWindows, "RECEPTION-XP");
                       const Host web = lab.remote("legacy-web");
                       lab.tcp(pc, web, 80,
                               {client("GET / HTTP/1.1\r\nAccept: */*\r\nUser-Agent: Mozilla/4.0 (compatible; MSIE "
                                       "8.0; Windows NT 5.1; Trident/4.0)\r\nHost: legacy.example.com\r\n\r\n"),
                                server("HTTP/1.1 304 Not Modified\r\nServer: Apache\r\n\r\n")},
                               128, 52);
                       lab.expect("OS-EOL", pc, "Windows XP");
                   }});
    out.push_back({"unknown type", [](Lab& lab) {
                       // A host that says nothing about itself: ARP and one DNS lookup.
                       const Host h = lab.host("mystery", 0x0050c2);
                       announce(lab, h);
                       dns_lookup(lab, h, "updates.example.net");
                       lab.expect("TYPE-UNKNOWN", h, "unknown");
                   }});
    out.push_back({"random mac", [](Lab& lab) {
                       const Host phone = lab.host_with_mac("random-mac-phone",
                                                            Mac{{0x9a, 0x4c, 0x21, 0x7e, 0x10, 0x55}});
                       discover(lab, phone, kAndroid, "Pixel-7");
                       lab.expect("MAC-RANDOM", phone, "locally administered");
                   }});
    out.push_back({"spoof suspect (A, B, A on one MAC)", [](Lab& lab) {
                       const Host h = lab.host("two-stacks-one-mac", kOuiHp);
                       discover(lab, h, kWindows, "FRONTDESK");
                       lab.wait(2'000'000);
                       discover(lab, h, kDhclient, "frontdesk");
                       lab.wait(2'000'000);
                       discover(lab, h, kWindows, "FRONTDESK");
                       lab.expect("ID-SPOOF-SUSPECT", h, "dhcp.prl");
                   }});
    out.push_back({"sources contradict: Windows DHCP, Linux TCP stack", [](Lab& lab) {
                       // A Linux box replaying a Windows laptop's DHCP to pass a profiling NAC.
                       const Host h = lab.host("fake-windows", kOuiIntel);
                       discover(lab, h, kWindows, "DESKTOP-4RT8Q2L");
                       const Host web = lab.remote("conflict-web");
                       lab.tcp(h, web, 80,
                               {client("GET /ncsi.txt HTTP/1.1\r\nHost: www.msftncsi.com\r\n\r\n"),
                                server("HTTP/1.1 200 OK\r\nContent-Length: 14\r\n\r\nMicrosoft NCSI")},
                               64, 52);
                       lab.expect("ID-SOURCE-CONFLICT", h, "os_sources: DHCP says Windows");
                   }});
    out.push_back({"sources contradict: Apple MAC, Windows DHCP", [](Lab& lab) {
                       // A PC that cloned a MacBook's MAC address.
                       const Host h = lab.host("cloned-apple-mac", kOuiApple);
                       discover(lab, h, kWindows, "");
                       lab.expect("ID-SOURCE-CONFLICT", h, "vendor_os: the MAC's vendor is Apple");
                   }});
    out.push_back({"OS family changes on one MAC", [](Lab& lab) {
                       const Host h = lab.host("one-mac-two-systems", kOuiDell);
                       discover(lab, h, kWindows, "");
                       lab.wait(5'000'000);
                       discover(lab, h, kAndroid, "");
                       lab.expect("ID-OS-FAMILY-CHANGE", h, "DHCP named both");
                   }});
    out.push_back({"new device", [](Lab& lab) {
                       const Host h = lab.host("late-joiner", kOuiRaspberry);
                       announce(lab, h);
                       dns_lookup(lab, h, "raspbian.raspberrypi.org");
                       lab.expect("DEV-NEW", h, "first seen");
                   },
                   true});
}

void network_cases(std::vector<Case>& out) {
    out.push_back({"rogue dhcp server", [](Lab& lab) {
                       const Host client = lab.host("dhcp-victim");
                       const Host rogue = lab.host("rogue-dhcp", kOuiRaspberry);
                       discover(lab, client, kDhclient, "victim");
                       dhcp::ServerMessage offer;
                       offer.type = dhcp::Type::kOffer;
                       offer.chaddr = client.mac;
                       offer.yiaddr = Ip4::of(10, 77, 99, 50);
                       offer.server = rogue.ip;
                       offer.router = rogue.ip;
                       offer.mask = Ip4::of(255, 255, 255, 0);
                       offer.dns = rogue.ip;
                       offer.lease_s = 600;
                       lab.udp_group(rogue, 67, Ip4::of(255, 255, 255, 255), Mac::broadcast(), 68,
                                     dhcp::server_message(offer));
                       lab.expect("NET-ROGUE-DHCP", rogue, rogue.ip.str());
                   }});
    out.push_back({"rogue dhcpv6 server", [](Lab& lab) {
                       const Host client = lab.host("dhcpv6-victim");
                       const Host rogue = lab.host("rogue-dhcpv6", kOuiRaspberry);
                       dhcp::Solicit6 sol;
                       sol.xid = 0x3a7f01;
                       sol.mac = client.mac;
                       sol.duid_time = 700000000;
                       sol.iaid = 0x0e000c29;
                       sol.oro = "17,23,24,39";
                       const Ip6 all_servers = ip6_multicast(0x0102);  // ff02::1:2
                       lab.udp6(client, all_servers, multicast_mac(all_servers), 546, 547, dhcp::solicit6(sol));
                       // ADVERTISE (RFC 8415 §16.3): client id echoed, a server id (DUID-LL), an address.
                       Writer w;
                       w.u8(2).be24(sol.xid);
                       w.be16(1).be16(14).be16(1).be16(1).be32(sol.duid_time).bytes(client.mac.b);  // client id
                       w.be16(2).be16(10).be16(3).be16(1).bytes(rogue.mac.b);                      // server id
                       w.be16(3).be16(40).be32(sol.iaid).be32(3600).be32(5400);                    // IA_NA
                       w.be16(5).be16(24);                                                         // IAADDR
                       Ip6 addr = client.ll;
                       addr.b[0] = 0xfd;
                       addr.b[1] = 0x66;
                       w.bytes(addr.b).be32(7200).be32(7200);
                       w.be16(7).be16(1).u8(255);  // preference: pick me
                       lab.udp6(rogue, client.ll, client.mac, 547, 546, w.data());
                       lab.expect("NET-ROGUE-DHCPV6", rogue, rogue.ll.str());
                   }});
    out.push_back({"rogue router advertisement", [](Lab& lab) {
                       const Host rogue = lab.host("rogue-ra", kOuiIntel);
                       const Ip6 all_nodes = ip6_multicast(0x0001);
                       auto ra = [&](const Host& from, std::uint8_t prefix_byte) {
                           Writer w;
                           w.u8(134).u8(0).be16(0);         // type, code, checksum (filled in)
                           w.u8(64).u8(0).be16(1800);       // hop limit, flags, router lifetime
                           w.be32(0).be32(0);               // reachable, retrans
                           w.u8(1).u8(1).bytes(from.mac.b);  // source link-layer address
                           w.u8(3).u8(4).u8(64).u8(0xc0).be32(2592000).be32(604800).be32(0);
                           w.u8(0x20).u8(0x01).u8(0x0d).u8(0xb8).u8(0).u8(prefix_byte).zeros(10);
                           lab.icmp6(from, all_nodes, multicast_mac(all_nodes), w.data());
                       };
                       ra(lab.router(), 0x77);
                       ra(rogue, 0x66);
                       lab.expect("NET-ROGUE-RA", rogue, rogue.ll.str());
                   }});
    out.push_back({"arp spoofing a neighbour", [](Lab& lab) {
                       const Host victim = lab.host("arp-victim", kOuiHp);
                       const Host attacker = lab.host("arp-spoofer", kOuiRaspberry);
                       announce(lab, victim);
                       announce(lab, attacker);
                       lab.wait(1'000'000);
                       lab.arp(attacker, 2, victim.ip, lab.gateway(), lab.router().mac);
                       lab.arp(victim, 2, victim.ip, lab.gateway(), lab.router().mac);
                       lab.arp(attacker, 2, victim.ip, lab.gateway(), lab.router().mac);
                       lab.expect("NET-ARP-SPOOF", attacker, victim.ip.str());
                   }});
    out.push_back({"gateway impersonation", [](Lab& lab) {
                       const Host mitm = lab.host("gateway-impersonator", kOuiRaspberry);
                       announce(lab, lab.router());
                       lab.wait(1'000'000);
                       lab.arp(mitm, 2, lab.gateway(), Ip4::of(10, 77, 0, 20));
                       lab.expect("NET-GATEWAY-MAC-CHANGE", mitm, lab.gateway().str());
                   }});
    out.push_back({"duplicate address", [](Lab& lab) {
                       const Host a = lab.host("dup-ip-a", kOuiHp);
                       const Host b = lab.host("dup-ip-b", kOuiDell);
                       const Ip4 shared = Ip4::of(10, 77, 150, 7);
                       lab.arp(a, 1, shared, shared);
                       lab.wait(500'000);
                       lab.arp(b, 1, shared, shared);
                       lab.arp(a, 1, shared, lab.gateway());
                       lab.expect("NET-DUPLICATE-IP", a, shared.str());
                       lab.expect("NET-DUPLICATE-IP", b, shared.str());
                   }});
    out.push_back({"dhcp starvation", [](Lab& lab) {
                       // A burst of DISCOVERs from 80 forged MACs within 2 s.
                       Host first;
                       for (std::uint32_t i = 0; i < 80; ++i) {
                           const Host h = lab.host_with_mac(
                               "starve-" + std::to_string(i),
                               Mac{{0x00, 0x16, 0x3e, 0x5a, static_cast<std::uint8_t>(i >> 8),
                                    static_cast<std::uint8_t>(i)}});
                           if (i == 0) first = h;
                           discover(lab, h, kDhclient, "");
                           lab.wait(20'000);
                       }
                       lab.expect("NET-DHCP-STARVATION", first, "DISCOVER");
                   }});
}

}  // namespace sitegen::lab
