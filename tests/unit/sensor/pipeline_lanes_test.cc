// The pipeline with several capture lanes (what a PACKET_FANOUT group gives
// it: one source per worker), driven by in-memory sources that behave like
// the non-blocking fanout handles: frames in bursts, "nothing ready" between
// them, then the end. The inventory must hold exactly what one source with
// every frame gives, every frame must reach a worker, and the lanes' idle
// floors must let the posture thread go on while a lane waits.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <thread>

#include "sensor/capture/capture.h"
#include "sensor/pipeline/pipeline.h"

namespace {

using Bytes = std::vector<std::uint8_t>;

struct FakeFrame {
    Bytes data;
    std::uint64_t ts_us;
};

// A source over frames in memory. Non-blocking like a fanout handle: after
// every `burst` frames, next() says Timeout once (nothing ready) and wait()
// naps; `slow_wait_ms` makes that lane's waits long, as a quiet link's are.
class FakeSource final : public sensor::capture::Source {
public:
    FakeSource(std::vector<FakeFrame> frames, unsigned burst, int wait_ms, int first_wait_ms = 0)
        : frames_(std::move(frames)), burst_(burst), wait_ms_(wait_ms), first_wait_ms_(first_wait_ms) {}
    sensor::capture::Next next(sensor::capture::Frame& f) noexcept override {
        if (stop_) return sensor::capture::Next::End;
        if (first_wait_ms_ && !started_) {
            started_ = true;
            return sensor::capture::Next::Timeout;  // then a long wait(): a quiet link
        }
        if (i_ == frames_.size()) return sensor::capture::Next::End;
        if (burst_ && since_wait_ == burst_) {
            since_wait_ = 0;
            ++timeouts;
            return sensor::capture::Next::Timeout;
        }
        ++since_wait_;
        const FakeFrame& fr = frames_[i_++];
        f.data = fr.data.data();
        f.caplen = f.wirelen = static_cast<std::uint32_t>(fr.data.size());
        f.ts_us = fr.ts_us;
        return sensor::capture::Next::Frame;
    }
    [[nodiscard]] dissect::packet::LinkType link_type() const noexcept override {
        return dissect::packet::LinkType::Ethernet;
    }
    [[nodiscard]] int datalink() const noexcept override { return 1; }
    [[nodiscard]] sensor::capture::Stats stats() noexcept override { return {}; }
    [[nodiscard]] std::string last_error() const override { return {}; }
    void break_loop() noexcept override { stop_ = true; }
    [[nodiscard]] int fd() const noexcept override { return -1; }
    void wait() noexcept override {
        if (first_wait_ms_ && !first_waited_) {
            first_waited_ = true;
            in_first_wait = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(first_wait_ms_));
            in_first_wait = false;
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms_));
    }
    std::atomic<bool> in_first_wait{false};
    [[nodiscard]] bool nonblocking() const noexcept override { return true; }
    unsigned timeouts = 0;

private:
    std::vector<FakeFrame> frames_;
    std::size_t i_ = 0;
    unsigned burst_, since_wait_ = 0;
    int wait_ms_, first_wait_ms_;
    bool started_ = false, first_waited_ = false;
    std::atomic<bool> stop_{false};
};

std::array<std::uint8_t, 6> mac(unsigned host) { return {0x02, 0x00, 0x5e, 0x10, 0x00, static_cast<std::uint8_t>(host)}; }
std::array<std::uint8_t, 4> ip(unsigned host) { return {10, 9, 0, static_cast<std::uint8_t>(host)}; }

void put(Bytes& b, const auto& a) { b.insert(b.end(), a.begin(), a.end()); }
void put16(Bytes& b, std::uint16_t v) {
    b.push_back(static_cast<std::uint8_t>(v >> 8));
    b.push_back(static_cast<std::uint8_t>(v));
}

// An ARP request from `host`: its MAC and IP.
Bytes arp(unsigned host, unsigned target) {
    Bytes b;
    put(b, std::array<std::uint8_t, 6>{0xff, 0xff, 0xff, 0xff, 0xff, 0xff});
    put(b, mac(host));
    put16(b, 0x0806);
    put16(b, 1);
    put16(b, 0x0800);
    b.push_back(6);
    b.push_back(4);
    put16(b, 1);
    put(b, mac(host));
    put(b, ip(host));
    put(b, std::array<std::uint8_t, 6>{});
    put(b, ip(target));
    b.resize(60, 0);
    return b;
}

