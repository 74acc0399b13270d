// sensor/pipeline/flow_table.h
// Per-worker flow table. Keys are symmetric 5-tuples (+ VLAN): both directions
// of a conversation map to the same entry, and `hash()` of the key is what the
// capture stage uses to pick the worker. Storage is preallocated up to a hard
// cap; when full, the least recently used flow is evicted (counted). Idle
// timeouts run on the packet clock, so a replay ages flows exactly as the live
// run did. Open addressing with linear probing and backward-shift deletion; one
// LRU list per timeout class keeps expiry O(expired).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "dissectors/core/addr.h"
#include "dissectors/packet/packet.h"

namespace sensor {

struct FlowKey {
    std::array<std::uint8_t, 16> lo_ip{};  // the lower (ip, port) endpoint
    std::array<std::uint8_t, 16> hi_ip{};
    std::uint16_t lo_port = 0, hi_port = 0;
    std::uint16_t vlan = 0;
    std::uint8_t proto = 0;
    std::uint8_t ip_version = 0;
    friend bool operator==(const FlowKey&, const FlowKey&) = default;
};

// Builds the canonical key of a decoded IP packet. `src_is_lo` tells which end
// sent this packet.
[[nodiscard]] FlowKey make_flow_key(const dissect::packet::Decoded& d, bool& src_is_lo) noexcept;
[[nodiscard]] std::uint64_t hash_key(const FlowKey& k) noexcept;
// Symmetric hash of a frame for worker dispatch: flows by key, fragments and
// non-IP frames by their addresses (order-independent).
[[nodiscard]] std::uint64_t dispatch_hash(const dissect::packet::Decoded& d) noexcept;

enum class TimeoutClass : std::uint8_t { TcpOpen, TcpClosed, Udp, Other, kCount };

struct FlowTimeouts {
    std::uint64_t tcp_open_us = 300'000'000;
    std::uint64_t tcp_closed_us = 10'000'000;
    std::uint64_t udp_us = 120'000'000;
    std::uint64_t other_us = 60'000'000;
    [[nodiscard]] std::uint64_t of(TimeoutClass c) const noexcept {
        switch (c) {
            case TimeoutClass::TcpOpen: return tcp_open_us;
            case TimeoutClass::TcpClosed: return tcp_closed_us;
            case TimeoutClass::Udp: return udp_us;
            default: return other_us;
        }
    }
};

inline constexpr std::uint32_t kNoFlow = 0xffffffffu;

struct Flow {
    FlowKey key{};
    std::uint64_t hash = 0;
    std::uint64_t first_us = 0, last_us = 0;
    std::uint64_t first_seq = 0;
    std::uint64_t packets = 0, bytes = 0;
    dissect::MacAddr lo_mac{}, hi_mac{};   // MACs each endpoint sent from
    bool client_is_lo = true;
    bool server_answered = false;
    bool fin_lo = false, fin_hi = false, rst = false;
    bool detection_done = false;
    bool reported_client = false, reported_server = false;
    TimeoutClass tclass = TimeoutClass::Other;
    std::uint16_t dpi_packets = 0;
    void* dpi = nullptr;          // owned by the worker's DPI engine
    void* stream = nullptr;       // owned by the worker's L7 router
    std::uint8_t l7_proto = 0;    // dissect::routes::Proto, once decided
    bool l7_decided = false;
    std::uint8_t l7_probes = 0;   // payloads probed without a match
    bool syn_seen = false;        // the client's SYN, and its sequence number
    std::uint32_t syn_seq = 0;
    std::uint16_t dpi_master = 0, dpi_app = 0;
    std::uint64_t dpi_risk = 0;
    std::uint32_t lru_prev = kNoFlow, lru_next = kNoFlow;
    bool in_use = false;
};

struct FlowTableStats {
    std::uint64_t created = 0;
    std::uint64_t expired = 0;
    std::uint64_t evicted = 0;  // pushed out by the cap
    std::uint64_t restarted = 0;  // ended by a new connection on the same key (port reuse)
};

class FlowTable {
public:
    explicit FlowTable(std::uint32_t max_flows, FlowTimeouts timeouts = {});

    // Finds the live flow for `key`. A flow idle past its timeout counts as
    // gone: `on_end(flow)` runs for it and a new flow takes its place. When the
    // table is full the LRU flow is ended the same way first. Never fails.
    template <class OnEnd>
    Flow& find_or_create(const FlowKey& key, std::uint64_t h, std::uint64_t now_us, bool& created, OnEnd&& on_end) {
        return find_or_create(key, h, now_us, created, on_end, [](const Flow&) { return false; });
    }
    // As above; `restart(flow)` true ends a live flow too (a new TCP
    // connection reusing the 5-tuple), counted in stats().restarted.
    template <class OnEnd, class Restart>
    Flow& find_or_create(const FlowKey& key, std::uint64_t h, std::uint64_t now_us, bool& created, OnEnd&& on_end,
                         Restart&& restart);

