#include "sensor/pipeline/flow_table.h"

#include <gtest/gtest.h>

namespace sensor {
namespace {

using dissect::packet::Decoded;
using dissect::packet::L3;

Decoded tcp_packet(std::uint8_t a, std::uint16_t sport, std::uint8_t b, std::uint16_t dport) {
    Decoded d;
    d.l3 = L3::Ipv4;
    d.src_ip = dissect::IpAddr::v4(0xc0a80000u | a);
    d.dst_ip = dissect::IpAddr::v4(0xc0a80000u | b);
    d.ip_proto = 6;
    d.has_l4 = true;
    d.sport = sport;
    d.dport = dport;
    return d;
}

FlowKey key_of(const Decoded& d) {
    bool lo = false;
    return make_flow_key(d, lo);
}

TEST(FlowKey, BothDirectionsGiveTheSameKeyAndHash) {
    const auto fwd = tcp_packet(10, 51000, 20, 443);
    const auto rev = tcp_packet(20, 443, 10, 51000);
    bool lo_f = false, lo_r = false;
    EXPECT_EQ(make_flow_key(fwd, lo_f), make_flow_key(rev, lo_r));
    EXPECT_NE(lo_f, lo_r);
    EXPECT_EQ(hash_key(key_of(fwd)), hash_key(key_of(rev)));
    EXPECT_EQ(dispatch_hash(fwd), dispatch_hash(rev));
}

TEST(FlowKey, VlanAndProtocolSeparateFlows) {
    auto a = tcp_packet(1, 1000, 2, 80);
    auto b = a;
    b.vlan = 20;
    auto c = a;
    c.ip_proto = 17;
    EXPECT_NE(key_of(a), key_of(b));
    EXPECT_NE(key_of(a), key_of(c));
}

TEST(FlowKey, SameAddressesOrderByPort) {
    const auto fwd = tcp_packet(5, 2000, 5, 1000);
    const auto rev = tcp_packet(5, 1000, 5, 2000);
    EXPECT_EQ(key_of(fwd), key_of(rev));
}

TEST(FlowTable, FindsExistingFlowUntilIdleTimeout) {
    FlowTimeouts t;
    t.tcp_open_us = 100;
    FlowTable ft(64, t);
    const auto k = key_of(tcp_packet(1, 1000, 2, 80));
    int ended = 0;
    bool created = false;
    Flow& f = ft.find_or_create(k, hash_key(k), 1000, created, [&](Flow&) { ++ended; });
    EXPECT_TRUE(created);
    ft.touch(f, 1000, TimeoutClass::TcpOpen);
    Flow& g = ft.find_or_create(k, hash_key(k), 1100, created, [&](Flow&) { ++ended; });
    EXPECT_FALSE(created);
    EXPECT_EQ(&f, &g);
    ft.touch(g, 1100, TimeoutClass::TcpOpen);
    // 101 us later: idle past the timeout, so the old flow ends and a new one starts.
    ft.find_or_create(k, hash_key(k), 1201, created, [&](Flow&) { ++ended; });
    EXPECT_TRUE(created);
    EXPECT_EQ(ended, 1);
    EXPECT_EQ(ft.stats().expired, 1u);
    EXPECT_EQ(ft.size(), 1u);
}

TEST(FlowTable, ExpireEndsOnlyIdleFlowsPerClass) {
    FlowTimeouts t;
    t.tcp_open_us = 1000;
    t.udp_us = 100;
    FlowTable ft(64, t);
    bool created;
    auto noop = [](Flow&) {};
    const auto k1 = key_of(tcp_packet(1, 1000, 2, 80));
    auto u = tcp_packet(3, 53000, 4, 53);
    u.ip_proto = 17;
    const auto k2 = key_of(u);
    ft.touch(ft.find_or_create(k1, hash_key(k1), 0, created, noop), 0, TimeoutClass::TcpOpen);
    ft.touch(ft.find_or_create(k2, hash_key(k2), 0, created, noop), 0, TimeoutClass::Udp);
    std::vector<std::uint16_t> ended;
    EXPECT_EQ(ft.expire(500, [&](Flow& f) { ended.push_back(f.key.lo_port); }), 1u);
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_EQ(ft.size(), 1u);
    EXPECT_EQ(ft.expire(1001, [&](Flow&) {}), 1u);
    EXPECT_EQ(ft.size(), 0u);
}

TEST(FlowTable, CapEvictsLeastRecentlyUsedAndCounts) {
    FlowTable ft(16);
    bool created;
    std::vector<std::uint16_t> evicted;
    auto on_end = [&](Flow& f) { evicted.push_back(f.key.lo_port == 80 ? f.key.hi_port : f.key.lo_port); };
    for (std::uint16_t i = 0; i < 16; ++i) {
        const auto k = key_of(tcp_packet(1, static_cast<std::uint16_t>(2000 + i), 2, 80));
        auto& f = ft.find_or_create(k, hash_key(k), i, created, on_end);
        ft.touch(f, i, TimeoutClass::TcpOpen);
    }
    // Refresh the oldest so that the second oldest becomes the victim.
    {
        const auto k = key_of(tcp_packet(1, 2000, 2, 80));
        auto& f = ft.find_or_create(k, hash_key(k), 100, created, on_end);
        EXPECT_FALSE(created);
        ft.touch(f, 100, TimeoutClass::TcpOpen);
    }
    const auto k = key_of(tcp_packet(1, 3000, 2, 80));
    ft.find_or_create(k, hash_key(k), 101, created, on_end);
    ASSERT_EQ(evicted.size(), 1u);
    EXPECT_EQ(evicted[0], 2001);
    EXPECT_EQ(ft.stats().evicted, 1u);
    EXPECT_EQ(ft.size(), 16u);
}

TEST(FlowTable, ManyInsertsAndDeletesKeepEveryFlowFindable) {
    FlowTable ft(1024);
    bool created;
    auto noop = [](Flow&) {};
    // Churn: insert 5000 distinct flows through a 1024 cap, then check the
    // last 1024 are all still found (backward-shift deletion keeps chains intact).
    for (std::uint32_t i = 0; i < 5000; ++i) {
        auto d = tcp_packet(static_cast<std::uint8_t>(i % 250), static_cast<std::uint16_t>(i), 9, 443);
        const auto k = key_of(d);
        auto& f = ft.find_or_create(k, hash_key(k), i, created, noop);
        ft.touch(f, i, TimeoutClass::TcpOpen);
        ASSERT_TRUE(created);
    }
    for (std::uint32_t i = 5000 - 1024; i < 5000; ++i) {
        auto d = tcp_packet(static_cast<std::uint8_t>(i % 250), static_cast<std::uint16_t>(i), 9, 443);
        const auto k = key_of(d);
        ft.find_or_create(k, hash_key(k), 5000, created, noop);
        EXPECT_FALSE(created) << i;
    }
    EXPECT_EQ(ft.stats().evicted, 5000u - 1024u);
}

TEST(FlowTable, DrainEndsAllInFirstSeqOrder) {
    FlowTable ft(64);
    bool created;
    auto noop = [](Flow&) {};
    for (std::uint16_t i = 0; i < 10; ++i) {
        const auto k = key_of(tcp_packet(1, static_cast<std::uint16_t>(5000 + i), 2, 80));
        auto& f = ft.find_or_create(k, hash_key(k), 0, created, noop);
        f.first_seq = 100 - i;
    }
    std::vector<std::uint64_t> order;
    ft.drain([&](Flow& f) { order.push_back(f.first_seq); });
    EXPECT_EQ(order.size(), 10u);
    EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));
    EXPECT_EQ(ft.size(), 0u);
}

}  // namespace
}  // namespace sensor