// A UDP datagram from host `a` to host `b`, ports sport -> dport.
Bytes udp(unsigned a, unsigned b, std::uint16_t sport, std::uint16_t dport) {
    Bytes f;
    put(f, mac(b));
    put(f, mac(a));
    put16(f, 0x0800);
    const std::size_t ip0 = f.size();
    const std::uint16_t payload = 16, total = 20 + 8 + payload;
    f.push_back(0x45);
    f.push_back(0);
    put16(f, total);
    put16(f, 0);
    put16(f, 0x4000);
    f.push_back(64);
    f.push_back(17);
    put16(f, 0);
    put(f, ip(a));
    put(f, ip(b));
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i < 20; i += 2) sum += (f[ip0 + i] << 8) | f[ip0 + i + 1];
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    f[ip0 + 10] = static_cast<std::uint8_t>(~sum >> 8);
    f[ip0 + 11] = static_cast<std::uint8_t>(~sum);
    put16(f, sport);
    put16(f, dport);
    put16(f, 8 + payload);
    put16(f, 0);
    f.resize(f.size() + payload, 0x5a);
    return f;
}

// 40 hosts ARP, then talk in pairs over many UDP flows, in time order.
std::vector<FakeFrame> site() {
    std::vector<FakeFrame> out;
    std::uint64_t ts = 1'700'000'000'000'000;
    for (unsigned h = 1; h <= 40; ++h) out.push_back({arp(h, 254), ts += 1000});
    for (unsigned round = 0; round < 30; ++round)
        for (unsigned h = 1; h <= 40; ++h) {
            const unsigned peer = (h + round) % 40 + 1;
            if (peer == h) continue;
            const auto sport = static_cast<std::uint16_t>(20000 + round * 41 + h);
            out.push_back({udp(h, peer, sport, 5000), ts += 700});
            out.push_back({udp(peer, h, 5000, sport), ts += 300});
        }
    return out;
}

// A symmetric split of the frames over `n` lanes by their address pair, as
// the kernel's fanout hash splits them (ARP by its sender).
std::vector<std::vector<FakeFrame>> split(const std::vector<FakeFrame>& frames, unsigned n) {
    std::vector<std::vector<FakeFrame>> lanes(n);
    for (const auto& f : frames) {
        unsigned key = f.data[11];  // the source MAC's last byte: ARP
        if (f.data[12] == 0x08 && f.data[13] == 0x00) key = f.data[14 + 15] ^ f.data[14 + 19];  // the IP pair
        lanes[key % n].push_back(f);
    }
    return lanes;
}

struct Result {
    std::map<std::string, std::set<std::string>> devices;  // id -> IPs
    sensor::PipelineStats stats;
};

Result run(std::vector<std::unique_ptr<sensor::capture::Source>> sources, unsigned workers, bool offline,
           std::function<void(posture::Inventory&, bool)> on_tick = {}) {
    sensor::PipelineOptions o;
    o.workers = workers;
    o.offline = offline;
    o.on_posture_tick = std::move(on_tick);
    sensor::Pipeline p(std::move(o), std::move(sources));
    p.start();
    p.join();
    Result r;
    r.stats = p.stats();
    p.inventory_after_join().for_each([&](const posture::Device& d) {
        auto& ips = r.devices[d.id];
        for (const auto& e : d.ips) ips.insert(dissect::to_string(e.ip));
    });
    return r;
}

TEST(PipelineLanes, FanoutLanesGiveTheInventoryOfOneSource) {
    const auto frames = site();
    std::vector<std::unique_ptr<sensor::capture::Source>> one;
    one.push_back(std::make_unique<FakeSource>(frames, 0, 0));
    const Result ref = run(std::move(one), 1, true);
    ASSERT_EQ(ref.stats.packets, frames.size());
    ASSERT_GE(ref.devices.size(), 40u);

    const auto parts = split(frames, 2);
    ASSERT_FALSE(parts[0].empty());
    ASSERT_FALSE(parts[1].empty());
    std::vector<std::unique_ptr<sensor::capture::Source>> two;
    // Lane 1 waits long between its bursts (a quiet handle): lane 0's
    // evidence must not wait for it (its floor is idle meanwhile).
    two.push_back(std::make_unique<FakeSource>(parts[0], 64, 1));
    two.push_back(std::make_unique<FakeSource>(parts[1], 16, 20));
    const Result fan = run(std::move(two), 2, false);
    EXPECT_EQ(fan.stats.capture_handles, 2u);
    EXPECT_EQ(fan.stats.packets, frames.size());
    ASSERT_EQ(fan.stats.worker_packets.size(), 2u);
    EXPECT_EQ(fan.stats.worker_packets[0], parts[0].size());
    EXPECT_EQ(fan.stats.worker_packets[1], parts[1].size());
    EXPECT_EQ(fan.stats.queue_drops + fan.stats.slot_drops + fan.stats.evidence_drops, 0u);
    EXPECT_EQ(fan.devices, ref.devices);
}