    // Marks `f` as used at `now_us` in timeout class `c` (moves it to its LRU head).
    void touch(Flow& f, std::uint64_t now_us, TimeoutClass c) noexcept;

    // Ends every flow idle past its timeout at `now_us`.
    template <class OnEnd>
    std::size_t expire(std::uint64_t now_us, OnEnd&& on_end);

    // Ends every flow (end of input), oldest first by first_seq.
    template <class OnEnd>
    void drain(OnEnd&& on_end);

    [[nodiscard]] std::size_t size() const noexcept { return live_; }
    [[nodiscard]] std::uint32_t capacity() const noexcept { return max_; }
    [[nodiscard]] const FlowTableStats& stats() const noexcept { return stats_; }
    [[nodiscard]] const FlowTimeouts& timeouts() const noexcept { return timeouts_; }

private:
    struct Bucket {
        std::uint32_t idx = kNoFlow;
        std::uint32_t tag = 0;  // low hash bits, to skip most key compares
    };
    [[nodiscard]] std::uint32_t find_index(const FlowKey& key, std::uint64_t h) const noexcept;
    std::uint32_t allocate();
    void erase(std::uint32_t idx) noexcept;
    void lru_unlink(std::uint32_t idx) noexcept;
    void lru_push_head(std::uint32_t idx) noexcept;
    [[nodiscard]] std::uint32_t oldest() const noexcept;

    std::uint32_t max_;
    FlowTimeouts timeouts_;
    std::vector<Flow> flows_;            // reserved to max_, grows lazily
    std::vector<std::uint32_t> free_;
    std::vector<Bucket> buckets_;
    std::uint64_t mask_;
    std::array<std::uint32_t, static_cast<std::size_t>(TimeoutClass::kCount)> head_{}, tail_{};
    std::size_t live_ = 0;
    FlowTableStats stats_;
};

// ---- template implementations ----

template <class OnEnd, class Restart>
Flow& FlowTable::find_or_create(const FlowKey& key, std::uint64_t h, std::uint64_t now_us, bool& created,
                                OnEnd&& on_end, Restart&& restart) {
    std::uint32_t idx = find_index(key, h);
    if (idx != kNoFlow) {
        Flow& f = flows_[idx];
        const bool alive = now_us < f.last_us || now_us - f.last_us <= timeouts_.of(f.tclass);
        if (alive && !restart(static_cast<const Flow&>(f))) {
            created = false;
            return f;
        }
        on_end(f);
        ++(alive ? stats_.restarted : stats_.expired);
        erase(idx);
    }
    if (live_ >= max_) {
        const std::uint32_t victim = oldest();
        on_end(flows_[victim]);
        ++stats_.evicted;
        erase(victim);
    }
    idx = allocate();
    Flow& f = flows_[idx];
    f = Flow{};
    f.key = key;
    f.hash = h;
    f.first_us = f.last_us = now_us;
    f.in_use = true;
    // Insert into the index.
    std::uint64_t b = h & mask_;
    while (buckets_[b].idx != kNoFlow) b = (b + 1) & mask_;
    buckets_[b] = {idx, static_cast<std::uint32_t>(h)};
    f.tclass = TimeoutClass::Other;
    lru_push_head(idx);
    ++live_;
    ++stats_.created;
    created = true;
    return f;
}

template <class OnEnd>
std::size_t FlowTable::expire(std::uint64_t now_us, OnEnd&& on_end) {
    std::size_t n = 0;
    for (std::size_t c = 0; c < tail_.size(); ++c) {
        const std::uint64_t to = timeouts_.of(static_cast<TimeoutClass>(c));
        while (tail_[c] != kNoFlow) {
            Flow& f = flows_[tail_[c]];
            if (now_us < f.last_us || now_us - f.last_us <= to) break;
            on_end(f);
            ++stats_.expired;
            erase(tail_[c]);
            ++n;
        }
    }
    return n;
}

template <class OnEnd>
void FlowTable::drain(OnEnd&& on_end) {
    std::vector<std::uint32_t> order;
    order.reserve(live_);
    for (std::uint32_t i = 0; i < flows_.size(); ++i)
        if (flows_[i].in_use) order.push_back(i);
    std::sort(order.begin(), order.end(),
              [&](std::uint32_t a, std::uint32_t b) { return flows_[a].first_seq < flows_[b].first_seq; });
    for (std::uint32_t i : order) {
        on_end(flows_[i]);
        erase(i);
    }
}

}  // namespace sensor
