#include "sensor/pipeline/pipeline.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <mutex>
#include <thread>
#include <stdexcept>

#include "dissectors/dhcp/dhcp.h"
#include "dissectors/ndp/ndp.h"
#include "dissectors/packet/packet.h"
#include "sensor/pipeline/counter.h"
#include "sensor/pipeline/l7_router.h"
#include "sensor/pipeline/ndpi_adapter.h"
#include "sensor/pipeline/spsc_ring.h"

namespace sensor {
namespace {

using dissect::packet::Decoded;
using dissect::packet::L3;
using posture::Evidence;
using posture::EvidenceKind;

constexpr std::size_t kBurst = 32;                     // slots handled per loop turn
constexpr std::uint64_t kTickUs = 1'000'000;           // flow sweep period on the packet clock
constexpr std::uint64_t kFlushSeq = ~std::uint64_t{0} - 1;  // seq of end-of-input flow flushes
constexpr std::size_t kSightingCacheSlots = 4096;      // per-worker (mac, ip, vlan) dedupe cache
constexpr std::uint64_t kSightingRefreshUs = 1'000'000;
constexpr std::uint8_t kTcpSyn = 0x02, kTcpAck = 0x10, kTcpFin = 0x01, kTcpRst = 0x04;

struct Slot {
    std::uint8_t* data = nullptr;
    std::uint32_t caplen = 0;
    std::uint32_t wirelen = 0;
    std::uint64_t ts_us = 0;
    std::uint64_t seq = 0;
    bool tick = false;  // a sweep tick, not a packet
    Decoded dec;
};

// Waiting on a ring: spin briefly, then yield, then sleep in short naps so an
// idle thread does not take a core from a busy one (the pipeline has more
// threads than a small appliance has cores). Callers reset `spins` to 0 after
// making progress.
void backoff(unsigned& spins) {
    ++spins;
    if (spins < 64) return;
    if (spins < 256) {
        std::this_thread::yield();
        return;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(50));
}

}  // namespace

struct Lane;

// ---------------------------------------------------------------------------
struct Worker {
    // `lane_slots`: every slot of the lane that feeds this worker. The lane
    // takes its returns back only when its free list runs dry, so one worker
    // may hold any number of them up to that before they are drained (and
    // after the lane ended, none is drained): the returns ring holds them all.
    Worker(unsigned id_, const PipelineOptions& o, std::size_t lane_slots)
        : id(id_), in(o.queue_depth), returns(lane_slots), out(o.evidence_queue_depth),
          flows(o.max_flows_per_worker, o.timeouts), router(o.routes, o.databases, o.max_stream_bytes),
          offline(o.offline) {
        cache.resize(kSightingCacheSlots);
    }

    unsigned id;
    SpscRing<Slot*> in;        // capture -> worker
    SpscRing<Slot*> returns;   // worker -> capture (free slots)
    SpscRing<Evidence> out;    // worker -> posture
    FlowTable flows;
    std::unique_ptr<Dpi> dpi;  // made by the worker thread itself: nDPI start-up runs in parallel
    L7Router router;
    bool offline;
    std::atomic<std::uint64_t> watermark{0};  // no future evidence with seq <= this
    std::atomic<bool> finished{false};
    std::atomic<std::uint64_t> beats{0};  // bumped every loop (the watchdog's heartbeat)
    Lane* lane = nullptr;                 // the capture lane that feeds this worker
    std::atomic<bool> ready{false};       // its nDPI module is made

    Counter packets, fragments, evidence_drops, dpi_settled, dpi_gave_up;
    Counter flows_created, flows_expired, flows_evicted, flows_restarted, flows_live, streams_live;
    // Parse failures of the dissectors run in the worker, by ErrorKind.
    // (DHCP's are counted by the L7 router, which parses the same datagrams.)
    std::array<Counter, 4> ndp_errors;

    struct Sighting {
        std::uint64_t mac = ~std::uint64_t{0};
        dissect::IpAddr ip{};
        std::uint16_t vlan = 0;
        std::uint64_t bucket = 0;
    };
    std::vector<Sighting> cache;
    std::vector<Evidence> batch;  // flow-end evidence, sorted before pushing
    const L7Router::Emit emit_fn = [this](Evidence&& e) { emit(std::move(e)); };

    void emit(Evidence&& e) {
        // A failed try_push leaves `e` intact (the move happens only on success).
        if (out.try_push_ref(e)) return;
        if (!offline) {
            evidence_drops.add();
            return;
        }
        unsigned spins = 0;
        while (!out.try_push_ref(e)) backoff(spins);
    }

    void sighting(const Decoded& d, const dissect::IpAddr& ip, std::uint64_t seq, std::uint64_t ts) {
        sighting(d.src_mac, d.vlan, ip, seq, ts);
    }

