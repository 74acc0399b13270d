#include "sensor/pipeline/l7_router.h"

#include <algorithm>

#include "dissectors/packet/packet.h"
#include "posture/evidence/cdp.h"
#include "posture/evidence/cleartext.h"
#include "posture/evidence/dhcp.h"
#include "posture/evidence/dhcpv6.h"
#include "posture/evidence/dns.h"
#include "posture/evidence/eapol.h"
#include "posture/evidence/http.h"
#include "posture/evidence/lldp.h"
#include "posture/evidence/nbns.h"
#include "posture/evidence/ndp.h"
#include "posture/evidence/netbios_dgm.h"
#include "posture/evidence/ntp.h"
#include "posture/evidence/smb.h"
#include "posture/evidence/snmp.h"
#include "posture/evidence/ssdp.h"
#include "posture/evidence/ssh.h"
#include "posture/evidence/stp.h"
#include "posture/evidence/tcp.h"
#include "posture/evidence/tls.h"

namespace sensor {

using dissect::routes::Proto;
namespace ev = posture::evidence;

struct StreamState {
    struct Dir {
        std::vector<std::uint8_t> buf;
        std::uint32_t next_seq = 0;
        bool seq_known = false;
        bool done = false;
        std::size_t need = 1;      // bytes of buf wanted before the next mapper call
        std::size_t cursor = 0;    // start of the message the mapper reads next
        std::uint8_t messages = 0; // whole messages the mapper has consumed
    };
    std::array<Dir, 2> dir;  // [0] client -> server, [1] server -> client
    posture::evidence::QuicMemo quic;  // QUIC flows (UDP): what the server's Initial needs
    void reset() {
        quic = {};
        for (auto& d : dir) {
            d.buf.clear();
            d.next_seq = 0;
            d.seq_known = false;
            d.done = false;
            d.need = 1;
            d.cursor = 0;
            d.messages = 0;
        }
    }
};

namespace {

constexpr std::uint8_t kSyn = 0x02;
constexpr std::uint8_t kMaxL7Probes = 8;  // TCP payloads probed before a flow is left unrouted (SOCKS, preambles)

using StreamMapper = dissect::Result<ev::StreamStatus> (*)(dissect::ByteView, const ev::PacketContext&, ev::Sink&);
using DatagramMapper = dissect::Result<void> (*)(dissect::ByteView, const ev::PacketContext&, ev::Sink&);

StreamMapper stream_mapper(Proto p) {
    switch (p) {
        case Proto::Http: return &ev::http_stream;
        case Proto::Tls: return &ev::tls_stream;
        case Proto::Ssh: return &ev::ssh_stream;
        case Proto::Smb: return &ev::smb_stream;
        case Proto::Telnet: return &ev::telnet_stream;
        case Proto::Ftp: return &ev::ftp_stream;
        case Proto::Pop3: return &ev::pop3_stream;
        case Proto::Imap: return &ev::imap_stream;
        default: return nullptr;
    }
}

DatagramMapper datagram_mapper(Proto p) {
    switch (p) {
        case Proto::Dhcp: return &ev::dhcp_datagram;
        case Proto::Dhcpv6: return &ev::dhcpv6_datagram;
        case Proto::Dns: return &ev::dns_datagram;
        case Proto::Mdns: return &ev::mdns_datagram;
        case Proto::Llmnr: return &ev::llmnr_datagram;
        case Proto::Nbns: return &ev::nbns_datagram;
        case Proto::Browser: return &ev::browser_datagram;
        case Proto::Ssdp: return &ev::ssdp_datagram;
        case Proto::Snmp: return &ev::snmp_datagram;
        case Proto::Ntp: return &ev::ntp_datagram;
        case Proto::Quic: return &ev::quic_datagram;
        default: return nullptr;
    }
}

// A TLS handshake record (content type 22, version 3.x) holding a ClientHello.
bool starts_client_hello(dissect::ByteView p) {
    return p.size() >= 6 && p[0] == 0x16 && p[1] == 0x03 && p[2] <= 0x04 && p[5] == 0x01;
}

// Streams that may turn into TLS part way: STARTTLS-capable cleartext
// protocols, HTTP (CONNECT) and streams no probe recognised.
bool upgradable(Proto p) {
    switch (p) {
        case Proto::None:
        case Proto::Http:
        case Proto::Ftp:
        case Proto::Pop3:
        case Proto::Imap:
        case Proto::Telnet: return true;
        default: return false;
    }
}

DatagramMapper frame_mapper(Proto p) {
    switch (p) {
        case Proto::Lldp: return &ev::lldp_frame;
        case Proto::Cdp: return &ev::cdp_frame;
        case Proto::Stp: return &ev::stp_frame;
        case Proto::Eapol: return &ev::eapol_frame;
        default: return nullptr;
    }
}

}  // namespace

L7Router::L7Router(const dissect::routes::Table& routes, const posture::Databases& db, std::size_t max_stream_bytes)
    : routes_(routes), db_(db), max_stream_bytes_(max_stream_bytes) {}

L7Router::~L7Router() = default;

StreamState* L7Router::acquire(bool buffers) {
    ++live_;
    if (!pool_.empty()) {
        StreamState* s = pool_.back().release();
        pool_.pop_back();
        s->reset();
        return s;
    }
    auto* s = new StreamState();
    if (buffers)
        for (auto& d : s->dir) d.buf.reserve(std::min<std::size_t>(max_stream_bytes_, 2048));
    return s;
}

void L7Router::release(StreamState* s) {
    --live_;
    constexpr std::size_t kMaxPooled = 256;
    if (pool_.size() < kMaxPooled) {
        // Keep buffers small while pooled: a 16 KiB buffer goes back to the heap.
        for (auto& d : s->dir)
            if (d.buf.capacity() > 4096) std::vector<std::uint8_t>().swap(d.buf);
        pool_.emplace_back(s);
    } else {
        delete s;
    }
}

void L7Router::count(Proto p, const dissect::ParseError& e) {
    counters_.errors[static_cast<std::size_t>(p)][static_cast<std::size_t>(e.kind)].add();
}

void L7Router::deliver(ev::Sink& sink, const dissect::packet::Decoded& d, std::uint64_t seq, std::uint64_t ts_us,
                       const Emit& emit) {
    for (auto& fp : sink) {
        posture::Evidence e;
        e.seq = seq;
        e.ts_us = ts_us;
        e.kind = posture::EvidenceKind::Fingerprint;
        e.vlan = d.vlan;
        e.mac = d.src_mac;
        if (d.l3 == dissect::packet::L3::Ipv4 || d.l3 == dissect::packet::L3::Ipv6) e.ip = d.src_ip;
        e.fp = std::make_unique<posture::Fingerprint>(std::move(fp));
        counters_.fingerprints.add();
        emit(std::move(e));
    }
    sink.clear();
}

void L7Router::frame(const dissect::packet::Decoded& d, std::uint64_t seq, std::uint64_t ts_us, const Emit& emit) {
    const Proto p = routes_.l2(d);
    DatagramMapper m = frame_mapper(p);
    if (!m || !d.has_eth) return;
    ev::PacketContext ctx{&d, true, ts_us, &db_};
    auto r = m(d.l2_payload, ctx, sink_);
    if (!r) count(p, r.error());
    else counters_.parsed[static_cast<std::size_t>(p)].add();
    deliver(sink_, d, seq, ts_us, emit);
}

bool L7Router::router_advert(const dissect::packet::Decoded& d, std::uint64_t seq, std::uint64_t ts_us,
                             const Emit& emit, dissect::ParseError* err) {
    ev::PacketContext ctx{&d, true, ts_us, &db_};
    auto r = ev::ndp_router_advert(d.l4_payload, ctx, sink_);
    if (!r) {
        if (err) *err = r.error();
        sink_.clear();
        return false;
    }
    deliver(sink_, d, seq, ts_us, emit);
    return true;
}

void L7Router::packet(Flow& f, const dissect::packet::Decoded& d, bool from_client, std::uint64_t seq,
                      std::uint64_t ts_us, const Emit& emit) {
    ev::PacketContext ctx{&d, from_client, ts_us, &db_, nullptr};
    const bool tcp = d.ip_proto == 6;
    if (tcp && (d.tcp_flags & kSyn)) {
        (void)ev::tcp_syn(ctx, sink_);
        deliver(sink_, d, seq, ts_us, emit);
    }
    const std::uint16_t server_port = from_client ? d.dport : d.sport;
    const std::uint16_t client_port = from_client ? d.sport : d.dport;
    if (!tcp) {
        if (d.ip_proto != 17 || d.l4_payload.empty()) return;
        const Proto p = routes_.udp(client_port, server_port, d.l4_payload);
        DatagramMapper m = datagram_mapper(p);
        if (!m) return;
        if (p == Proto::Quic) {
            // Keep the client's DCID until the server's Initial is read.
            if (!f.stream && from_client) f.stream = acquire(false);
            if (f.stream) {
                auto* st = static_cast<StreamState*>(f.stream);
                ctx.quic = &st->quic;
            }
        }
        auto r = m(d.l4_payload, ctx, sink_);
        // Done with the memo once the ServerHello is read, or when the
        // client's first packet here was not an Initial to remember.
        if (ctx.quic && (ctx.quic->server_read || !ctx.quic->known)) end(f);
        if (!r) count(p, r.error());
        else counters_.parsed[static_cast<std::size_t>(p)].add();
        deliver(sink_, d, seq, ts_us, emit);
        return;
    }

    // TCP: decide the protocol once, on the first payload a probe (or the
    // server port) recognises; a few unrecognised payloads first (a custom
    // preamble, keep-alive bytes) do not stop a later HTTP or TLS start from
    // being seen. The stream then starts at that payload.
    if (!f.l7_decided) {
        if (d.l4_payload.empty()) return;  // probes need data
        const Proto p = routes_.tcp(server_port, d.l4_payload);
        if (p == Proto::None && ++f.l7_probes < kMaxL7Probes) return;
        f.l7_decided = true;
        f.l7_proto = static_cast<std::uint8_t>(p);
        if (stream_mapper(p)) f.stream = acquire();
    }
    if (d.l4_payload.empty()) return;
    // STARTTLS (POP3 STLS, IMAP/SMTP/FTP STARTTLS/AUTH TLS) and HTTP CONNECT
    // tunnels: a cleartext stream that continues with a TLS ClientHello is
    // TLS from that segment on, in both directions.
    if (from_client && f.l7_proto != static_cast<std::uint8_t>(Proto::Tls) && starts_client_hello(d.l4_payload) &&
        upgradable(static_cast<Proto>(f.l7_proto)) && routes_.on(Proto::Tls)) {
        f.l7_proto = static_cast<std::uint8_t>(Proto::Tls);
        if (f.stream) static_cast<StreamState*>(f.stream)->reset();
        else f.stream = acquire();
        counters_.tls_upgrades.add();
    }
    if (!f.stream) return;
    auto* st = static_cast<StreamState*>(f.stream);
    auto& dir = st->dir[from_client ? 0 : 1];
    if (dir.done) return;
    // In-order reassembly of the first bytes only: a gap abandons the direction.
    const std::uint32_t seg_seq = d.tcp_seq;
    dissect::ByteView data = d.l4_payload;
    if (!dir.seq_known) {
        dir.seq_known = true;
        dir.next_seq = seg_seq;
    }
    const auto offset = static_cast<std::int32_t>(seg_seq - dir.next_seq);
    if (offset > 0) {
        counters_.stream_gaps.add();
        dir.done = true;
    } else {
        const auto dup = static_cast<std::size_t>(-offset);
        if (dup >= data.size()) return;  // a retransmission of bytes we have
        data = data.tail(dup);
        const std::size_t room = max_stream_bytes_ - dir.buf.size();
        const std::size_t take = std::min(room, data.size());
        dir.buf.insert(dir.buf.end(), data.data(), data.data() + take);
        dir.next_seq += static_cast<std::uint32_t>(take);
    }
    const Proto p = static_cast<Proto>(f.l7_proto);
    // The mapper reads the message at `cursor`; one that consumed a whole
    // message and wants the next is called again while the buffer holds it.
    bool called = false;
    while (!dir.done && dir.buf.size() >= dir.need) {
        called = true;
        const dissect::ByteView in = dissect::ByteView{dir.buf.data(), dir.buf.size()}.tail(dir.cursor);
        auto r = stream_mapper(p)(in, ctx, sink_);
        if (!r) {
            count(p, r.error());
            dir.done = true;
        } else if (r->done) {
            counters_.parsed[static_cast<std::size_t>(p)].add();
            dir.done = true;
        } else if (r->consumed > 0) {
            counters_.parsed[static_cast<std::size_t>(p)].add();
            const std::size_t start = dir.cursor;
            dir.cursor += r->consumed;
            dir.need = start + std::max(r->need_bytes, r->consumed + 1);
            if (++dir.messages >= posture::evidence::kMaxStreamMessages || dir.need > max_stream_bytes_)
                dir.done = true;
        } else if (dir.buf.size() >= max_stream_bytes_) {
            counters_.stream_too_large.add();
            dir.done = true;
        } else {
            dir.need = std::max(dir.cursor + r->need_bytes, dir.buf.size() + 1);
        }
    }
    if (called) deliver(sink_, d, seq, ts_us, emit);
    if (st->dir[0].done && st->dir[1].done) end(f);
}

void L7Router::end(Flow& f) {
    if (f.stream) {
        release(static_cast<StreamState*>(f.stream));
        f.stream = nullptr;
    }
}

}  // namespace sensor
