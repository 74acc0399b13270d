// The rule lab's engine: hosts, the packet clock, TCP conversations, and the
// truth and config files. The scenarios are in rulelab_*.cc.
#include "bench/sitegen/rulelab.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "bench/sitegen/packet_builder.h"

namespace sitegen::lab {
namespace {

// 2026-02-02 10:00:00 UTC.
constexpr std::uint64_t kStartUs = 1770026400ULL * 1000000ULL;
constexpr std::uint64_t kFrameGapUs = 150;
constexpr std::uint64_t kCaseGapUs = 500'000;
constexpr std::size_t kMss = 1448;

Mac mac_of(std::uint32_t oui, std::uint32_t serial) {
    return Mac{{static_cast<std::uint8_t>(oui >> 16), static_cast<std::uint8_t>(oui >> 8),
                static_cast<std::uint8_t>(oui), static_cast<std::uint8_t>(serial >> 16),
                static_cast<std::uint8_t>(serial >> 8), static_cast<std::uint8_t>(serial)}};
}

// Linux's SYN options: MSS, SACK permitted, timestamps, NOP, window scale 7.
Bytes linux_syn_options(std::uint32_t tsval, std::uint32_t tsecr) {
    Writer w;
    w.u8(2).u8(4).be16(1460);
    w.u8(4).u8(2);
    w.u8(8).u8(10).be32(tsval).be32(tsecr);
    w.u8(1);
    w.u8(3).u8(3).u8(7);
    return w.take();
}

// Windows' SYN options: MSS, NOP, window scale 8, NOP, NOP, SACK permitted; no timestamps.
Bytes windows_syn_options() {
    Writer w;
    w.u8(2).u8(4).be16(1460);
    w.u8(1).u8(3).u8(3).u8(8);
    w.u8(1).u8(1).u8(4).u8(2);
    return w.take();
}

Bytes ts_option(std::uint32_t tsval, std::uint32_t tsecr) {
    Writer w;
    w.u8(1).u8(1).u8(8).u8(10).be32(tsval).be32(tsecr);
    return w.take();
}

}  // namespace

Lab::Lab(PcapWriter& out) : out_(out), start_us_(kStartUs), now_us_(kStartUs) {
    router_.label = "router";
    router_.mac = mac_of(kOuiCisco, 0x07ac01);
    router_.ip = Ip4::of(10, 77, 0, 1);
    router_.ll = ip6_link_local(eui64_iid(router_.mac));
}

Host Lab::host(std::string_view label, std::uint32_t oui) {
    const int n = hosts_;
    return host_with_mac(label, mac_of(oui, 0x100000u + static_cast<std::uint32_t>(n) * 7u + 1u));
}

Host Lab::host_with_mac(std::string_view label, const Mac& mac) {
    const int n = hosts_++;
    if (n >= 200 * 200) throw std::runtime_error("rule lab: too many hosts");
    Host h;
    h.label = label;
    h.mac = mac;
    h.ip = Ip4::of(10, 77, static_cast<unsigned>(n / 200), static_cast<unsigned>(n % 200 + 20));
    h.ll = ip6_link_local(eui64_iid(mac));
    return h;
}

Host Lab::remote(std::string_view label) {
    const int n = remotes_++;
    Host h;
    h.label = label;
    h.mac = router_.mac;
    h.ip = n < 200 ? Ip4::of(198, 51, 100, static_cast<unsigned>(n + 10))
                   : Ip4::of(203, 0, 113, static_cast<unsigned>(n % 200 + 10));
    h.remote = true;
    return h;
}

void Lab::late() {
    if (late_) return;
    late_ = true;
    now_us_ = std::max<std::uint64_t>(now_us_, start_us_ + kLateStartS * 1000000ULL);
}

void Lab::frame(const Bytes& f) {
    out_.write(now_us_, f);
    now_us_ += kFrameGapUs;
}

void Lab::udp(const Host& src, std::uint16_t sport, const Host& dst, std::uint16_t dport, ByteSpan payload) {
    const Bytes l4 = udp4(src.ip, dst.ip, sport, dport, payload);
    Ip4Header ip{src.ip, dst.ip, kProtoUdp, static_cast<std::uint8_t>(src.remote ? 52 : 64)};
    ip.id = ip_id_++;
    frame(ipv4_frame(L2{src.mac, dst.mac}, ip, l4));
}

void Lab::udp_group(const Host& src, std::uint16_t sport, const Ip4& dst, const Mac& dst_mac, std::uint16_t dport,
                    ByteSpan payload, std::uint8_t ttl) {
    const Bytes l4 = udp4(src.ip, dst, sport, dport, payload);
    Ip4Header ip{src.ip, dst, kProtoUdp, ttl};
    ip.id = ip_id_++;
    frame(ipv4_frame(L2{src.mac, dst_mac}, ip, l4));
}

std::uint16_t Lab::next_port() noexcept {
    port_ = port_ >= 60000 ? 40000 : static_cast<std::uint16_t>(port_ + 1);
    return port_;
}

void Lab::tcp_raw(const Host& src, std::uint16_t sport, const Host& dst, std::uint16_t dport, std::uint32_t seq,
                  std::uint32_t ack, std::uint8_t flags, std::uint16_t window, const Bytes& options, ByteSpan payload,
                  std::uint8_t ttl, std::uint16_t ip_id, bool df) {
    TcpHeader h;
    h.sport = sport;
    h.dport = dport;
    h.seq = seq;
    h.ack = ack;
    h.flags = flags;
    h.window = window;
    h.options = options;
    const Bytes l4 = tcp4(src.ip, dst.ip, h, payload);
    Ip4Header ip{src.ip, dst.ip, kProtoTcp, ttl};
    ip.id = ip_id != 0 ? ip_id : ip_id_++;
    ip.df = df;
    frame(ipv4_frame(L2{src.mac, dst.mac}, ip, l4));
}

std::uint16_t Lab::tcp(const Host& c, const Host& s, std::uint16_t sport, const std::vector<Seg>& segs,
                       std::uint8_t client_ttl, std::uint8_t server_ttl, std::uint16_t client_port) {
    using namespace tcp_flag;
    const std::uint16_t cport = client_port != 0 ? client_port : next_port();
    std::uint32_t cseq = rng_.u32(), sseq = rng_.u32();
    std::uint32_t cts = rng_.u32() >> 4, sts = rng_.u32() >> 4;
    // Each side's stack follows its TTL: 128 is Windows (no timestamps), else Linux.
    const bool cwin = client_ttl > 64, swin = server_ttl > 64;
    auto opts = [](bool win, std::uint32_t& ts, std::uint32_t peer_ts) {
        return win ? Bytes{} : ts_option(++ts, peer_ts);
    };
    tcp_raw(c, cport, s, sport, cseq, 0, kSyn, 64240, cwin ? windows_syn_options() : linux_syn_options(cts, 0), {},
            client_ttl);
    tcp_raw(s, sport, c, cport, sseq, cseq + 1, kSyn | kAck, swin ? 65535 : 65160,
            swin ? windows_syn_options() : linux_syn_options(sts, cts), {}, server_ttl);
    ++cseq;
    ++sseq;
    const std::uint16_t cwnd = cwin ? 1026 : 502, swnd = swin ? 1026 : 502;
    tcp_raw(c, cport, s, sport, cseq, sseq, kAck, cwnd, opts(cwin, cts, sts), {}, client_ttl);
    for (const Seg& g : segs) {
        const Host& from = g.from_client ? c : s;
        const Host& to = g.from_client ? s : c;
        const std::uint16_t fp = g.from_client ? cport : sport, tp = g.from_client ? sport : cport;
        std::uint32_t& seq = g.from_client ? cseq : sseq;
        std::uint32_t& peer = g.from_client ? sseq : cseq;
        std::uint32_t& ts = g.from_client ? cts : sts;
        std::uint32_t& peer_ts = g.from_client ? sts : cts;
        const bool win = g.from_client ? cwin : swin, peer_win = g.from_client ? swin : cwin;
        const std::uint16_t wnd = g.from_client ? cwnd : swnd, peer_wnd = g.from_client ? swnd : cwnd;
        const std::uint8_t ttl = g.from_client ? client_ttl : server_ttl, peer_ttl = g.from_client ? server_ttl : client_ttl;
        for (std::size_t off = 0; off < g.data.size(); off += kMss) {
            const std::size_t n = std::min(kMss, g.data.size() - off);
            tcp_raw(from, fp, to, tp, seq, peer, kAck | kPsh, wnd, opts(win, ts, peer_ts),
                    ByteSpan(g.data).subspan(off, n), ttl);
            seq += static_cast<std::uint32_t>(n);
        }
        tcp_raw(to, tp, from, fp, peer, seq, kAck, peer_wnd, opts(peer_win, peer_ts, ts), {}, peer_ttl);
    }
    tcp_raw(c, cport, s, sport, cseq, sseq, kFin | kAck, cwnd, opts(cwin, cts, sts), {}, client_ttl);
    tcp_raw(s, sport, c, cport, sseq, cseq + 1, kFin | kAck, swnd, opts(swin, sts, cts), {}, server_ttl);
    tcp_raw(c, cport, s, sport, cseq + 1, sseq + 1, kAck, cwnd, opts(cwin, cts, sts), {}, client_ttl);
    return cport;
}

void Lab::arp(const Host& sender, std::uint16_t op, const Ip4& spa, const Ip4& tpa, const Mac& dst) {
    const Mac tha = op == 1 ? Mac{} : dst;
    frame(ethernet_frame(L2{sender.mac, dst}, kEtherArp, arp_body(op, sender.mac, spa, tha, tpa)));
}

void Lab::icmp6(const Host& src, const Ip6& dst, const Mac& dst_mac, ByteSpan msg, std::uint8_t hop_limit) {
    const Bytes l4 = sitegen::icmp6(src.ll, dst, msg);
    frame(ipv6_frame(L2{src.mac, dst_mac}, Ip6Header{src.ll, dst, kProtoIcmp6, hop_limit}, l4));
}

void Lab::udp6(const Host& src, const Ip6& dst, const Mac& dst_mac, std::uint16_t sport, std::uint16_t dport,
               ByteSpan payload, std::uint8_t hop_limit) {
    const Bytes l4 = sitegen::udp6(src.ll, dst, sport, dport, payload);
    frame(ipv6_frame(L2{src.mac, dst_mac}, Ip6Header{src.ll, dst, kProtoUdp, hop_limit}, l4));
}

void Lab::expect(std::string_view rule, const Host& h, std::string_view evidence) {
    if (h.remote) throw std::runtime_error("rule lab: a finding on a remote host is never a device's");
    expects_.push_back(Expect{std::string(rule), h.mac.str(), h.ip.str(), std::string(evidence), scenario_});
}

std::size_t write_rule_lab(const std::string& dir) {
    std::vector<Case> cases;
    credential_cases(cases);
    identity_cases(cases);
    network_cases(cases);
    service_cases(cases);
    protocol_cases(cases);
    ndpi_cases(cases);
    std::stable_partition(cases.begin(), cases.end(), [](const Case& c) { return !c.late; });

    PcapWriter pcap(dir + "/rules.pcap");
    Lab lab(pcap);
    for (const Case& c : cases) {
        if (c.late) lab.late();
        lab.set_scenario(c.name);
        c.run(lab);
        lab.wait(kCaseGapUs);
    }
    pcap.close();

    std::ofstream truth(dir + "/rules_truth.tsv");
    truth << "rule\tmac\tip\tevidence\tcase\n";
    for (const Expect& e : lab.expectations())
        truth << e.rule << '\t' << e.mac << '\t' << e.ip << '\t' << e.evidence << '\t' << e.scenario << '\n';
    if (!truth) throw std::runtime_error("rule lab: cannot write " + dir + "/rules_truth.tsv");

    std::ofstream cfg(dir + "/rules_config.yaml");
    cfg << "# The sensor configuration the rule lab's capture assumes (sitegen --rule-lab).\n"
        << "inventory:\n"
        << "  learning_s: " << kLearningS << "\n"
        << "network:\n"
        << "  dhcp_servers: [" << lab.gateway().str() << "]\n"
        << "  dhcpv6_servers: [" << lab.router().ll.str() << "]\n"
        << "  routers: [" << lab.router().ll.str() << "]\n"
        << "  gateways: [" << lab.gateway().str() << "]\n";
    if (!cfg) throw std::runtime_error("rule lab: cannot write " + dir + "/rules_config.yaml");
    return lab.expectations().size();
}

}  // namespace sitegen::lab