    void sighting(const dissect::MacAddr& src, std::uint16_t vlan, const dissect::IpAddr& ip, std::uint64_t seq,
                  std::uint64_t ts) {
        // No MAC (raw IP captures, IP inside a tunnel): the address alone.
        if (src.is_multicast() || (src.is_zero() && !ip.valid())) return;
        const std::uint64_t mac = src.as_u64();
        std::uint64_t h = mac * 0x9e3779b97f4a7c15ULL ^ vlan;
        for (std::size_t i = 0; i < ip.size(); ++i) h = (h ^ ip.b[i]) * 0x100000001b3ULL;
        Sighting& s = cache[(h >> 20) & (kSightingCacheSlots - 1)];
        const std::uint64_t bucket = ts / kSightingRefreshUs;
        if (s.mac == mac && s.ip == ip && s.vlan == vlan && s.bucket == bucket) return;
        s = {mac, ip, vlan, bucket};
        Evidence e;
        e.seq = seq;
        e.ts_us = ts;
        e.kind = EvidenceKind::HostSeen;
        e.vlan = vlan;
        e.mac = src;
        e.ip = ip;
        emit(std::move(e));
    }

    // Emits what a flow has to say once detection is done.
    void report(Flow& f, std::uint64_t seq, std::uint64_t sub, std::uint64_t ts, bool to_batch) {
        if (!f.detection_done) return;
        const bool tcp_udp = f.key.proto == 6 || f.key.proto == 17;
        auto endpoint = [&](bool lo, Evidence& e) {
            e.mac = lo ? f.lo_mac : f.hi_mac;
            e.ip.version = f.key.ip_version;
            e.ip.b = lo ? f.key.lo_ip : f.key.hi_ip;
        };
        std::string name;
        if (!f.reported_client || (!f.reported_server && f.server_answered && tcp_udp))
            name = dpi->name(DpiVerdict{f.dpi_master, f.dpi_app, f.dpi_risk});
        if (!f.reported_client) {
            f.reported_client = true;
            Evidence e;
            e.seq = seq;
            e.sub = sub;
            e.ts_us = ts;
            e.kind = EvidenceKind::ClientApp;
            e.vlan = f.key.vlan;
            endpoint(f.client_is_lo, e);
            e.risk_bits = f.dpi_risk;
            e.set_app(name);
            if (!e.mac.is_zero() || e.ip.valid()) {
                if (to_batch) batch.push_back(std::move(e));
                else emit(std::move(e));
            }
        }
        if (!f.reported_server && f.server_answered && tcp_udp) {
            f.reported_server = true;
            Evidence e;
            e.seq = seq;
            e.sub = sub;
            e.ts_us = ts;
            e.kind = EvidenceKind::ServerService;
            e.vlan = f.key.vlan;
            endpoint(!f.client_is_lo, e);
            e.l4 = f.key.proto;
            e.port = f.client_is_lo ? f.key.hi_port : f.key.lo_port;
            e.risk_bits = f.dpi_risk;
            e.set_app(name);
            if (!e.mac.is_zero() || e.ip.valid()) {
                if (to_batch) batch.push_back(std::move(e));
                else emit(std::move(e));
            }
        }
    }

    // A flow ends (idle, evicted, or end of input): settle detection and report.
    void end_flow(Flow& f, std::uint64_t seq, std::uint64_t ts, bool to_batch) {
        router.end(f);
        if (!f.detection_done && f.dpi) {
            DpiVerdict v;
            dpi->giveup(f.dpi, v);
            f.dpi = nullptr;
            f.dpi_master = v.master;
            f.dpi_app = v.app;
            f.dpi_risk = v.risk;
            f.detection_done = true;
            dpi_gave_up.add();
        }
        report(f, seq, to_batch ? f.first_seq : 0, ts, to_batch);
    }

    void flush_batch() {
        std::stable_sort(batch.begin(), batch.end(), [](const Evidence& a, const Evidence& b) { return a.sub < b.sub; });
        for (auto& e : batch) emit(std::move(e));
        batch.clear();
    }

    void on_tick(const Slot& s) {
        // Date what an idle flow reports by its last packet, not by this sweep
        // (a service that answered during the learning period is not new).
        flows.expire(s.ts_us, [&](Flow& f) { end_flow(f, s.seq, f.last_us, true); });
        flush_batch();
        sync_flow_counters();
    }

    void sync_flow_counters() {
        flows_created.set(flows.stats().created);
        flows_expired.set(flows.stats().expired);
        flows_evicted.set(flows.stats().evicted);
        flows_restarted.set(flows.stats().restarted);
        flows_live.set(flows.size());
        streams_live.set(router.live_streams());
    }