// A lane that never sees a frame (a handle the hash gave nothing) neither
// stalls the others nor keeps the pipeline from ending.
TEST(PipelineLanes, AnEmptyLaneDoesNotHoldTheOthersBack) {
    const auto frames = site();
    std::vector<std::unique_ptr<sensor::capture::Source>> three;
    three.push_back(std::make_unique<FakeSource>(frames, 32, 1));
    three.push_back(std::make_unique<FakeSource>(std::vector<FakeFrame>{}, 1, 5));
    three.push_back(std::make_unique<FakeSource>(std::vector<FakeFrame>{}, 1, 5));
    const Result r = run(std::move(three), 3, false);
    EXPECT_EQ(r.stats.packets, frames.size());
    EXPECT_EQ(r.stats.worker_packets.at(0), frames.size());
    EXPECT_GE(r.devices.size(), 40u);
}

// While one lane waits (a quiet handle, here 3 s before its only frames),
// the evidence of the others is applied: the waiting lane's floor is idle,
// not the seq it had when it began to wait (0), which would hold every
// other lane's evidence back until it read again.
TEST(PipelineLanes, AWaitingLaneDoesNotHoldBackTheOthersEvidence) {
    const auto frames = site();
    const auto parts = split(frames, 2);
    std::vector<std::unique_ptr<sensor::capture::Source>> two;
    two.push_back(std::make_unique<FakeSource>(parts[0], 64, 1));
    auto quiet = std::make_unique<FakeSource>(parts[1], 64, 1, 3000);
    const FakeSource* waiting = quiet.get();
    two.push_back(std::move(quiet));
    std::size_t seen_while_waiting = 0;
    const Result r = run(std::move(two), 2, false, [&](posture::Inventory& inv, bool last) {
        // Ticks come about once a second: two or three fall in the wait.
        if (!last && waiting->in_first_wait) {
            std::size_t n = 0;
            inv.for_each([&](const posture::Device&) { ++n; });
            seen_while_waiting = std::max(seen_while_waiting, n);
        }
    });
    EXPECT_EQ(r.stats.packets, frames.size());
    EXPECT_GE(seen_while_waiting, 20u) << "lane 0's devices were not applied while lane 1 waited";
}

// One worker of two takes every frame (a single flow): between two drains of
// the lane's free list it holds any number of slots, all of which its
// returns ring must take, or it blocks there for good while the lane, still
// holding free slots, never drains (the corruption test hung on a real
// capture this way, with small rings). A hang fails through ctest's timeout.
TEST(PipelineLanes, OneWorkerTakingEveryFrameNeverFillsItsReturns) {
    std::vector<FakeFrame> frames;
    std::uint64_t ts = 1'700'000'000'000'000;
    for (unsigned i = 0; i < 600; ++i) frames.push_back({udp(1, 2, 40000, 5000), ts += 100});
    std::vector<std::unique_ptr<sensor::capture::Source>> one;
    one.push_back(std::make_unique<FakeSource>(frames, 0, 0));
    sensor::PipelineOptions o;
    o.workers = 2;
    o.offline = true;
    o.queue_depth = 16;
    sensor::Pipeline p(std::move(o), std::move(one));
    p.start();
    p.join();
    const auto s = p.stats();
    EXPECT_EQ(s.packets, frames.size());
    EXPECT_EQ(s.worker_packets.at(0) + s.worker_packets.at(1), frames.size());
    EXPECT_TRUE(s.worker_packets.at(0) == 0 || s.worker_packets.at(1) == 0);  // one flow, one worker
}

}  // namespace
