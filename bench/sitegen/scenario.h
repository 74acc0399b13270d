// The timeline: devices join (DHCP, ARP, IPv6 ND) and then run their periodic
// activities with jitter. Packets are produced per time slice into a min-heap
// keyed by (timestamp, sequence) and written out once no later activity can
// precede them, so memory stays bounded by what one slice (plus in-flight
// sessions) produces. Also the TCP session model: handshakes with each stack's
// options, MSS segmentation, delayed ACKs, correct sequence numbers and FIN close.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "bench/sitegen/bytes.h"
#include "bench/sitegen/packet_builder.h"
#include "bench/sitegen/pcap_writer.h"
#include "bench/sitegen/site.h"
#include "bench/sitegen/tls.h"

namespace sitegen {

// Capture start: 2026-01-05 09:00:00 UTC.
inline constexpr std::uint64_t kEpochUs = 1767603600ULL * 1000000ULL;

class Scenario {
public:
    Scenario(Site& site, PcapWriter& out);
    void run();

private:
    // A conversation end point: a device of the site, or a remote host reached through the router.
    struct Peer {
        int dev = -1;
        Ip4 ip;
    };
    struct TcpSide {
        Peer peer;
        std::uint16_t port = 0;
        const TcpStack* stack = nullptr;
        std::uint32_t lat_us = 50;  // one-way latency from the capture point
        std::uint8_t ttl = 64;      // as seen at the capture point
    };
    struct Msg {
        bool from_client = true;
        Bytes data;
        std::uint32_t think_us = 0;  // delay before this message is sent
    };
    struct Pending {
        std::uint64_t ts;
        std::uint64_t seq;
        Bytes frame;
    };

    // --- engine (scenario.cc) ---
    void emit(std::uint64_t t, Bytes frame);
    void flush_until(std::uint64_t t);
    void schedule(Device& d);
    void fire(Device& d, Act act, std::uint64_t t);
    [[nodiscard]] std::uint64_t jitter(Device& d, std::uint64_t period_us);

    // --- emission helpers (scenario.cc) ---
    Device& dev(int i) { return site_.devices[static_cast<std::size_t>(i)]; }
    Device& router() { return dev(site_.router); }
    Peer peer_of(const Device& d) const { return Peer{d.index, d.ip}; }
    Ip4 gateway_of(const Device& d) const { return site_.subnet_of(d).gateway(); }
    Peer gateway_peer(const Device& d) { return Peer{site_.router, gateway_of(d)}; }
    std::uint16_t ephemeral_port(Device& d);
    std::uint16_t next_ip_id(const Peer& p);
    void send_ip4(std::uint64_t t, const Peer& src, const Peer& dst, std::uint8_t proto, ByteSpan l4,
                  std::uint8_t tos = 0, std::uint8_t ttl_override = 0);
    void send_udp(std::uint64_t t, const Peer& src, std::uint16_t sport, const Peer& dst, std::uint16_t dport,
                  ByteSpan payload, std::uint8_t tos = 0, std::uint8_t ttl_override = 0);
    void send_udp_group(std::uint64_t t, Device& src, const Ip4& src_ip, const Ip4& dst, const Mac& dst_mac,
                        std::uint16_t vlan, std::uint16_t sport, std::uint16_t dport, ByteSpan payload,
                        std::uint8_t ttl);
    void send_ip6(std::uint64_t t, const Mac& src_mac, const Mac& dst_mac, std::uint16_t vlan, const Ip6& src,
                  const Ip6& dst, std::uint8_t next, ByteSpan l4, std::uint8_t hop_limit);
    void send_udp6(std::uint64_t t, const Device& src, const Ip6& dst, const Mac& dst_mac, std::uint16_t sport,
                   std::uint16_t dport, ByteSpan payload, std::uint8_t hop_limit);
    void send_arp(std::uint64_t t, std::uint16_t vlan, std::uint16_t op, const Mac& sha, const Ip4& spa,
                  const Mac& tha, const Ip4& tpa, const Mac& dst);
    // ARP exchange before talking to a local peer on the same VLAN (cached for a while).
    std::uint64_t arp_resolve(std::uint64_t t, Device& from, const Device& to);
    std::uint8_t ttl_of(const Peer& p) const;
    const TcpStack* stack_of(const Peer& p) const;
    TcpSide side(Device& d, std::uint16_t port);
    TcpSide remote_side(const Ip4& ip, std::string_view name, std::uint16_t port);
    std::uint64_t tcp_session(std::uint64_t t, const TcpSide& c, const TcpSide& s, std::vector<Msg>& msgs,
                              bool server_closes = false);
    Bytes tcp_options(const TcpStack& st, std::string_view tokens, bool syn, std::uint32_t tsval, std::uint32_t tsecr,
                      std::uint16_t mss);

