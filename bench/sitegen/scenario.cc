#include "bench/sitegen/scenario.h"

#include <algorithm>
#include <limits>

#include "bench/sitegen/der.h"
#include "bench/sitegen/dhcp.h"
#include "bench/sitegen/dns.h"

namespace sitegen {
namespace {

constexpr std::uint64_t kSliceUs = 2'000'000;
constexpr std::uint64_t kSettleUs = 3'000'000;        // quiet time after joining before activities start
constexpr std::uint64_t kMinPeriodUs = 100'000;
constexpr std::uint64_t kArpCacheUs = 300'000'000;
constexpr std::uint32_t kDnsTtlS = 300;
constexpr std::uint16_t kArpRequest = 1;
constexpr std::uint16_t kArpReply = 2;

const Mac kZeroMac{};
const Mac kAllNodesMac{{0x33, 0x33, 0x00, 0x00, 0x00, 0x01}};
const Mac kAllRoutersMac{{0x33, 0x33, 0x00, 0x00, 0x00, 0x02}};

bool has_token(std::string_view list, std::string_view tok) {
    for (const std::string_view x : split(list, ','))
        if (x == tok) return true;
    return false;
}

std::uint16_t data_window(const TcpStack& st, bool ws) {
    if (!ws || st.wscale == 0) return st.syn_window;
    const std::uint32_t w = (std::uint32_t{st.syn_window} * 4) >> st.wscale;
    return static_cast<std::uint16_t>(std::clamp<std::uint32_t>(w, 16, 65535));
}

bool later(const auto& a, const auto& b) { return a.ts != b.ts ? a.ts > b.ts : a.seq > b.seq; }

}  // namespace

Scenario::Scenario(Site& site, PcapWriter& out) : site_(site), out_(out), rng_(site.opt.seed ^ 0xabcdef0123456789ULL) {}

// ---------------------------------------------------------------- engine

void Scenario::emit(std::uint64_t t, Bytes frame) {
    t = std::max(t, now_us_);  // never before what may already have been written
    heap_.push_back(Pending{t, seq_++, std::move(frame)});
    std::push_heap(heap_.begin(), heap_.end(), [](const Pending& a, const Pending& b) { return later(a, b); });
}

void Scenario::flush_until(std::uint64_t t) {
    while (!heap_.empty() && heap_.front().ts < t) {
        std::pop_heap(heap_.begin(), heap_.end(), [](const Pending& a, const Pending& b) { return later(a, b); });
        out_.write(kEpochUs + heap_.back().ts, heap_.back().frame);
        heap_.pop_back();
    }
}

std::uint64_t Scenario::jitter(Device& d, std::uint64_t period_us) {
    return std::max<std::uint64_t>(kMinPeriodUs / 2,
                                   static_cast<std::uint64_t>(static_cast<double>(period_us) * (0.8 + 0.4 * d.rng.unit())));
}

void Scenario::schedule(Device& d) {
    const int scale = std::max(1, site_.opt.scale);
    for (const Activity& a : d.profile->activities) {
        std::uint64_t period = static_cast<std::uint64_t>(a.period_s * 1e6);
        if (a.bulk) period /= static_cast<std::uint64_t>(scale);
        period = std::max(period, kMinPeriodUs);
        const double first_window = std::min(a.period_s, 30.0) * 1e6;
        const std::uint64_t first = d.join_us + kSettleUs + static_cast<std::uint64_t>(d.rng.unit() * first_window);
        d.slots.push_back(Slot{a.act, period, first});
    }
}

void Scenario::run() {
    end_us_ = static_cast<std::uint64_t>(site_.opt.minutes * 60e6);
    for (std::uint64_t start = 0; start < end_us_; start += kSliceUs) {
        const std::uint64_t stop = std::min(start + kSliceUs, end_us_);
        now_us_ = start;
        for (Device& d : site_.devices) {
            if (!d.joined) {
                if (d.join_us >= stop) continue;
                d.joined = true;
                join(d);
                schedule(d);
            }
            for (Slot& s : d.slots) {
                while (s.next_us < stop) {
                    fire(d, s.act, s.next_us);
                    s.next_us += jitter(d, s.period_us);
                }
            }
        }
        flush_until(stop);
    }
    now_us_ = end_us_;
    flush_until(std::numeric_limits<std::uint64_t>::max());
}

void Scenario::fire(Device& d, Act act, std::uint64_t t) {
    switch (act) {
    case Act::kWeb: act_web(d, t, false); break;
    case Act::kLegacyWeb: act_web(d, t, true); break;
    case Act::kCaptiveCheck: act_captive(d, t); break;
    case Act::kNbns: act_nbns_query(d, t); break;
    case Act::kLlmnr: act_llmnr(d, t); break;
    case Act::kSsdpSearch: act_ssdp_search(d, t); break;
    case Act::kSsdpNotify: act_ssdp_notify(d, t); break;
    case Act::kMdnsAnnounce: act_mdns_announce(d, t); break;
    case Act::kMdnsQuery: act_mdns_query(d, t); break;
    case Act::kNtp: act_ntp(d, t); break;
    case Act::kSmb2Session: act_smb2(d, t); break;
    case Act::kSmb1Session: act_smb1(d, t); break;
    case Act::kSshSession: act_ssh(d, t); break;
    case Act::kIntranetHttp: act_intranet_http(d, t); break;
    case Act::kLldp: act_lldp(d, t); break;
    case Act::kCdp: act_cdp(d, t); break;
    case Act::kStp: act_stp(d, t); break;
    case Act::kRouterAdvert:
        for (std::size_t i = 0; i < site_.subnets.size(); ++i)
            router_advert(t + 200 * i, static_cast<int>(i));
        break;
    case Act::kSnmpPoll: act_snmp_poll(d, t); break;
    case Act::kPrintJob: act_print_job(d, t); break;
    case Act::kIppQuery: act_ipp_query(d, t); break;
    case Act::kLpdJob: act_lpd_job(d, t); break;
    case Act::kSipRegister: act_sip_register(d, t); break;
    case Act::kSipOptions: act_sip_options(d, t); break;
    case Act::kSipCall: act_sip_call(d, t); break;
    case Act::kRtspPull: act_rtsp_pull(d, t); break;
    case Act::kTelnetLogin: act_telnet_login(d, t); break;
    case Act::kFtpLogin: act_ftp_login(d, t); break;
    case Act::kHttpBasicAuth: act_http_basic(d, t); break;
    case Act::kCameraHttps: act_camera_https(d, t); break;
    case Act::kMqttCloud: act_mqtt_cloud(d, t); break;
    case Act::kMqttLocal: act_mqtt_local(d, t); break;
    case Act::kModbusPoll: act_modbus_poll(d, t); break;
    case Act::kWsDiscovery: act_ws_discovery(d, t); break;
    case Act::kArpRefresh: act_arp_refresh(d, t); break;
    case Act::kDhcpRebind: act_dhcp_rebind(d, t); break;
    case Act::kAptUpdate: act_apt(d, t); break;
    case Act::kCameraHttp: act_camera_http(d, t); break;
    }
}

// ---------------------------------------------------------------- emission

std::uint16_t Scenario::ephemeral_port(Device& d) {
    const TcpStack& st = *d.profile->tcp;
    const std::uint32_t span = std::max<std::uint32_t>(1, st.port_hi - st.port_lo + 1u);
    if (st.ports_sequential) {
        d.next_port = st.port_lo + (d.next_port + 1 - st.port_lo) % span;
        return static_cast<std::uint16_t>(d.next_port);
    }
    return static_cast<std::uint16_t>(st.port_lo + d.rng.below(span));
}

std::uint16_t Scenario::next_ip_id(const Peer& p) {
    if (p.dev >= 0) return dev(p.dev).ip_id++;
    return rng_.u16();
}

std::uint8_t Scenario::ttl_of(const Peer& p) const {
    if (p.dev >= 0) return site_.devices[static_cast<std::size_t>(p.dev)].profile->tcp->ttl;
    return 52;
}

const TcpStack* Scenario::stack_of(const Peer& p) const {
    return p.dev >= 0 ? site_.devices[static_cast<std::size_t>(p.dev)].profile->tcp : nullptr;
}

void Scenario::send_ip4(std::uint64_t t, const Peer& src, const Peer& dst, std::uint8_t proto, ByteSpan l4,
                        std::uint8_t tos, std::uint8_t ttl_override) {
    Ip4Header h;
    h.src = src.ip;
    h.dst = dst.ip;
    h.proto = proto;
    h.tos = tos;
    h.ttl = ttl_override != 0 ? ttl_override : ttl_of(src);
    h.id = next_ip_id(src);
    h.df = src.dev < 0 || stack_of(src)->df;
    const auto pcp = static_cast<std::uint8_t>(tos >> 5);
    const Mac& rmac = router().mac;
    if (src.dev >= 0 && dst.dev >= 0) {
        const Device& s = dev(src.dev);
        const Device& d = dev(dst.dev);
        if (s.subnet == d.subnet || src.dev == site_.router || dst.dev == site_.router) {
            const std::uint16_t vlan = src.dev == site_.router ? d.vlan : s.vlan;
            emit(t, ipv4_frame(L2{s.mac, d.mac, vlan, pcp}, h, l4));
        } else {
            // Routed between VLANs. The capture is modelled as an ingress (rx) SPAN of the
            // access ports, so a routed packet is seen once, on the sender's VLAN, addressed
            // to the router; mirroring both legs would show every packet twice.
            emit(t, ipv4_frame(L2{s.mac, rmac, s.vlan, pcp}, h, l4));
        }
    } else if (src.dev >= 0) {
        const Device& s = dev(src.dev);
        emit(t, ipv4_frame(L2{s.mac, rmac, s.vlan, pcp}, h, l4));
    } else if (dst.dev >= 0) {
        const Device& d = dev(dst.dev);
        emit(t, ipv4_frame(L2{rmac, d.mac, d.vlan, pcp}, h, l4));
    }
}

void Scenario::send_udp(std::uint64_t t, const Peer& src, std::uint16_t sport, const Peer& dst, std::uint16_t dport,
                        ByteSpan payload, std::uint8_t tos, std::uint8_t ttl_override) {
    const Bytes seg = udp4(src.ip, dst.ip, sport, dport, payload);
    send_ip4(t, src, dst, kProtoUdp, seg, tos, ttl_override);
}

void Scenario::send_udp_group(std::uint64_t t, Device& src, const Ip4& src_ip, const Ip4& dst, const Mac& dst_mac,
                              std::uint16_t vlan, std::uint16_t sport, std::uint16_t dport, ByteSpan payload,
                              std::uint8_t ttl) {
    const Bytes seg = udp4(src_ip, dst, sport, dport, payload);
    Ip4Header h;
    h.src = src_ip;
    h.dst = dst;
    h.proto = kProtoUdp;
    h.ttl = ttl;
    h.id = src.ip_id++;
    h.df = src.profile->tcp->df && dst.multicast();
    emit(t, ipv4_frame(L2{src.mac, dst_mac, vlan, 0}, h, seg));
}

void Scenario::send_ip6(std::uint64_t t, const Mac& src_mac, const Mac& dst_mac, std::uint16_t vlan, const Ip6& src,
                        const Ip6& dst, std::uint8_t next, ByteSpan l4, std::uint8_t hop_limit) {
    Ip6Header h;
    h.src = src;
    h.dst = dst;
    h.next = next;
    h.hop_limit = hop_limit;
    emit(t, ipv6_frame(L2{src_mac, dst_mac, vlan, 0}, h, l4));
}

void Scenario::send_udp6(std::uint64_t t, const Device& src, const Ip6& dst, const Mac& dst_mac, std::uint16_t sport,
                         std::uint16_t dport, ByteSpan payload, std::uint8_t hop_limit) {
    const Bytes seg = udp6(src.ll6, dst, sport, dport, payload);
    send_ip6(t, src.mac, dst_mac, src.vlan, src.ll6, dst, kProtoUdp, seg, hop_limit);
}

void Scenario::send_arp(std::uint64_t t, std::uint16_t vlan, std::uint16_t op, const Mac& sha, const Ip4& spa,
                        const Mac& tha, const Ip4& tpa, const Mac& dst) {
    const Bytes body = arp_body(op, sha, spa, tha, tpa);
    emit(t, ethernet_frame(L2{sha, dst, vlan, 0}, kEtherArp, body));
}

std::uint64_t Scenario::arp_resolve(std::uint64_t t, Device& from, const Device& to) {
    if (from.subnet != to.subnet || from.index == to.index) return t;
    const auto key = std::make_pair(from.index, to.index);
    const auto it = arp_cache_.find(key);
    if (it != arp_cache_.end() && it->second > t) return t;
    send_arp(t, from.vlan, kArpRequest, from.mac, from.ip, kZeroMac, to.ip, Mac::broadcast());
    const std::uint64_t tr = t + 150 + from.rng.below(600);
    send_arp(tr, to.vlan, kArpReply, to.mac, to.ip, from.mac, from.ip, from.mac);
    arp_cache_[key] = t + kArpCacheUs;
    arp_cache_[std::make_pair(to.index, from.index)] = t + kArpCacheUs;
    return tr + 100;
}

Scenario::TcpSide Scenario::side(Device& d, std::uint16_t port) {
    TcpSide s;
    s.peer = peer_of(d);
    s.port = port;
    s.stack = d.profile->tcp;
    s.lat_us = static_cast<std::uint32_t>(40 + d.rng.below(120));
    s.ttl = d.profile->tcp->ttl;
    return s;
}

Scenario::TcpSide Scenario::remote_side(const Ip4& ip, std::string_view name, std::uint16_t port) {
    const RemoteProvider& p = provider_for(name);
    TcpSide s;
    s.peer = Peer{-1, ip};
    s.port = port;
    s.stack = p.tcp;
    s.lat_us = p.rtt_us / 2 + static_cast<std::uint32_t>(rng_.below(p.rtt_us / 8 + 1));
    s.ttl = static_cast<std::uint8_t>(p.initial_ttl - p.hops);
    return s;
}

Bytes Scenario::tcp_options(const TcpStack& st, std::string_view tokens, bool syn, std::uint32_t tsval,
                            std::uint32_t tsecr, std::uint16_t mss) {
    Writer w(40);
    for (const std::string_view tok : split(tokens, ',')) {
        if (tok == "mss" && syn) {
            w.u8(2).u8(4).be16(mss);
        } else if (tok == "nop") {
            w.u8(1);
        } else if (tok == "ws" && syn) {
            w.u8(3).u8(3).u8(st.wscale);
        } else if (tok == "sok" && syn) {
            w.u8(4).u8(2);
        } else if (tok == "ts") {
            w.u8(8).u8(10).be32(tsval).be32(tsecr);
        } else if (tok == "eol") {
            w.u8(0);
        }
    }
    return w.take();
}

std::uint64_t Scenario::tcp_session(std::uint64_t t, const TcpSide& c, const TcpSide& s, std::vector<Msg>& msgs,
                                    bool server_closes) {
    Rng& r = c.peer.dev >= 0 ? dev(c.peer.dev).rng : rng_;
    const bool c_ts = has_token(c.stack->options, "ts");
    const bool use_ts = c_ts && has_token(s.stack->options, "ts");
    const bool c_ws = has_token(c.stack->options, "ws");
    const bool use_ws = c_ws && has_token(s.stack->options, "ws");
    const bool c_sok = has_token(c.stack->options, "sok");
    std::string sa_tokens;
    for (const std::string_view tok : split(s.stack->options, ',')) {
        if ((tok == "ts" && !c_ts) || (tok == "ws" && !c_ws) || (tok == "sok" && !c_sok)) continue;
        sa_tokens.append(tok).push_back(',');
    }

    const std::uint32_t c_base = c.peer.dev >= 0 ? dev(c.peer.dev).ts_base : static_cast<std::uint32_t>(c.peer.ip.v * 2654435761u);
    const std::uint32_t s_base = s.peer.dev >= 0 ? dev(s.peer.dev).ts_base : static_cast<std::uint32_t>(s.peer.ip.v * 2654435761u);
    auto clock = [&](bool client, std::uint64_t at) {
        return (client ? c_base : s_base) + static_cast<std::uint32_t>(at / 1000);
    };
    // Each side's packets leave in the order the model produces them.
    std::uint64_t last_tx[2] = {0, 0};
    auto send = [&](bool from_client, std::uint64_t at, std::uint8_t flags, std::uint32_t seq, std::uint32_t ack,
                    ByteSpan payload, Bytes opts, std::uint16_t win) {
        std::uint64_t& lt = last_tx[from_client ? 0 : 1];
        at = std::max(at, lt + 3);
        lt = at;
        const TcpSide& a = from_client ? c : s;
        const TcpSide& b = from_client ? s : c;
        TcpHeader h;
        h.sport = a.port;
        h.dport = b.port;
        h.seq = seq;
        h.ack = ack;
        h.flags = flags;
        h.window = win;
        h.options = std::move(opts);
        const Bytes seg = tcp4(a.peer.ip, b.peer.ip, h, payload);
        send_ip4(at, a.peer, b.peer, kProtoTcp, seg, 0, a.ttl);
        return at;
    };
    auto data_opts = [&](bool from_client, std::uint64_t at) {
        if (!use_ts) return Bytes{};
        const std::uint32_t lat = from_client ? s.lat_us : c.lat_us;
        Writer w(12);
        w.u8(1).u8(1).u8(8).u8(10).be32(clock(from_client, at)).be32(clock(!from_client, at > 2 * lat ? at - 2 * lat : 0));
        return w.take();
    };
    const std::uint16_t c_win = data_window(*c.stack, use_ws);
    const std::uint16_t s_win = data_window(*s.stack, use_ws);
    const std::size_t mss = std::min(c.stack->mss, s.stack->mss) - (use_ts ? 12u : 0u);

    const std::uint32_t c_isn = r.u32();
    const std::uint32_t s_isn = r.u32();
    std::uint64_t now = t;
    send(true, now, tcp_flag::kSyn, c_isn, 0, {}, tcp_options(*c.stack, c.stack->options, true, clock(true, now), 0, c.stack->mss),
         c.stack->syn_window);
    const std::uint64_t t_sa = now + 2 * s.lat_us + 25;
    send(false, t_sa, tcp_flag::kSyn | tcp_flag::kAck, s_isn, c_isn + 1, {},
         tcp_options(*s.stack, sa_tokens, true, clock(false, t_sa), clock(true, now), s.stack->mss),
         s.stack->synack_window);
    now = t_sa + 2 * c.lat_us + 15;
    send(true, now, tcp_flag::kAck, c_isn + 1, s_isn + 1, {}, data_opts(true, now), c_win);

    std::uint32_t c_next = c_isn + 1;
    std::uint32_t s_next = s_isn + 1;
    bool last_from_client = true;  // the handshake ACK
    for (std::size_t i = 0; i < msgs.size(); ++i) {
        const Msg& m = msgs[i];
        const bool fc = m.from_client;
        const TcpSide& snd = fc ? c : s;
        const TcpSide& rcv = fc ? s : c;
        std::uint32_t& sn = fc ? c_next : s_next;
        const std::uint32_t& rn = fc ? s_next : c_next;
        const std::uint16_t swin = fc ? c_win : s_win;
        const std::uint16_t rwin = fc ? s_win : c_win;
        const std::uint64_t turn = (fc == last_from_client) ? 8 : 2 * snd.lat_us;
        std::uint64_t at = now + turn + std::max<std::uint32_t>(m.think_us, 40);
        const std::uint64_t gap = snd.peer.dev >= 0 ? 14 : 110;
        const std::size_t total = m.data.size();
        std::size_t off = 0;
        int seg_no = 0;
        std::uint64_t last_at = at;
        // The receiver's window bounds the bytes in flight; past it, wait for the next ACK.
        const std::size_t window_bytes =
            std::max<std::size_t>(2 * mss, std::size_t{rwin} << (use_ws ? rcv.stack->wscale : 0));
        std::vector<std::pair<std::uint64_t, std::uint32_t>> acks;  // (time, ack number) of ACKs in flight
        std::uint32_t acked = sn;
        std::size_t next_ack = 0;
        while (off < total) {
            const std::size_t n = std::min(mss, total - off);
            const bool last = off + n == total;
            while (next_ack < acks.size() && acks[next_ack].first <= at) acked = acks[next_ack++].second;
            while (sn + n - acked >= window_bytes && next_ack < acks.size()) {
                at = std::max(at, acks[next_ack].first + 20);
                acked = acks[next_ack++].second;
            }
            if (sn + n - acked >= window_bytes) {
                // Nothing acknowledged yet: the receiver ACKs what it has, then the sender goes on.
                const std::uint64_t ack_at = at + 2 * rcv.lat_us + 30;
                send(!fc, ack_at, tcp_flag::kAck, rn, sn, {}, data_opts(!fc, ack_at), rwin);
                acked = sn;
                at = ack_at + 20;
            }
            at = send(fc, at, static_cast<std::uint8_t>(tcp_flag::kAck | (last ? tcp_flag::kPsh : 0)), sn, rn,
                 ByteSpan(m.data).subspan(off, n), data_opts(fc, at), swin);
            sn += static_cast<std::uint32_t>(n);
            off += n;
            ++seg_no;
            last_at = at;
            if (seg_no % 2 == 0 && !last) {
                const std::uint64_t ack_at = std::max(at + 2 * rcv.lat_us + 30, last_tx[fc ? 1 : 0] + 3);
                send(!fc, ack_at, tcp_flag::kAck, rn, sn, {}, data_opts(!fc, ack_at), rwin);
                acks.emplace_back(ack_at, sn);
            }
            at += gap;
        }
        const bool next_from_receiver = i + 1 < msgs.size() && msgs[i + 1].from_client != fc;
        const bool piggyback = next_from_receiver && msgs[i + 1].think_us < 40000;
        if (!piggyback) {
            const std::uint64_t ack_at = last_at + 2 * rcv.lat_us + (seg_no % 2 == 0 ? 30 : 400 + r.below(2000));
            send(!fc, ack_at, tcp_flag::kAck, rn, sn, {}, data_opts(!fc, ack_at), rwin);
        }
        now = last_at;
        last_from_client = fc;
    }

    // Close: the closer sends FIN, the peer answers FIN, the closer ACKs.
    const bool closer_client = !server_closes;
    const TcpSide& cl = closer_client ? c : s;
    const TcpSide& ot = closer_client ? s : c;
    std::uint32_t& cl_next = closer_client ? c_next : s_next;
    std::uint32_t& ot_next = closer_client ? s_next : c_next;
    std::uint64_t at = now + (last_from_client == closer_client ? 200 : 2 * cl.lat_us + 300) + r.below(3000);
    at = send(closer_client, at, tcp_flag::kFin | tcp_flag::kAck, cl_next, ot_next, {}, data_opts(closer_client, at),
              closer_client ? c_win : s_win);
    cl_next += 1;
    at += 2 * ot.lat_us + 40;
    at = send(!closer_client, at, tcp_flag::kFin | tcp_flag::kAck, ot_next, cl_next, {},
              data_opts(!closer_client, at), closer_client ? s_win : c_win);
    ot_next += 1;
    at += 2 * cl.lat_us + 20;
    at = send(closer_client, at, tcp_flag::kAck, cl_next, ot_next, {}, data_opts(closer_client, at),
              closer_client ? c_win : s_win);
    return at;
}

// ---------------------------------------------------------------- naming, remote peers, TLS

Ip4 Scenario::remote_ip(std::string_view name) const {
    const RemoteProvider& p = provider_for(name);
    const std::uint64_t h = fnv1a(name);
    return Ip4::of(p.a, p.b, static_cast<unsigned>((h >> 8) & 0xff), static_cast<unsigned>(1 + h % 254));
}

std::uint64_t Scenario::resolve(std::uint64_t t, Device& d, std::string_view name, Ip4* out) {
    const Ip4 ip = remote_ip(name);
    if (out != nullptr) *out = ip;
    const std::string key(name);
    const auto it = d.dns_cache.find(key);
    if (it != d.dns_cache.end() && it->second > t) return t;
    const Peer me = peer_of(d);
    const Peer gw = gateway_peer(d);
    const std::uint16_t sport = static_cast<std::uint16_t>(49152 + d.rng.below(16384));
    const std::uint16_t id = d.rng.u16();
    const std::uint64_t tr = t + 1500 + d.rng.below(25000);
    send_udp(t, me, sport, gw, 53, dns::query(id, name, dns::kTypeA));
    const Ip4 answers[] = {ip};
    send_udp(tr, gw, 53, me, sport, dns::response(id, name, dns::kTypeA, answers, {}, kDnsTtlS));
    if (d.has_v6) {
        const RemoteProvider& p = provider_for(name);
        std::vector<Ip6> v6;
        if (p.v6_hi != 0) {
            Ip6 a;
            for (int k = 0; k < 4; ++k) a.b[static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(p.v6_hi >> (24 - 8 * k));
            const std::uint64_t h = fnv1a(name, 7);
            for (int k = 0; k < 4; ++k) a.b[static_cast<std::size_t>(4 + k)] = static_cast<std::uint8_t>(h >> (8 * k));
            a.b[15] = static_cast<std::uint8_t>(1 + (h >> 40) % 250);
            a.b[14] = 0x20;
            v6.push_back(a);
        }
        const std::uint16_t id6 = d.rng.u16();
        const std::uint16_t sport6 = static_cast<std::uint16_t>(49152 + d.rng.below(16384));
        send_udp(t + 120, me, sport6, gw, 53, dns::query(id6, name, dns::kTypeAaaa));
        send_udp(tr + 300, gw, 53, me, sport6, dns::response(id6, name, dns::kTypeAaaa, {}, v6, kDnsTtlS));
    }
    d.dns_cache[key] = tr + std::uint64_t{kDnsTtlS} * 1000000;
    return tr + 300 + d.rng.below(2000);
}

std::uint64_t Scenario::resolve_local(std::uint64_t t, Device& d, const Device& target) {
    if (target.hostname.empty()) return t;
    const std::string name = target.hostname + "." + site_.domain;
    const auto it = d.dns_cache.find(name);
    if (it != d.dns_cache.end() && it->second > t) return t;
    const Peer me = peer_of(d);
    const Peer gw = gateway_peer(d);
    const std::uint16_t sport = static_cast<std::uint16_t>(49152 + d.rng.below(16384));
    const std::uint16_t id = d.rng.u16();
    const std::uint64_t tr = t + 300 + d.rng.below(1500);
    send_udp(t, me, sport, gw, 53, dns::query(id, name, dns::kTypeA));
    const Ip4 answers[] = {target.ip};
    send_udp(tr, gw, 53, me, sport, dns::response(id, name, dns::kTypeA, answers, {}, 3600));
    d.dns_cache[name] = tr + 3600ULL * 1000000;
    return tr + 200;
}

const std::vector<Bytes>& Scenario::remote_chain(std::string_view name) {
    const std::string key(name);
    auto it = cert_cache_.find(key);
    if (it != cert_cache_.end()) return it->second;
    der::CertSpec leaf;
    leaf.subject_cn = key;
    leaf.san_dns = key;
    leaf.issuer_c = "US";
    const RemoteProvider& p = provider_for(name);
    if (p.tcp->ttl == 128) {
        leaf.issuer_o = "Microsoft Corporation";
        leaf.issuer_cn = "Microsoft Azure RSA TLS Issuing CA 04";
    } else if (p.a == 52 || p.a == 54 || p.a == 3) {
        leaf.issuer_o = "Amazon";
        leaf.issuer_cn = "Amazon RSA 2048 M02";
    } else {
        leaf.issuer_o = "DigiCert Inc";
        leaf.issuer_cn = "DigiCert Global G2 TLS RSA SHA256 2020 CA1";
    }
    Rng r(fnv1a(name, site_.opt.seed));
    const Bytes der_leaf = der::certificate(leaf, r);
    der::CertSpec inter;
    inter.subject_c = "US";
    inter.subject_o = leaf.issuer_o;
    inter.subject_cn = leaf.issuer_cn;
    inter.issuer_c = "US";
    inter.issuer_o = leaf.issuer_o;
    inter.issuer_cn = leaf.issuer_o + " Root CA";
    inter.not_before = "230101000000Z";
    inter.not_after = "330101000000Z";
    std::vector<Bytes> chain{der_leaf, der::certificate(inter, r)};
    return cert_cache_.emplace(key, std::move(chain)).first->second;
}

const std::vector<Bytes>& Scenario::self_signed_chain(const Device& d) {
    auto it = self_signed_cache_.find(d.index);
    if (it != self_signed_cache_.end()) return it->second;
    der::CertSpec spec;
    spec.subject_c = "CN";
    spec.subject_o = std::string(d.profile->vendor);
    spec.subject_cn = d.ip.str();
    spec.self_signed = true;
    spec.san_ip = d.ip;
    spec.not_before = "160530104517Z";
    spec.not_after = "260528104517Z";
    Rng r(fnv1a(d.mac.str(), site_.opt.seed));
    std::vector<Bytes> chain{der::certificate(spec, r)};
    return self_signed_cache_.emplace(d.index, std::move(chain)).first->second;
}

std::uint64_t Scenario::tls_session(std::uint64_t t, Device& client, tls::Stack stack, const TcpSide& server,
                                    std::string_view sni, const tls::ServerPolicy& policy, std::size_t request_bytes,
                                    std::size_t response_bytes, int exchanges, std::string_view alpn) {
    Rng& r = client.rng;
    const tls::ClientHello ch = tls::client_hello(stack, sni, r, alpn);
    tls::Session sess;
    const Bytes flight = tls::server_flight(ch, policy, sess, r);
    if (sess.version == tls::kTls10) client.risky.insert("tls1.0-client");
    std::vector<Msg> msgs;
    msgs.push_back(Msg{true, ch.record, 0});
    msgs.push_back(Msg{false, flight, static_cast<std::uint32_t>(300 + r.below(3000))});
    Bytes fin = tls::client_finish(sess, r);
    const Bytes req = tls::app_data(sess, request_bytes, r);
    fin.insert(fin.end(), req.begin(), req.end());
    msgs.push_back(Msg{true, std::move(fin), static_cast<std::uint32_t>(100 + r.below(800))});
    Bytes sfin = tls::server_finish(sess, r);
    const Bytes resp = tls::app_data(sess, response_bytes, r);
    sfin.insert(sfin.end(), resp.begin(), resp.end());
    msgs.push_back(Msg{false, std::move(sfin), static_cast<std::uint32_t>(2000 + r.below(40000))});
    for (int k = 1; k < exchanges; ++k) {
        msgs.push_back(Msg{true, tls::app_data(sess, request_bytes / 2 + r.below(request_bytes + 1), r),
                           static_cast<std::uint32_t>(50000 + r.below(1500000))});
        msgs.push_back(Msg{false, tls::app_data(sess, response_bytes / 2 + r.below(response_bytes + 1), r),
                           static_cast<std::uint32_t>(2000 + r.below(30000))});
    }
    msgs.push_back(Msg{true, tls::close_notify(sess, r), static_cast<std::uint32_t>(20000 + r.below(2000000))});
    const TcpSide c = side(client, ephemeral_port(client));
    return tcp_session(t, c, server, msgs);
}

// ---------------------------------------------------------------- joining

void Scenario::join(Device& d) {
    const std::uint64_t t = d.join_us;
    if (d.index == site_.router) {
        for (std::size_t i = 0; i < site_.subnets.size(); ++i) {
            const Subnet& s = site_.subnets[i];
            send_arp(t + 100 * i, s.vlan, kArpRequest, d.mac, s.gateway(), kZeroMac, s.gateway(), Mac::broadcast());
        }
        return;
    }
    std::uint64_t at = t;
    if (d.profile->dhcp != nullptr) {
        join_dhcp(d, at);
        at += 60000;
        arp_announce(d, at, d.profile->dhcp->broadcast_flag ? 0 : 2);
    } else {
        arp_announce(d, at, 0);
    }
    if (d.has_v6) join_ipv6(d, t + 200000 + d.rng.below(300000));
    if (!d.profile->netbios.empty() && !d.hostname.empty()) nbns_register(d, t + 2500000 + d.rng.below(1000000));
    if (d.profile->dhcpv6 != nullptr && d.has_v6) dhcpv6_solicit(d, t + 1800000 + d.rng.below(500000));
    if (!d.mdns.empty()) {
        act_mdns_announce(d, t + 2000000 + d.rng.below(500000));
        act_mdns_announce(d, t + 3100000 + d.rng.below(500000));
    }
}

void Scenario::join_dhcp(Device& d, std::uint64_t t) {
    const dhcp::ClientStack& st = *d.profile->dhcp;
    const Device& rt = router();
    const Ip4 gw = gateway_of(d);
    const std::uint32_t xid = d.rng.u32();
    dhcp::ClientMessage m;
    m.type = dhcp::Type::kDiscover;
    m.xid = xid;
    m.mac = d.mac;
    if (d.rng.chance(0.6)) m.requested = d.ip;  // remembers its last lease
    if (d.profile->hostname_in_dhcp) m.hostname = d.hostname;
    if (has_token(st.request_order, "81") && !d.hostname.empty()) m.fqdn = d.hostname + "." + site_.domain;

    auto client_send = [&](std::uint64_t at, const Bytes& payload) {
        const Bytes seg = udp4(Ip4{}, Ip4{0xffffffff}, 68, 67, payload);
        Ip4Header h;
        h.dst = Ip4{0xffffffff};
        h.proto = kProtoUdp;
        h.ttl = st.ttl;
        h.id = d.ip_id++;
        h.df = false;
        h.tos = 0;
        emit(at, ipv4_frame(L2{d.mac, Mac::broadcast(), d.vlan, 0}, h, seg));
    };
    auto server_send = [&](std::uint64_t at, dhcp::Type type) {
        dhcp::ServerMessage s;
        s.type = type;
        s.xid = xid;
        s.broadcast_flag = st.broadcast_flag;
        s.chaddr = d.mac;
        s.yiaddr = d.ip;
        s.server = gw;
        s.router = gw;
        s.mask = Ip4::of(255, 255, 255, 0);
        s.dns = gw;
        s.domain = site_.domain;
        s.lease_s = 86400;
        if (has_token(st.prl, "150")) {
            const int pbx = site_.peer(d, kRolePbx);
            if (pbx >= 0) s.tftp = dev(pbx).ip;
        }
        const Bytes payload = dhcp::server_message(s);
        const Ip4 dst = st.broadcast_flag ? Ip4{0xffffffff} : d.ip;
        const Mac dst_mac = st.broadcast_flag ? Mac::broadcast() : d.mac;
        const Bytes seg = udp4(gw, dst, 67, 68, payload);
        Ip4Header h;
        h.src = gw;
        h.dst = dst;
        h.proto = kProtoUdp;
        h.ttl = 255;
        h.id = router().ip_id++;
        h.df = false;
        emit(at, ipv4_frame(L2{rt.mac, dst_mac, d.vlan, 0}, h, seg));
    };

    client_send(t, dhcp::client_message(st, m));
    const std::uint64_t t_offer = t + 800 + d.rng.below(3000);
    server_send(t_offer, dhcp::Type::kOffer);
    const std::uint64_t t_req = t_offer + 2000 + d.rng.below(40000);
    m.type = dhcp::Type::kRequest;
    m.requested = d.ip;
    m.server_id = gw;
    m.secs = 0;
    client_send(t_req, dhcp::client_message(st, m));
    server_send(t_req + 600 + d.rng.below(2000), dhcp::Type::kAck);
}

void Scenario::dhcp_request_ack(Device& d, std::uint64_t t, std::uint32_t xid) {
    const dhcp::ClientStack& st = *d.profile->dhcp;
    dhcp::ClientMessage m;
    m.type = dhcp::Type::kRequest;
    m.xid = xid;
    m.mac = d.mac;
    m.requested = d.ip;
    if (d.profile->hostname_in_dhcp) m.hostname = d.hostname;
    const Bytes payload = dhcp::client_message(st, m);
    const Bytes seg = udp4(Ip4{}, Ip4{0xffffffff}, 68, 67, payload);
    Ip4Header h;
    h.dst = Ip4{0xffffffff};
    h.proto = kProtoUdp;
    h.ttl = st.ttl;
    h.id = d.ip_id++;
    h.df = false;
    emit(t, ipv4_frame(L2{d.mac, Mac::broadcast(), d.vlan, 0}, h, seg));

    const Ip4 gw = gateway_of(d);
    dhcp::ServerMessage s;
    s.type = dhcp::Type::kAck;
    s.xid = xid;
    s.broadcast_flag = true;  // INIT-REBOOT: the client has no address yet
    s.chaddr = d.mac;
    s.yiaddr = d.ip;
    s.server = gw;
    s.router = gw;
    s.mask = Ip4::of(255, 255, 255, 0);
    s.dns = gw;
    s.domain = site_.domain;
    const Bytes ack = dhcp::server_message(s);
    const Bytes seg2 = udp4(gw, Ip4{0xffffffff}, 67, 68, ack);
    Ip4Header h2;
    h2.src = gw;
    h2.dst = Ip4{0xffffffff};
    h2.proto = kProtoUdp;
    h2.ttl = 255;
    h2.id = router().ip_id++;
    h2.df = false;
    emit(t + 700 + d.rng.below(2000), ipv4_frame(L2{router().mac, Mac::broadcast(), d.vlan, 0}, h2, seg2));
}

void Scenario::arp_announce(Device& d, std::uint64_t t, int probes) {
    std::uint64_t at = t;
    for (int i = 0; i < probes; ++i) {
        send_arp(at, d.vlan, kArpRequest, d.mac, Ip4{}, kZeroMac, d.ip, Mac::broadcast());
        at += 1000000 + d.rng.below(1000000);
    }
    const int announcements = probes > 0 ? 2 : 1;
    for (int i = 0; i < announcements; ++i) {
        send_arp(at, d.vlan, kArpRequest, d.mac, d.ip, kZeroMac, d.ip, Mac::broadcast());
        at += 2000000;
    }
    // Resolve the default gateway.
    const Ip4 gw = gateway_of(d);
    send_arp(at, d.vlan, kArpRequest, d.mac, d.ip, kZeroMac, gw, Mac::broadcast());
    send_arp(at + 300 + d.rng.below(700), d.vlan, kArpReply, router().mac, gw, d.mac, d.ip, d.mac);
}

void Scenario::join_ipv6(Device& d, std::uint64_t t) {
    const Device& rt = router();
    const Ip6 unspecified{};
    auto ns = [&](std::uint64_t at, const Ip6& src, const Ip6& target, bool with_slla) {
        Writer w(32);
        w.u8(135).u8(0).be16(0).be32(0).bytes(target.b);
        if (with_slla) w.u8(1).u8(1).bytes(d.mac.b);
        const Ip6 dst = solicited_node(target);
        const Bytes msg = icmp6(src, dst, w.data());
        send_ip6(at, d.mac, multicast_mac(dst), d.vlan, src, dst, kProtoIcmp6, msg, 255);
    };
    ns(t, unspecified, d.ll6, false);  // DAD for the link-local address
    std::uint64_t at = t + 1000000 + d.rng.below(400000);
    {
        Writer w(16);
        w.u8(133).u8(0).be16(0).be32(0).u8(1).u8(1).bytes(d.mac.b);
        const Ip6 all_routers = ip6_multicast(2);
        const Bytes msg = icmp6(d.ll6, all_routers, w.data());
        send_ip6(at, d.mac, kAllRoutersMac, d.vlan, d.ll6, all_routers, kProtoIcmp6, msg, 255);
    }
    router_advert(at + 2000 + d.rng.below(3000), d.subnet);
    at += 200000;
    ns(at, unspecified, d.gl6, false);  // DAD for the SLAAC address
    at += 1100000 + d.rng.below(500000);
    ns(at, d.ll6, rt.ll6, true);        // resolve the router
    Writer na(32);
    na.u8(136).u8(0).be16(0).be32(0xe0000000).bytes(rt.ll6.b).u8(2).u8(1).bytes(rt.mac.b);
    const Bytes msg = icmp6(rt.ll6, d.ll6, na.data());
    send_ip6(at + 300 + d.rng.below(500), rt.mac, d.mac, d.vlan, rt.ll6, d.ll6, kProtoIcmp6, msg, 255);
}

void Scenario::router_advert(std::uint64_t t, int subnet) {
    const Device& rt = router();
    const Subnet& s = site_.subnets[static_cast<std::size_t>(subnet)];
    Writer w(64);
    w.u8(134).u8(0).be16(0);
    w.u8(64).u8(0xc0).be16(1800).be32(0).be32(0);  // hop limit 64, M+O, lifetime 1800 s
    w.u8(1).u8(1).bytes(rt.mac.b);                  // source link-layer address
    w.u8(5).u8(1).be16(0).be32(1500);               // MTU
    w.u8(3).u8(4).u8(64).u8(0xc0).be32(2592000).be32(604800).be32(0).bytes(s.prefix6.b);
    const Ip6 all_nodes = ip6_multicast(1);
    const Bytes msg = icmp6(rt.ll6, all_nodes, w.data());
    send_ip6(t, rt.mac, kAllNodesMac, s.vlan, rt.ll6, all_nodes, kProtoIcmp6, msg, 255);
}

void Scenario::nbns_register(Device& d, std::uint64_t t) {
    struct Name {
        std::string_view name;
        std::uint8_t suffix;
        bool group;
    };
    const Name names[] = {{d.hostname, 0x00, false},
                          {d.hostname, 0x20, false},
                          {d.profile->netbios, 0x00, true},
                          {d.profile->netbios, 0x1e, true}};
    const Ip4 bcast = site_.subnet_of(d).broadcast();
    std::uint64_t at = t;
    for (const Name& n : names) {
        const std::uint16_t id = d.rng.u16();
        for (int retry = 0; retry < 2; ++retry) {
            send_udp_group(at + static_cast<std::uint64_t>(retry) * 750000, d, d.ip, bcast, Mac::broadcast(), d.vlan,
                           137, 137, dns::nbns_registration(id, n.name, n.suffix, n.group, d.ip),
                           d.profile->tcp->ttl);
        }
        at += 1500 + d.rng.below(3000);
    }
}

void Scenario::dhcpv6_solicit(Device& d, std::uint64_t t) {
    dhcp::Solicit6 s = *d.profile->dhcpv6;
    s.xid = d.rng.u32() & 0xffffff;
    s.mac = d.mac;
    s.duid_time = static_cast<std::uint32_t>(fnv1a(d.mac.str()) % 300000000 + 600000000);
    s.iaid = static_cast<std::uint32_t>(fnv1a(d.hostname) & 0x7fffffff);
    s.fqdn = d.hostname + "." + site_.domain;
    const Bytes msg = dhcp::solicit6(s);
    const Ip6 all_dhcp = ip6_multicast(0x0002);
    Ip6 dst = all_dhcp;
    dst.b[13] = 0x01;  // ff02::1:2
    send_udp6(t, d, dst, multicast_mac(dst), 546, 547, msg, 1);
    send_udp6(t + 1100000 + d.rng.below(200000), d, dst, multicast_mac(dst), 546, 547, msg, 1);
}

}  // namespace sitegen