    void on_packet(Slot& s) {
        packets.add();
        const Decoded& d = s.dec;
        // The encapsulating switch or VTEP of a remote-SPAN tunnel is a device too.
        if (d.outer_has_eth) sighting(d.outer_src_mac, d.outer_vlan, d.outer_src_ip, s.seq, s.ts_us);
        switch (d.l3) {
            case L3::Arp: {
                if (d.has_eth) sighting(d, dissect::IpAddr{}, s.seq, s.ts_us);
                if ((d.arp.opcode == 1 || d.arp.opcode == 2) && d.arp.sender_ip.valid() &&
                    !d.arp.sender_ip.is_unspecified() && !d.arp.sender_mac.is_multicast() &&
                    !d.arp.sender_mac.is_zero()) {
                    Evidence e;
                    e.seq = s.seq;
                    e.ts_us = s.ts_us;
                    e.kind = EvidenceKind::IpBinding;
                    e.binding = posture::BindingSource::Arp;
                    e.vlan = d.vlan;
                    e.mac = d.arp.sender_mac;
                    e.ip = d.arp.sender_ip;
                    emit(std::move(e));
                }
                return;
            }
            case L3::Ipv4:
            case L3::Ipv6:
                break;
            default:
                if (d.has_eth) {
                    sighting(d, dissect::IpAddr{}, s.seq, s.ts_us);
                    router.frame(d, s.seq, s.ts_us, emit_fn);
                }
                return;
        }
        sighting(d.has_eth ? d.src_mac : dissect::MacAddr{}, d.vlan, d.src_ip, s.seq, s.ts_us);
        if (d.fragment) fragments.add();
        if (d.fragment && !d.first_fragment) return;  // no ports: not part of a flow (no reassembly yet)
        flow_packet(s);
        if (d.has_l4 && !d.fragment) address_bindings(s);
    }

    void bind(const dissect::MacAddr& mac, const dissect::IpAddr& ip, posture::BindingSource src, const Slot& s) {
        if (mac.is_multicast() || mac.is_zero() || !ip.valid() || ip.is_unspecified() || ip.is_multicast()) return;
        Evidence e;
        e.seq = s.seq;
        e.ts_us = s.ts_us;
        e.kind = EvidenceKind::IpBinding;
        e.binding = src;
        e.vlan = s.dec.vlan;
        e.mac = mac;
        e.ip = ip;
        emit(std::move(e));
    }

    // Addresses a host states as its own: DHCP leases and IPv6 ND.
    void address_bindings(const Slot& s) {
        const Decoded& d = s.dec;
        if (d.ip_proto == 17 && (d.sport == 67 || d.sport == 68 || d.dport == 67 || d.dport == 68)) {
            auto m = dissect::dhcp::parse(d.l4_payload);
            if (!m) return;
            if (m->op == 2 && m->msg_type == dissect::dhcp::kAck && !m->yiaddr.is_unspecified())
                bind(m->client_mac, m->yiaddr, posture::BindingSource::Dhcp, s);
            else if (m->op == 1 && !m->ciaddr.is_unspecified() &&
                     (m->msg_type == dissect::dhcp::kRequest || m->msg_type == dissect::dhcp::kInform))
                bind(m->client_mac, m->ciaddr, posture::BindingSource::Dhcp, s);
            return;
        }
        if (d.ip_proto == 58 && d.icmp_type == 134 && d.has_eth) {
            dissect::ParseError err{};
            if (!router.router_advert(d, s.seq, s.ts_us, emit_fn, &err))
                ndp_errors[static_cast<std::size_t>(err.kind)].add();
            return;
        }
        if (d.ip_proto == 58 && (d.icmp_type == 135 || d.icmp_type == 136)) {
            auto m = dissect::ndp::parse(d.icmp_type, d.l4_payload);
            if (!m) {
                ndp_errors[static_cast<std::size_t>(m.error().kind)].add();
                return;
            }
            if (m->type == 136) bind(m->target_lla ? *m->target_lla : d.src_mac, m->target, posture::BindingSource::Nd, s);
            else if (m->source_lla && !d.src_ip.is_unspecified())
                bind(*m->source_lla, d.src_ip, posture::BindingSource::Nd, s);
        }
    }

