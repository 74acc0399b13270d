#include "sensor/pipeline/flow_table.h"

#include <cstring>

namespace sensor {
namespace {

inline std::uint64_t mix(std::uint64_t x) noexcept {
    // splitmix64 finalizer: cheap and good enough to spread 5-tuples.
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

inline std::uint64_t load64(const std::uint8_t* p) noexcept {
    std::uint64_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

}  // namespace

FlowKey make_flow_key(const dissect::packet::Decoded& d, bool& src_is_lo) noexcept {
    FlowKey k;
    k.proto = d.ip_proto;
    k.ip_version = d.src_ip.version;
    k.vlan = d.vlan;
    const bool ports = d.has_l4 && (d.ip_proto == 6 || d.ip_proto == 17 || d.ip_proto == 132);
    const std::uint16_t sp = ports ? d.sport : 0, dp = ports ? d.dport : 0;
    const int c = std::memcmp(d.src_ip.b.data(), d.dst_ip.b.data(), 16);
    src_is_lo = c < 0 || (c == 0 && sp <= dp);
    if (src_is_lo) {
        k.lo_ip = d.src_ip.b;
        k.hi_ip = d.dst_ip.b;
        k.lo_port = sp;
        k.hi_port = dp;
    } else {
        k.lo_ip = d.dst_ip.b;
        k.hi_ip = d.src_ip.b;
        k.lo_port = dp;
        k.hi_port = sp;
    }
    return k;
}

std::uint64_t hash_key(const FlowKey& k) noexcept {
    std::uint64_t h = mix(load64(k.lo_ip.data()) ^ 0x9e3779b97f4a7c15ULL);
    h = mix(h ^ load64(k.lo_ip.data() + 8));
    h = mix(h ^ load64(k.hi_ip.data()));
    h = mix(h ^ load64(k.hi_ip.data() + 8));
    h = mix(h ^ (std::uint64_t{k.lo_port} << 32 | std::uint64_t{k.hi_port} << 16 | k.vlan) ^
            (std::uint64_t{k.proto} << 48));
    return h;
}

std::uint64_t dispatch_hash(const dissect::packet::Decoded& d) noexcept {
    using dissect::packet::L3;
    if ((d.l3 == L3::Ipv4 || d.l3 == L3::Ipv6)) {
        if (!d.fragment || d.first_fragment) {
            bool lo = false;
            return hash_key(make_flow_key(d, lo));
        }
        // Later fragments carry no ports: spread by the address pair.
        const std::uint64_t a = mix(load64(d.src_ip.b.data()) ^ load64(d.src_ip.b.data() + 8));
        const std::uint64_t b = mix(load64(d.dst_ip.b.data()) ^ load64(d.dst_ip.b.data() + 8));
        return mix(a ^ b);
    }
    // Non-IP frames: by the MAC pair, symmetric.
    return mix(d.src_mac.as_u64() ^ d.dst_mac.as_u64());
}

FlowTable::FlowTable(std::uint32_t max_flows, FlowTimeouts timeouts)
    : max_(max_flows < 16 ? 16 : max_flows), timeouts_(timeouts) {
    flows_.reserve(max_);
    std::uint64_t n = 1;
    while (n < std::uint64_t{max_} * 2) n <<= 1;
    buckets_.assign(n, Bucket{});
    mask_ = n - 1;
    head_.fill(kNoFlow);
    tail_.fill(kNoFlow);
}

std::uint32_t FlowTable::find_index(const FlowKey& key, std::uint64_t h) const noexcept {
    std::uint64_t b = h & mask_;
    const auto tag = static_cast<std::uint32_t>(h);
    while (buckets_[b].idx != kNoFlow) {
        if (buckets_[b].tag == tag && flows_[buckets_[b].idx].key == key) return buckets_[b].idx;
        b = (b + 1) & mask_;
    }
    return kNoFlow;
}

std::uint32_t FlowTable::allocate() {
    if (!free_.empty()) {
        const std::uint32_t i = free_.back();
        free_.pop_back();
        return i;
    }
    flows_.emplace_back();  // never reallocates: reserved to max_
    return static_cast<std::uint32_t>(flows_.size() - 1);
}

void FlowTable::erase(std::uint32_t idx) noexcept {
    Flow& f = flows_[idx];
    // Remove from the index with backward-shift deletion (no tombstones).
    std::uint64_t b = f.hash & mask_;
    while (buckets_[b].idx != idx) b = (b + 1) & mask_;
    std::uint64_t hole = b;
    std::uint64_t next = (hole + 1) & mask_;
    while (buckets_[next].idx != kNoFlow) {
        const std::uint64_t home = flows_[buckets_[next].idx].hash & mask_;
        // Move `next` into the hole if its home is not in (hole, next].
        const bool between = hole <= next ? (home > hole && home <= next) : (home > hole || home <= next);
        if (!between) {
            buckets_[hole] = buckets_[next];
            hole = next;
        }
        next = (next + 1) & mask_;
    }
    buckets_[hole] = Bucket{};
    lru_unlink(idx);
    f.in_use = false;
    f.dpi = nullptr;
    free_.push_back(idx);
    --live_;
}

void FlowTable::lru_unlink(std::uint32_t idx) noexcept {
    Flow& f = flows_[idx];
    const auto c = static_cast<std::size_t>(f.tclass);
    if (f.lru_prev != kNoFlow) flows_[f.lru_prev].lru_next = f.lru_next;
    else head_[c] = f.lru_next;
    if (f.lru_next != kNoFlow) flows_[f.lru_next].lru_prev = f.lru_prev;
    else tail_[c] = f.lru_prev;
    f.lru_prev = f.lru_next = kNoFlow;
}

void FlowTable::lru_push_head(std::uint32_t idx) noexcept {
    Flow& f = flows_[idx];
    const auto c = static_cast<std::size_t>(f.tclass);
    f.lru_prev = kNoFlow;
    f.lru_next = head_[c];
    if (head_[c] != kNoFlow) flows_[head_[c]].lru_prev = idx;
    head_[c] = idx;
    if (tail_[c] == kNoFlow) tail_[c] = idx;
}

void FlowTable::touch(Flow& f, std::uint64_t now_us, TimeoutClass c) noexcept {
    const auto idx = static_cast<std::uint32_t>(&f - flows_.data());
    if (now_us > f.last_us) f.last_us = now_us;
    if (head_[static_cast<std::size_t>(f.tclass)] == idx && f.tclass == c) return;
    lru_unlink(idx);
    f.tclass = c;
    lru_push_head(idx);
}

std::uint32_t FlowTable::oldest() const noexcept {
    std::uint32_t best = kNoFlow;
    for (std::uint32_t t : tail_) {
        if (t == kNoFlow) continue;
        if (best == kNoFlow || flows_[t].last_us < flows_[best].last_us ||
            (flows_[t].last_us == flows_[best].last_us && flows_[t].first_seq < flows_[best].first_seq))
            best = t;
    }
    return best;
}

}  // namespace sensor