    // --- naming and remote peers (scenario.cc) ---
    Ip4 remote_ip(std::string_view name) const;
    // DNS lookup by `d` through its gateway; returns the time the answer arrived.
    std::uint64_t resolve(std::uint64_t t, Device& d, std::string_view name, Ip4* out);
    std::uint64_t resolve_local(std::uint64_t t, Device& d, const Device& target);
    const std::vector<Bytes>& remote_chain(std::string_view name);
    const std::vector<Bytes>& self_signed_chain(const Device& d);
    // One HTTPS-like TLS session; returns the end time.
    std::uint64_t tls_session(std::uint64_t t, Device& client, tls::Stack stack, const TcpSide& server,
                              std::string_view sni, const tls::ServerPolicy& policy, std::size_t request_bytes,
                              std::size_t response_bytes, int exchanges, std::string_view alpn = {});

    // --- join sequences (scenario.cc) ---
    void join(Device& d);
    void join_dhcp(Device& d, std::uint64_t t);
    void join_ipv6(Device& d, std::uint64_t t);
    void router_advert(std::uint64_t t, int subnet);
    // INIT-REBOOT: REQUEST for the address it had, broadcast ACK.
    void dhcp_request_ack(Device& d, std::uint64_t t, std::uint32_t xid);
    void arp_announce(Device& d, std::uint64_t t, int probes);
    void nbns_register(Device& d, std::uint64_t t);
    void dhcpv6_solicit(Device& d, std::uint64_t t);

    // --- activities (activities.cc) ---
    void act_web(Device& d, std::uint64_t t, bool legacy);
    void act_captive(Device& d, std::uint64_t t);
    void act_nbns_query(Device& d, std::uint64_t t);
    void act_llmnr(Device& d, std::uint64_t t);
    void act_ssdp_search(Device& d, std::uint64_t t);
    void act_ssdp_notify(Device& d, std::uint64_t t);
    void act_mdns_announce(Device& d, std::uint64_t t);
    void act_mdns_query(Device& d, std::uint64_t t);
    void act_ntp(Device& d, std::uint64_t t);
    void act_smb2(Device& d, std::uint64_t t);
    void act_smb1(Device& d, std::uint64_t t);
    void act_ssh(Device& d, std::uint64_t t);
    void act_intranet_http(Device& d, std::uint64_t t);
    void act_lldp(Device& d, std::uint64_t t);
    void act_cdp(Device& d, std::uint64_t t);
    void act_stp(Device& d, std::uint64_t t);
    void act_snmp_poll(Device& d, std::uint64_t t);
    void act_print_job(Device& d, std::uint64_t t);
    void act_ipp_query(Device& d, std::uint64_t t);
    void act_lpd_job(Device& d, std::uint64_t t);
    void act_sip_register(Device& d, std::uint64_t t);
    void act_sip_options(Device& d, std::uint64_t t);
    void act_sip_call(Device& d, std::uint64_t t);
    void act_rtsp_pull(Device& d, std::uint64_t t);
    void act_telnet_login(Device& d, std::uint64_t t);
    void act_ftp_login(Device& d, std::uint64_t t);
    void act_http_basic(Device& d, std::uint64_t t);
    void act_camera_https(Device& d, std::uint64_t t);
    void act_mqtt_cloud(Device& d, std::uint64_t t);
    void act_mqtt_local(Device& d, std::uint64_t t);
    void act_modbus_poll(Device& d, std::uint64_t t);
    void act_ws_discovery(Device& d, std::uint64_t t);
    void act_arp_refresh(Device& d, std::uint64_t t);
    void act_dhcp_rebind(Device& d, std::uint64_t t);
    void act_apt(Device& d, std::uint64_t t);
    void act_camera_http(Device& d, std::uint64_t t);
    void mdns_send(Device& d, std::uint64_t t, ByteSpan msg);
    int pick_role(Device& d, Role role);  // a peer that has joined by now, or -1

    Site& site_;
    PcapWriter& out_;
    std::vector<Pending> heap_;
    std::uint64_t seq_ = 0;
    std::uint64_t end_us_ = 0;
    std::uint64_t now_us_ = 0;  // start of the slice being generated
    Rng rng_;                   // for remote hosts (their ISNs, IP ids ...)
    std::map<std::pair<int, int>, std::uint64_t> arp_cache_;
    std::map<std::string, std::vector<Bytes>> cert_cache_;
    std::map<int, std::vector<Bytes>> self_signed_cache_;
};

}  // namespace sitegen