    void flow_packet(Slot& s) {
        const Decoded& d = s.dec;
        bool src_is_lo = false;
        const FlowKey key = make_flow_key(d, src_is_lo);
        const std::uint64_t h = hash_key(key);
        bool created = false;
        const bool tcp = d.ip_proto == 6 && d.has_l4;
        const bool bare_syn = tcp && (d.tcp_flags & (kTcpSyn | kTcpAck)) == kTcpSyn;
        Flow& f = flows.find_or_create(
            key, h, s.ts_us, created, [&](Flow& old) { end_flow(old, s.seq, old.last_us, false); },
            // A SYN that is not a retransmission of the client's opens a new
            // connection on a reused 5-tuple: the old flow ends here.
            [&](const Flow& old) { return bare_syn && !(old.syn_seen && old.syn_seq == d.tcp_seq); });
        if (bare_syn && !f.syn_seen) {
            f.syn_seen = true;
            f.syn_seq = d.tcp_seq;
        }
        if (created) {
            f.first_seq = s.seq;
            // The sender of the first packet is the client, except a SYN+ACK
            // (we joined mid-handshake) or a reply from a well-known port to an
            // ephemeral one (we joined mid-conversation).
            bool src_is_client = true;
            if (tcp && (d.tcp_flags & (kTcpSyn | kTcpAck)) == (kTcpSyn | kTcpAck)) src_is_client = false;
            else if (!(tcp && (d.tcp_flags & kTcpSyn)) && d.has_l4 && d.sport < 1024 && d.dport >= 1024)
                src_is_client = false;
            f.client_is_lo = src_is_lo == src_is_client;
            f.dpi = dpi->new_flow();
        }
        ++f.packets;
        f.bytes += s.wirelen;
        if (d.has_eth) (src_is_lo ? f.lo_mac : f.hi_mac) = d.src_mac;
        const bool from_client = src_is_lo == f.client_is_lo;
        TimeoutClass tc = TimeoutClass::Other;
        if (tcp) {
            if (d.tcp_flags & kTcpRst) f.rst = true;
            if (d.tcp_flags & kTcpFin) (src_is_lo ? f.fin_lo : f.fin_hi) = true;
            tc = (f.rst || (f.fin_lo && f.fin_hi)) ? TimeoutClass::TcpClosed : TimeoutClass::TcpOpen;
            // A server "answers" with SYN+ACK or with data; a bare RST does not count.
            if (!from_client && (((d.tcp_flags & (kTcpSyn | kTcpAck)) == (kTcpSyn | kTcpAck)) || !d.l4_payload.empty()))
                f.server_answered = true;
        } else {
            if (d.ip_proto == 17) tc = TimeoutClass::Udp;
            if (!from_client) f.server_answered = true;
        }
        flows.touch(f, s.ts_us, tc);

        if (!f.detection_done && f.dpi) {
            // Feed the handshake and every packet with payload; skip bare ACKs.
            const bool feed = f.dpi_packets < 3 || !d.l4_payload.empty() || !d.has_l4;
            if (feed) {
                ++f.dpi_packets;
                DpiVerdict v;
                const auto len = static_cast<std::uint16_t>(std::min<std::size_t>(d.ip.size(), 0xffff));
                if (dpi->process(f.dpi, d.ip.data(), len, s.ts_us / 1000, v)) {
                    f.dpi = nullptr;
                    f.detection_done = true;
                    f.dpi_master = v.master;
                    f.dpi_app = v.app;
                    f.dpi_risk = v.risk;
                    dpi_settled.add();
                } else if (f.dpi_packets >= kMaxDpiPackets) {
                    dpi->giveup(f.dpi, v);
                    f.dpi = nullptr;
                    f.detection_done = true;
                    f.dpi_master = v.master;
                    f.dpi_app = v.app;
                    f.dpi_risk = v.risk;
                    dpi_gave_up.add();
                }
            }
        }
        if (f.detection_done && (!f.reported_client || (f.server_answered && !f.reported_server)))
            report(f, s.seq, 0, s.ts_us, false);
        // Fingerprints: a first fragment's L4 payload is incomplete, so skip it.
        if (d.has_l4 && !d.fragment) router.packet(f, d, from_client, s.seq, s.ts_us, emit_fn);
    }

    void finish() {
        flows.drain([&](Flow& f) { end_flow(f, kFlushSeq, f.last_us, true); });
        flush_batch();
        sync_flow_counters();
        watermark.store(~std::uint64_t{0}, std::memory_order_release);
        finished.store(true, std::memory_order_release);
    }
};

// ---------------------------------------------------------------------------
// A capture lane: one source, the thread that reads it, the slots it fills
// and the workers it feeds. A file or a single live handle is one lane
// feeding every worker (by flow hash); a PACKET_FANOUT group is one lane per
// worker (the kernel already chose the worker by flow hash).
struct Lane {
    // floor: no slot this lane pushes from now on has a seq <= floor. kIdle:
    // the lane is waiting for frames and will take its next seq from the
    // shared counter, so every seq it will use is above the counter's value.
    static constexpr std::uint64_t kIdle = ~std::uint64_t{0};

    unsigned id = 0;
    std::unique_ptr<capture::Source> source;
    std::vector<Worker*> targets;
    std::vector<Slot> slots;
    std::vector<std::uint8_t> arena;
    std::vector<Slot*> free_slots;  // this lane's thread only
    std::thread thread;
    std::atomic<std::uint64_t> floor{0};
    std::atomic<std::uint64_t> beats{0};
    std::atomic<bool> done{false};

    Counter packets, bytes, decoded, slot_drops, queue_drops;
    Counter cap_received, cap_dropped, cap_if_dropped, cap_pre_join, first_ts, last_ts;
    std::vector<std::pair<const char*, Counter>> anomaly_counts;
};

struct Pipeline::Impl {
    PipelineOptions opts;
    std::vector<std::unique_ptr<Lane>> lanes;
    std::vector<std::unique_ptr<Worker>> workers;
    std::unique_ptr<posture::Inventory> inventory;

