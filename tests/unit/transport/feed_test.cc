// transport::Feed (feed.h) between a real Inventory and a real Publisher,
// read back by a follower over loopback (--insecure): the topic each change
// gets, and the rule of WIRE-PROTOCOL §4 that a change of last_seen alone is
// published at most once per 60 s (packet time), and at the end of a capture.
#include "transport/feed.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "transport/client.h"

namespace transport {
namespace {

using posture::Map;
using posture::Value;

posture::Evidence seen(const char* mac, const char* ip, std::uint64_t ts_s) {
    posture::Evidence e;
    e.kind = posture::EvidenceKind::HostSeen;
    e.ts_us = ts_s * 1'000'000;
    EXPECT_TRUE(dissect::parse_mac(mac, e.mac));
    EXPECT_TRUE(dissect::parse_ip(ip, e.ip));
    return e;
}

// What a follower received: topic and the record's last_seen, in order.
struct Received {
    std::mutex mu;
    std::vector<std::pair<std::string, std::uint64_t>> events;
    std::atomic<std::uint64_t> snapshots{0};

    std::vector<std::pair<std::string, std::uint64_t>> get() {
        std::lock_guard lock(mu);
        return events;
    }
};

void wait_until(const std::function<bool()>& done, int ms = 10000) {
    for (int i = 0; i < ms / 10 && !done(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

TEST(Feed, TopicsAndLastSeenAloneAtMostOncePerMinute) {
    PublisherConfig pc;
    pc.insecure = true;
    pc.events = "tcp://127.0.0.1:*";
    pc.control = "tcp://127.0.0.1:*";
    pc.health_interval_ms = 200;
    auto p = Publisher::start(pc);
    ASSERT_TRUE(p) << p.error();
    ClientConfig cc;
    cc.insecure = true;
    cc.events = (*p)->bound()[0];
    cc.control = (*p)->bound()[1];
    auto f = Follower::connect(cc);
    ASSERT_TRUE(f) << f.error();
    Received got;
    std::atomic<bool> stop{false};
    std::thread t([&] {
        auto r = (*f)->run(
            [&](const Follower::Event& e) {
                if (e.kind == "snapshot") ++got.snapshots;
                if (e.kind != "event" || !e.body) return;
                const Map& b = *e.body->as_map();
                std::lock_guard lock(got.mu);
                got.events.emplace_back(e.topic, std::get<std::uint64_t>(b.at("last_seen").v));
            },
            [&] { return stop.load(); });
        EXPECT_TRUE(r) << (r ? "" : r.error());
    });
    wait_until([&] { return got.snapshots > 0; });
    ASSERT_EQ(got.snapshots, 1u);

    posture::Inventory inv({});
    Feed feed(**p);
    auto tick = [&](std::uint64_t ts_s, bool last = false) {
        if (ts_s) inv.apply(seen("00:11:22:33:44:55", "192.168.1.10", ts_s));
        feed.apply_commands(inv);
        feed.tick(inv, inv.take_gone(), last);
        return feed.offered();
    };
    EXPECT_EQ(tick(1), 1u);   // device.new
    EXPECT_EQ(tick(30), 1u);  // last_seen alone, 29 s later: held back
    EXPECT_EQ(tick(60), 1u);  // 59 s after the published one: still held back
    EXPECT_EQ(tick(61), 2u);  // 60 s: published (device.update)
    EXPECT_EQ(tick(90), 2u);
    EXPECT_EQ(tick(0, true), 3u);  // the capture ended: everything current goes out
    EXPECT_EQ(tick(0, true), 3u);  // nothing new since
    // A material change (a new address: a new rev) goes out at once.
    inv.apply(seen("00:11:22:33:44:55", "192.168.1.11", 95));
    EXPECT_EQ(tick(0), 4u);

    wait_until([&] { return got.get().size() == 4; });
    stop = true;
    t.join();
    const std::vector<std::pair<std::string, std::uint64_t>> want = {
        {"device.new", 1'000}, {"device.update", 61'000}, {"device.update", 90'000}, {"device.update", 95'000}};
    EXPECT_EQ(got.get(), want);
    EXPECT_EQ((*f)->resyncs(), 0u);
}

}  // namespace
}  // namespace transport