    std::thread posture_thread;
    std::vector<std::thread> worker_threads;
    std::atomic<bool> stop{false};
    std::mutex posted_mu;
    std::vector<std::function<void(posture::Inventory&)>> posted;
    void run_posted() {
        std::vector<std::function<void(posture::Inventory&)>> tasks;
        {
            std::lock_guard lk(posted_mu);
            tasks.swap(posted);
        }
        for (auto& t : tasks) t(*inventory);
    }
    std::atomic<std::uint64_t> clock_us{0};         // advance_clock(): for the capture lanes
    std::atomic<std::uint64_t> posture_clock_us{0};  // advance_clock(): for the posture thread
    std::atomic<std::uint64_t> seq_counter{0};       // fanout: the seqs all lanes take from
    std::atomic<unsigned> lanes_running{0};
    std::atomic<std::uint64_t> posture_beats{0};
    std::atomic<bool> posture_done{false};
    std::atomic<bool> started{false};

    Counter evidence_applied, devices, aged_out, evicted, merged;
    mutable std::mutex error_mu;
    std::string error;

    Impl(PipelineOptions o, std::vector<std::unique_ptr<capture::Source>> sources) : opts(std::move(o)) {
        if (sources.empty()) throw std::invalid_argument("Pipeline: no capture source");
        if (sources.size() > 1) opts.workers = static_cast<unsigned>(sources.size());
        if (opts.workers == 0) opts.workers = 1;
        // Every slot can sit in a worker ring or in flight in a burst.
        const std::size_t ring = SpscRing<Slot*>(opts.queue_depth).capacity();
        const std::size_t per_lane_targets = sources.size() == 1 ? opts.workers : 1;
        const std::size_t lane_slots = per_lane_targets * (ring + 2 * kBurst) + 2 * kBurst;
        for (unsigned i = 0; i < opts.workers; ++i) workers.push_back(std::make_unique<Worker>(i, opts, lane_slots));
        const auto names = dissect::packet::anomaly_names();
        for (unsigned i = 0; i < sources.size(); ++i) {
            auto lane = std::make_unique<Lane>();
            lane->id = i;
            lane->source = std::move(sources[i]);
            if (sources.size() == 1)
                for (auto& w : workers) lane->targets.push_back(w.get());
            else
                lane->targets.push_back(workers[i].get());
            for (Worker* w : lane->targets) w->lane = lane.get();
            const std::size_t n = lane_slots;
            lane->slots.resize(n);
            lane->arena.resize(n * opts.slot_bytes);
            lane->free_slots.reserve(n);
            for (std::size_t k = 0; k < n; ++k) {
                lane->slots[k].data = lane->arena.data() + k * opts.slot_bytes;
                lane->free_slots.push_back(&lane->slots[k]);
            }
            lane->anomaly_counts = std::vector<std::pair<const char*, Counter>>(names.size());
            for (std::size_t k = 0; k < names.size(); ++k) lane->anomaly_counts[k].first = names[k];
            lanes.push_back(std::move(lane));
        }
        inventory = std::make_unique<posture::Inventory>(opts.inventory);
        if (!opts.restored.empty()) inventory->restore(std::move(opts.restored));
    }

    [[nodiscard]] bool fanout() const noexcept { return lanes.size() > 1; }

    // The floor a worker fed by `l` may take as its watermark once its ring
    // is empty (read the shared counter first: a lane that leaves kIdle does
    // so before it takes a seq from the counter).
    std::uint64_t lane_floor(const Lane& l) const noexcept {
        const std::uint64_t all = seq_counter.load(std::memory_order_seq_cst);
        const std::uint64_t f = l.floor.load(std::memory_order_seq_cst);
        return f == Lane::kIdle ? all : f;
    }

    static void count_anomaly(Lane& l, const char* name) {
        for (auto& [n, c] : l.anomaly_counts)
            if (n == name || std::strcmp(n, name) == 0) {
                c.add();
                return;
            }
        // A name missing from anomaly_names(): count it under a catch-all.
        for (auto& [n, c] : l.anomaly_counts)
            if (std::strcmp(n, "dissect.other") == 0) { c.add(); return; }
    }

    static Slot* take_slot(Lane& l) {
        if (l.free_slots.empty()) {
            for (Worker* w : l.targets)
                while (Slot** s = w->returns.front()) {
                    l.free_slots.push_back(*s);
                    w->returns.pop();
                }
        }
        if (l.free_slots.empty()) return nullptr;
        Slot* s = l.free_slots.back();
        l.free_slots.pop_back();
        return s;
    }

    Slot* take_slot_blocking(Lane& l) {
        unsigned spins = 0;
        for (;;) {
            if (Slot* s = take_slot(l)) return s;
            if (!opts.offline || stop.load(std::memory_order_relaxed)) return nullptr;  // live: never wait
            backoff(spins);
        }
    }

    bool push(Worker& w, Slot* s) {
        if (w.in.try_push(s)) return true;
        if (!opts.offline) return false;
        unsigned spins = 0;
        while (!w.in.try_push(s)) {
            if (stop.load(std::memory_order_relaxed)) return false;  // a stop while a worker is wedged
            backoff(spins);
        }
        return true;
    }

    // The next seq: a lane of its own counts alone; fanout lanes share one
    // counter, so the posture thread can still merge in one order.
    std::uint64_t take_seq(std::uint64_t& own) noexcept {
        own = fanout() ? seq_counter.fetch_add(1, std::memory_order_seq_cst) + 1 : own + 1;
        return own;
    }

    void broadcast_tick(Lane& l, std::uint64_t ts_us, std::uint64_t& seq) {
        take_seq(seq);
        for (Worker* w : l.targets) {
            Slot* s = take_slot_blocking(l);
            if (!s) break;
            s->tick = true;
            s->ts_us = ts_us;
            s->seq = seq;
            if (!push(*w, s)) l.free_slots.push_back(s);
        }
        l.floor.store(seq, std::memory_order_seq_cst);
    }

    void run_lane(Lane& l) {
        capture::Frame fr;
        capture::Source& source = *l.source;
        std::uint64_t seq = 0;
        std::uint64_t next_tick = 0;
        std::uint64_t n = 0;
        const auto lt = source.link_type();
        const bool waits = source.nonblocking();
        for (;;) {
            l.beats.fetch_add(1, std::memory_order_relaxed);
            if (stop.load(std::memory_order_relaxed)) break;
            if (opts.max_packets && n >= opts.max_packets) break;
            const capture::Next r = source.next(fr);
            if (r == capture::Next::Timeout) {
                refresh_capture_stats(l);
                // A quiet link: the aging timer's clock sweeps the flows.
                if (const std::uint64_t c = clock_us.load(std::memory_order_relaxed); c && next_tick && c >= next_tick) {
                    broadcast_tick(l, c, seq);
                    next_tick = (c / kTickUs + 1) * kTickUs;
                }
                if (waits) {
                    // Idle while waiting: the other lanes' evidence need not
                    // wait for this one (see lane_floor).
                    l.floor.store(Lane::kIdle, std::memory_order_seq_cst);
                    source.wait();
                    l.floor.store(seq, std::memory_order_seq_cst);
                }
                continue;
            }
            if (r == capture::Next::End) break;
            if (r == capture::Next::Error) {
                std::lock_guard lk(error_mu);
                error = source.last_error();
                break;
            }
            ++n;
            l.packets.add();
            l.bytes.add(fr.wirelen);
            if (l.first_ts.get() == 0) l.first_ts.set(fr.ts_us);
            if (fr.ts_us > l.last_ts.get()) l.last_ts.set(fr.ts_us);
            // Sweep ticks at each whole second of packet time.
            if (fr.ts_us >= next_tick) {
                if (next_tick != 0) broadcast_tick(l, fr.ts_us, seq);
                next_tick = (fr.ts_us / kTickUs + 1) * kTickUs;
            }
            Slot* s = take_slot_blocking(l);
            if (!s) {
                l.slot_drops.add();
                continue;
            }
            const std::uint32_t len = std::min<std::uint32_t>(fr.caplen, opts.slot_bytes);
            std::memcpy(s->data, fr.data, len);
            s->caplen = len;
            s->wirelen = fr.wirelen;
            s->ts_us = fr.ts_us;
            s->tick = false;
            s->seq = take_seq(seq);
            dissect::packet::decode(dissect::ByteView{s->data, len}, lt, s->dec);
            if (s->dec.anomaly) count_anomaly(l, s->dec.anomaly);
            Worker& w = l.targets.size() == 1 ? *l.targets[0] : *l.targets[dispatch_hash(s->dec) % l.targets.size()];
            if (!push(w, s)) {
                l.queue_drops.add();
                l.free_slots.push_back(s);
            } else {
                l.decoded.add();
            }
            l.floor.store(seq, fanout() ? std::memory_order_seq_cst : std::memory_order_release);
            if ((n & 0xfff) == 0) refresh_capture_stats(l);
        }
        refresh_capture_stats(l);
        l.done.store(true, std::memory_order_release);
        lanes_running.fetch_sub(1, std::memory_order_acq_rel);
    }

    static void refresh_capture_stats(Lane& l) {
        const capture::Stats st = l.source->stats();
        l.cap_received.set(st.received);
        l.cap_dropped.set(st.dropped_kernel);
        l.cap_if_dropped.set(st.dropped_iface);
        l.cap_pre_join.set(st.pre_join);
    }

    void run_worker(Worker& w) {
        w.dpi = opts.dpi_pool ? opts.dpi_pool->take() : std::make_unique<Dpi>();
        w.ready.store(true, std::memory_order_release);
        Slot* burst[kBurst];
        unsigned idle = 0;
        for (;;) {
            w.beats.fetch_add(1, std::memory_order_relaxed);
            if (opts.fault_stall_worker && w.id == 0 && w.packets.get() > 0)
                while (!stop.load(std::memory_order_relaxed)) std::this_thread::sleep_for(std::chrono::milliseconds(50));
            const std::uint64_t g = lane_floor(*w.lane);
            const bool done_before = w.lane->done.load(std::memory_order_acquire);
            std::size_t got = 0;
            while (got < kBurst) {
                Slot** s = w.in.front();
                if (!s) break;
                burst[got++] = *s;
                w.in.pop();
            }
            if (got == 0) {
                // Nothing queued: every slot with seq <= g meant for us is done.
                if (g > w.watermark.load(std::memory_order_relaxed)) w.watermark.store(g, std::memory_order_release);
                if (done_before) break;
                backoff(idle);
                continue;
            }
            idle = 0;
            std::uint64_t last_seq = 0;
            for (std::size_t i = 0; i < got; ++i) {
                Slot* s = burst[i];
                if (i + 1 < got) __builtin_prefetch(burst[i + 1]->data);
                if (s->tick) w.on_tick(*s);
                else w.on_packet(*s);
                last_seq = s->seq;
                unsigned spins = 0;
                while (!w.returns.try_push(s)) backoff(spins);  // sized to never fill (lane_slots)
            }
            if ((w.packets.get() & 0x3ff) < kBurst) w.sync_flow_counters();
            w.watermark.store(last_seq, std::memory_order_release);
        }
        w.finish();
        if (opts.dpi_pool) opts.dpi_pool->give(std::move(w.dpi));
    }

    void run_posture() {
        unsigned idle = 0;
        auto next_tick = std::chrono::steady_clock::now() + std::chrono::seconds(1);
        std::uint32_t since_clock = 0;
        auto tick = [&](bool last) {
            run_posted();
            if (const std::uint64_t c = posture_clock_us.exchange(0, std::memory_order_relaxed); c && !last)
                inventory->advance(c);
            if (opts.on_posture_tick) opts.on_posture_tick(*inventory, last);
            next_tick = std::chrono::steady_clock::now() + std::chrono::seconds(1);
        };
        for (;;) {
            posture_beats.fetch_add(1, std::memory_order_relaxed);
            // The clock is read every 1024 steps (and when idle), not per evidence.
            if ((++since_clock & 1023) == 0 || idle) {
                if (std::chrono::steady_clock::now() >= next_tick) tick(false);
            }
            // Pick the smallest (seq, sub) head; apply it when no worker can
            // still produce something smaller.
            Evidence* best = nullptr;
            std::size_t best_w = 0;
            bool all_finished = true;
            std::uint64_t min_wm = ~std::uint64_t{0};
            for (std::size_t i = 0; i < workers.size(); ++i) {
                Worker& w = *workers[i];
                const bool fin = w.finished.load(std::memory_order_acquire);
                const std::uint64_t wm = w.watermark.load(std::memory_order_acquire);
                Evidence* h = w.out.front();
                if (!h) {
                    if (!fin) all_finished = false;
                    min_wm = std::min(min_wm, wm);
                    continue;
                }
                all_finished = false;
                if (!best || h->seq < best->seq || (h->seq == best->seq && h->sub < best->sub)) {
                    best = h;
                    best_w = i;
                }
            }
            if (!best) {
                if (all_finished) break;
                backoff(idle);
                continue;
            }
            if (best->seq > min_wm) {
                backoff(idle);
                continue;
            }
            idle = 0;
            inventory->apply(*best);
            workers[best_w]->out.pop();
            evidence_applied.add();
        }
        tick(true);
        const auto st = inventory->stats();
        devices.set(st.mac_devices + st.ip_devices);
        aged_out.set(st.aged_out);
        evicted.set(st.evicted);
        merged.set(st.merged);
        posture_done.store(true, std::memory_order_release);
    }
};

namespace {
std::vector<std::unique_ptr<capture::Source>> one(std::unique_ptr<capture::Source> s) {
    std::vector<std::unique_ptr<capture::Source>> v;
    v.push_back(std::move(s));
    return v;
}
}  // namespace

Pipeline::Pipeline(PipelineOptions opts, std::unique_ptr<capture::Source> source)
    : impl_(std::make_unique<Impl>(std::move(opts), one(std::move(source)))) {}

Pipeline::Pipeline(PipelineOptions opts, std::vector<std::unique_ptr<capture::Source>> sources)
    : impl_(std::make_unique<Impl>(std::move(opts), std::move(sources))) {}

Pipeline::~Pipeline() {
    if (impl_ && impl_->started.load()) {
        request_stop();
        join();
    }
}

void Pipeline::start() {
    Impl& m = *impl_;
    m.started.store(true);
    m.posture_thread = std::thread([&m] { m.run_posture(); });
    for (auto& w : m.workers) m.worker_threads.emplace_back([&m, wp = w.get()] { m.run_worker(*wp); });
    // Live: capture starts once every worker can take packets (nDPI's
    // start-up takes a while on a small box; frames read meanwhile would
    // fill the rings and be dropped). A file waits for nobody: its reader
    // applies back-pressure.
    if (!m.opts.offline)
        for (auto& w : m.workers)
            while (!w->ready.load(std::memory_order_acquire)) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    m.lanes_running.store(static_cast<unsigned>(m.lanes.size()));
    for (auto& l : m.lanes) l->thread = std::thread([&m, lp = l.get()] { m.run_lane(*lp); });
}

void Pipeline::request_stop() noexcept {
    impl_->stop.store(true);
    for (auto& l : impl_->lanes) l->source->break_loop();
}

void Pipeline::advance_clock(std::uint64_t now_us) noexcept {
    impl_->clock_us.store(now_us, std::memory_order_relaxed);
    impl_->posture_clock_us.store(now_us, std::memory_order_relaxed);
}

bool Pipeline::done() const noexcept { return impl_->posture_done.load(std::memory_order_acquire); }

void Pipeline::join() {
    Impl& m = *impl_;
    for (auto& l : m.lanes)
        if (l->thread.joinable()) l->thread.join();
    for (auto& t : m.worker_threads)
        if (t.joinable()) t.join();
    if (m.posture_thread.joinable()) m.posture_thread.join();
}

std::string Pipeline::capture_error() const {
    std::lock_guard lk(impl_->error_mu);
    return impl_->error;
}

const posture::Inventory& Pipeline::inventory() const { return *impl_->inventory; }
posture::Inventory& Pipeline::inventory_after_join() {
    impl_->run_posted();
    return *impl_->inventory;
}

Pipeline::Heartbeats Pipeline::heartbeats() const {
    const Impl& m = *impl_;
    Heartbeats h;
    for (const auto& l : m.lanes) {
        h.beats.push_back(l->beats.load(std::memory_order_relaxed));
        h.finished.push_back(l->done.load(std::memory_order_acquire));
        h.names.push_back(m.lanes.size() == 1 ? "capture" : "capture " + std::to_string(l->id));
    }
    h.beats.push_back(m.posture_beats.load(std::memory_order_relaxed));
    h.finished.push_back(m.posture_done.load(std::memory_order_acquire));
    h.names.emplace_back("posture");
    for (const auto& w : m.workers) {
        h.beats.push_back(w->beats.load(std::memory_order_relaxed));
        h.finished.push_back(w->finished.load(std::memory_order_acquire));
        h.names.push_back("worker " + std::to_string(w->id));
    }
    return h;
}

void Pipeline::post(std::function<void(posture::Inventory&)> task) {
    std::lock_guard lk(impl_->posted_mu);
    impl_->posted.push_back(std::move(task));
}

PipelineStats Pipeline::stats() const {
    const Impl& m = *impl_;
    PipelineStats s;
    s.capture_handles = m.lanes.size();
    for (const auto& l : m.lanes) {
        s.packets += l->packets.get();
        s.bytes += l->bytes.get();
        s.decoded += l->decoded.get();
        s.capture_received += l->cap_received.get();
        s.capture_dropped += l->cap_dropped.get();
        s.capture_if_dropped += l->cap_if_dropped.get();
        s.capture_pre_join += l->cap_pre_join.get();
        s.slot_drops += l->slot_drops.get();
        s.queue_drops += l->queue_drops.get();
        if (const auto f = l->first_ts.get(); f && (s.first_ts_us == 0 || f < s.first_ts_us)) s.first_ts_us = f;
        s.last_ts_us = std::max(s.last_ts_us, l->last_ts.get());
        for (const auto& [n, c] : l->anomaly_counts)
            if (c.get()) s.anomalies[n] += c.get();
    }
    s.evidence = m.evidence_applied.get();
    s.devices = m.devices.get();
    s.devices_aged_out = m.aged_out.get();
    s.devices_evicted = m.evicted.get();
    s.devices_merged = m.merged.get();
    for (const auto& w : m.workers) {
        s.evidence_drops += w->evidence_drops.get();
        s.fragments += w->fragments.get();
        s.flows_created += w->flows_created.get();
        s.flows_expired += w->flows_expired.get();
        s.flows_restarted += w->flows_restarted.get();
        s.flows_evicted += w->flows_evicted.get();
        s.flows_live += w->flows_live.get();
        s.dpi_settled += w->dpi_settled.get();
        s.dpi_gave_up += w->dpi_gave_up.get();
        s.streams_live += w->streams_live.get();
        const L7Counters& l7 = w->router.counters();
        s.fingerprints += l7.fingerprints.get();
        s.tls_upgrades += l7.tls_upgrades.get();
        for (const auto& c : l7.parsed) s.l7_parsed += c.get();
        s.worker_packets.push_back(w->packets.get());
        s.queue_depth.push_back(w->in.depth());
    }
    for (const auto& w : m.workers)
        for (std::size_t k = 0; k < 4; ++k) {
            const std::string kind = dissect::kind_name(static_cast<dissect::ErrorKind>(k));
            if (auto n = w->ndp_errors[k].get()) s.anomalies["dissect.ndp." + kind] += n;
            const L7Counters& l7 = w->router.counters();
            for (std::size_t p = 0; p < dissect::routes::kProtoCount; ++p)
                if (auto n = l7.errors[p][k].get())
                    s.anomalies["dissect." + std::string(dissect::routes::name(static_cast<dissect::routes::Proto>(p))) +
                                "." + kind] += n;
        }
    for (const auto& w : m.workers) {
        const L7Counters& l7 = w->router.counters();
        if (auto n = l7.stream_gaps.get()) s.anomalies["pipeline.stream.gap"] += n;
        if (auto n = l7.stream_too_large.get()) s.anomalies["pipeline.stream.too_large"] += n;
    }
    return s;
}

}  // namespace sensor
