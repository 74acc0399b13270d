// Network-level detectors (posture/risk/network): rogue DHCP/DHCPv6/RA, ARP
// spoofing, gateway MAC change, duplicate IP, DHCP starvation, fingerprint
// flapping, tag expiry, and the caps on every table.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "posture/risk/network.h"

namespace posture::risk {
namespace {

constexpr std::uint64_t kSecond = 1'000'000;  // µs

dissect::IpAddr ip(const std::string& s) {
    dissect::IpAddr a;
    EXPECT_TRUE(dissect::parse_ip(s, a)) << s;
    return a;
}

NetworkWatch make(NetworkConfig cfg = {}) {
    auto w = NetworkWatch::create(std::move(cfg));
    EXPECT_TRUE(w) << w.error();
    return std::move(*w);
}

std::vector<std::string> tag_names(const NetworkWatch& w, const std::string& id, std::uint64_t now_us) {
    std::vector<std::string> out;
    for (const auto& t : w.tags(id, now_us)) out.push_back(t.tag);
    return out;
}

std::string detail(const NetworkWatch& w, const std::string& id, const std::string& tag, std::uint64_t now_us) {
    for (const auto& t : w.tags(id, now_us))
        if (t.tag == tag) return t.detail;
    return "<none>";
}

using Tags = std::vector<std::string>;

TEST(RiskNetwork, CreateChecksTheConfig) {
    NetworkConfig bad_ip;
    bad_ip.dhcp_servers = {"10.0.0.1", "10.0.0.x"};
    EXPECT_EQ(NetworkWatch::create(bad_ip).error(), "network: dhcp_servers: '10.0.0.x' is not an IP address");
    NetworkConfig bad_router;
    bad_router.routers = {"fe80::zz"};
    EXPECT_EQ(NetworkWatch::create(bad_router).error(), "network: routers: 'fe80::zz' is not an IP address");
    NetworkConfig zero;
    zero.arp_window_us = 0;
    EXPECT_FALSE(NetworkWatch::create(zero));
    NetworkConfig tiny;
    tiny.max_discovers = tiny.starvation_macs;
    EXPECT_FALSE(NetworkWatch::create(tiny));
}

TEST(RiskNetwork, RogueDhcpAgainstTheAllowList) {
    NetworkConfig cfg;
    cfg.dhcp_servers = {"10.0.0.1"};
    NetworkWatch w = make(cfg);
    w.dhcp_server("mac:aa", ip("10.0.0.1"), 1 * kSecond);
    EXPECT_TRUE(w.tags("mac:aa", 1 * kSecond).empty());
    w.dhcp_server("mac:bb", ip("10.0.0.66"), 2 * kSecond);
    EXPECT_EQ(tag_names(w, "mac:bb", 2 * kSecond), Tags{"rogue_dhcp"});
    EXPECT_EQ(detail(w, "mac:bb", "rogue_dhcp", 2 * kSecond), "DHCP server 10.0.0.66 is not in the allow-list");
    auto d = w.take_detections();
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].id, "mac:bb");
    EXPECT_EQ(d[0].tag, "rogue_dhcp");
    EXPECT_EQ(d[0].ts_us, 2 * kSecond);
    // Seen again: refreshed, not detected again.
    w.dhcp_server("mac:bb", ip("10.0.0.66"), 3 * kSecond);
    EXPECT_TRUE(w.take_detections().empty());
}

TEST(RiskNetwork, WithoutAllowListFirstServerPerVlanIsTrusted) {
    NetworkWatch w = make();
    w.dhcp_server("mac:aa", ip("10.0.0.1"), 1 * kSecond, 10);
    w.dhcp_server("mac:cc", ip("10.0.20.1"), 1 * kSecond, 20);  // another VLAN, its own server
    w.dhcp_server("mac:aa", ip("10.0.0.1"), 2 * kSecond, 10);
    EXPECT_TRUE(w.take_detections().empty());
    w.dhcp_server("mac:bb", ip("10.0.0.66"), 3 * kSecond, 10);
    EXPECT_EQ(tag_names(w, "mac:bb", 3 * kSecond), Tags{"rogue_dhcp"});
    EXPECT_EQ(detail(w, "mac:bb", "rogue_dhcp", 3 * kSecond),
              "DHCP server 10.0.0.66: VLAN 10 already has 10.0.0.1 (first seen; no allow-list configured)");
    EXPECT_TRUE(w.tags("mac:aa", 3 * kSecond).empty());
    EXPECT_TRUE(w.tags("mac:cc", 3 * kSecond).empty());
}

TEST(RiskNetwork, RogueDhcpv6AndRouterAdvertisements) {
    NetworkConfig cfg;
    cfg.routers = {"fe80::1"};
    NetworkWatch w = make(cfg);
    w.router_advertisement("mac:r1", ip("fe80::1"), 1 * kSecond);
    w.router_advertisement("mac:ev", ip("fe80::bad"), 2 * kSecond);
    w.dhcpv6_server("mac:s1", ip("fe80::53"), 3 * kSecond);   // first DHCPv6 server: trusted
    w.dhcpv6_server("mac:ev", ip("fe80::bad"), 4 * kSecond);  // a second one
    EXPECT_TRUE(w.tags("mac:r1", 5 * kSecond).empty());
    EXPECT_TRUE(w.tags("mac:s1", 5 * kSecond).empty());
    EXPECT_EQ(tag_names(w, "mac:ev", 5 * kSecond), (Tags{"rogue_dhcpv6", "rogue_ra"}));
    EXPECT_EQ(detail(w, "mac:ev", "rogue_ra", 5 * kSecond),
              "router advertisement from fe80::bad is not in the allow-list");
}

TEST(RiskNetwork, SameOwnerAgainIsQuiet) {
    NetworkWatch w = make();
    for (int i = 0; i < 10; ++i) w.arp_binding("mac:aa", ip("10.0.0.5"), i * kSecond);
    EXPECT_TRUE(w.take_detections().empty());
    EXPECT_EQ(w.tracked_ips(), 1u);
}

TEST(RiskNetwork, TwoHostsOnOneAddressAreDuplicateIp) {
    NetworkWatch w = make();
    w.arp_binding("mac:aa", ip("10.0.0.5"), 1 * kSecond);
    w.arp_binding("mac:bb", ip("10.0.0.5"), 2 * kSecond);
    EXPECT_EQ(tag_names(w, "mac:aa", 2 * kSecond), Tags{"duplicate_ip"});
    EXPECT_EQ(tag_names(w, "mac:bb", 2 * kSecond), Tags{"duplicate_ip"});
    EXPECT_EQ(detail(w, "mac:bb", "duplicate_ip", 2 * kSecond), "10.0.0.5 also claimed by mac:aa");
    EXPECT_EQ(detail(w, "mac:aa", "duplicate_ip", 2 * kSecond), "10.0.0.5 also claimed by mac:bb");
    EXPECT_EQ(w.counters().arp_conflicts, 1u);
}

TEST(RiskNetwork, AHostClaimingAnotherOnesAddressIsArpSpoof) {
    NetworkWatch w = make();
    w.arp_binding("mac:victim", ip("10.0.0.5"), 1 * kSecond);
    w.arp_binding("mac:evil", ip("10.0.0.66"), 1 * kSecond);  // its own address
    w.arp_binding("mac:evil", ip("10.0.0.5"), 2 * kSecond);
    EXPECT_EQ(tag_names(w, "mac:evil", 2 * kSecond), Tags{"arp_spoof"});
    EXPECT_EQ(detail(w, "mac:evil", "arp_spoof", 2 * kSecond),
              "claims 10.0.0.5 owned by mac:victim besides its own address");
    EXPECT_TRUE(w.tags("mac:victim", 2 * kSecond).empty());
}

TEST(RiskNetwork, ClaimingTheGatewayIsArpSpoofAndGatewayMacChange) {
    NetworkConfig cfg;
    cfg.gateways = {"10.0.0.1"};
    NetworkWatch w = make(cfg);
    w.arp_binding("mac:gw", ip("10.0.0.1"), 1 * kSecond);
    w.arp_binding("mac:evil", ip("10.0.0.1"), 2 * kSecond);
    EXPECT_EQ(tag_names(w, "mac:evil", 2 * kSecond), (Tags{"arp_spoof", "gateway_mac_change"}));
    EXPECT_EQ(detail(w, "mac:evil", "arp_spoof", 2 * kSecond),
              "claims gateway 10.0.0.1 while mac:gw still answers for it");
    EXPECT_TRUE(w.tags("mac:gw", 2 * kSecond).empty());
}

TEST(RiskNetwork, GatewayMovingAfterSilenceIsOnlyAMacChange) {
    NetworkWatch w = make();
    w.learn_gateway(ip("10.0.0.1"));
    w.arp_binding("mac:old", ip("10.0.0.1"), 1 * kSecond);
    w.arp_binding("mac:new", ip("10.0.0.1"), 1 * kSecond + NetworkConfig{}.arp_window_us + 1);
    const std::uint64_t now = 1'000 * kSecond;
    EXPECT_EQ(tag_names(w, "mac:new", now), Tags{"gateway_mac_change"});
    EXPECT_EQ(detail(w, "mac:new", "gateway_mac_change", now), "gateway 10.0.0.1 moved from mac:old to mac:new");
    // An ordinary address changing hands after silence is not news.
    w.arp_binding("mac:a", ip("10.0.0.9"), 1 * kSecond);
    w.arp_binding("mac:b", ip("10.0.0.9"), 400 * kSecond);
    EXPECT_TRUE(w.tags("mac:b", now).empty());
    EXPECT_EQ(w.counters().arp_conflicts, 0u);
}

TEST(RiskNetwork, SameAddressOnAnotherVlanOrAProbeIsNoConflict) {
    NetworkWatch w = make();
    w.arp_binding("mac:aa", ip("10.0.0.5"), 1 * kSecond, 10);
    w.arp_binding("mac:bb", ip("10.0.0.5"), 2 * kSecond, 20);
    w.arp_binding("mac:cc", ip("0.0.0.0"), 3 * kSecond, 10);
    w.arp_binding("mac:dd", dissect::IpAddr{}, 3 * kSecond, 10);
    EXPECT_TRUE(w.take_detections().empty());
    EXPECT_EQ(w.tracked_ips(), 2u);
}

TEST(RiskNetwork, DhcpStarvationBurstTagsEveryClientInIt) {
    NetworkConfig cfg;
    cfg.starvation_macs = 50;
    cfg.starvation_window_us = 10 * kSecond;
    NetworkWatch w = make(cfg);
    for (int i = 0; i < 50; ++i) w.dhcp_discover("mac:" + std::to_string(i), 1 * kSecond + i * 1000);
    for (int i = 0; i < 20; ++i) w.dhcp_discover("mac:0", 2 * kSecond + i);  // retransmissions count once
    EXPECT_FALSE(w.starvation_active());
    EXPECT_TRUE(w.take_detections().empty());

    w.dhcp_discover("mac:50", 3 * kSecond);
    EXPECT_TRUE(w.starvation_active());
    EXPECT_EQ(w.counters().starvation_bursts, 1u);
    EXPECT_EQ(w.take_detections().size(), 51u);
    EXPECT_EQ(tag_names(w, "mac:7", 3 * kSecond), Tags{"dhcp_starvation"});
    EXPECT_EQ(detail(w, "mac:7", "dhcp_starvation", 3 * kSecond),
              "one of more than 50 client MACs sending DHCPDISCOVER within 10 s");
    w.dhcp_discover("mac:51", 4 * kSecond);  // during the burst: tagged at once
    EXPECT_EQ(w.take_detections().size(), 1u);
    EXPECT_EQ(w.counters().starvation_bursts, 1u);

    // The window empties: the burst ends; a quiet client later is not tagged.
    w.dhcp_discover("mac:late", 30 * kSecond);
    EXPECT_FALSE(w.starvation_active());
    EXPECT_TRUE(w.tags("mac:late", 30 * kSecond).empty());
}

TEST(RiskNetwork, DiscoverWindowIsBounded) {
    NetworkConfig cfg;
    cfg.starvation_macs = 10;
    cfg.max_discovers = 16;
    NetworkWatch w = make(cfg);
    for (int i = 0; i < 100; ++i) w.dhcp_discover("mac:" + std::to_string(i), kSecond + i);
    EXPECT_EQ(w.counters().discovers_dropped, 84u);
    EXPECT_TRUE(w.starvation_active());
    EXPECT_EQ(w.counters().starvation_bursts, 1u);
}

TEST(RiskNetwork, FingerprintFlappingIsSpoofSuspect) {
    NetworkWatch w = make();
    w.fingerprint("mac:aa", "dhcp", "1,3,6,15", 1 * kSecond);
    w.fingerprint("mac:aa", "dhcp", "1,121,3,6", 2 * kSecond);  // one change: an update, say
    EXPECT_TRUE(w.take_detections().empty());
    w.fingerprint("mac:aa", "dhcp", "1,3,6,15", 3 * kSecond);  // and back: two devices
    EXPECT_EQ(tag_names(w, "mac:aa", 3 * kSecond), Tags{"spoof_suspect"});
    EXPECT_EQ(detail(w, "mac:aa", "spoof_suspect", 3 * kSecond),
              "dhcp fingerprint alternates between '1,3,6,15' and '1,121,3,6'");
    // Kinds are tracked apart; a return after the window is no flap.
    w.fingerprint("mac:bb", "dhcp", "A", 1 * kSecond);
    w.fingerprint("mac:bb", "tcp", "B", 2 * kSecond);
    w.fingerprint("mac:bb", "dhcp", "C", 3 * kSecond);
    w.fingerprint("mac:bb", "dhcp", "A", 3 * kSecond + NetworkConfig{}.spoof_window_us + 1);
    EXPECT_TRUE(w.tags("mac:bb", 4 * kSecond + NetworkConfig{}.spoof_window_us).empty());
}

TEST(RiskNetwork, RaiseAcceptsOnlyKnownTags) {
    NetworkWatch w = make();
    EXPECT_TRUE(w.raise("mac:aa", "spoof_suspect", "MAC seen on two switch ports", 5));
    EXPECT_FALSE(w.raise("mac:aa", "rogue_dns", "x", 5));
    EXPECT_EQ(tag_names(w, "mac:aa", 5), Tags{"spoof_suspect"});
}

TEST(RiskNetwork, TagsExpireAfterTheHoldTime) {
    NetworkConfig cfg;
    cfg.tag_hold_us = 60 * kSecond;
    NetworkWatch w = make(cfg);
    ASSERT_TRUE(w.raise("mac:aa", "rogue_dhcp", "x", 10 * kSecond));
    EXPECT_EQ(tag_names(w, "mac:aa", 70 * kSecond), Tags{"rogue_dhcp"});
    EXPECT_TRUE(w.tags("mac:aa", 71 * kSecond).empty());
    EXPECT_EQ(w.tagged_devices(), 1u);
    w.expire(71 * kSecond);
    EXPECT_EQ(w.tagged_devices(), 0u);
    // Raised again after expiry: a new detection.
    (void)w.take_detections();
    ASSERT_TRUE(w.raise("mac:aa", "rogue_dhcp", "x", 80 * kSecond));
    EXPECT_EQ(w.take_detections().size(), 1u);
}

TEST(RiskNetwork, ArpTableIsBoundedAndPurgesStaleClaims) {
    NetworkConfig cfg;
    cfg.max_ips = 4;
    cfg.arp_window_us = 10 * kSecond;
    NetworkWatch w = make(cfg);
    for (int i = 0; i < 6; ++i)
        w.arp_binding("mac:" + std::to_string(i), ip("10.0.0." + std::to_string(i + 1)), kSecond);
    EXPECT_EQ(w.tracked_ips(), 4u);
    EXPECT_EQ(w.counters().ips_dropped, 2u);
    // Later, the old claims are stale and make room.
    w.arp_binding("mac:new", ip("10.0.1.1"), 100 * kSecond);
    EXPECT_EQ(w.tracked_ips(), 1u);
    EXPECT_EQ(w.counters().ips_dropped, 2u);
}

TEST(RiskNetwork, TagTableIsBounded) {
    NetworkConfig cfg;
    cfg.max_devices = 2;
    NetworkWatch w = make(cfg);
    for (int i = 0; i < 3; ++i) w.raise("mac:" + std::to_string(i), "duplicate_ip", "x", kSecond);
    EXPECT_EQ(w.tagged_devices(), 2u);
    EXPECT_EQ(w.counters().tags_dropped, 1u);
    EXPECT_TRUE(w.tags("mac:2", kSecond).empty());
}

TEST(RiskNetwork, FingerprintTableIsBounded) {
    NetworkConfig cfg;
    cfg.max_fingerprints = 3;
    NetworkWatch w = make(cfg);
    for (int i = 0; i < 5; ++i) w.fingerprint("mac:" + std::to_string(i), "dhcp", "1,3,6", kSecond);
    EXPECT_EQ(w.counters().fingerprints_dropped, 2u);
}

TEST(RiskNetwork, PendingDetectionsAreBounded) {
    NetworkConfig cfg;
    cfg.max_devices = kMaxPendingDetections + 100;
    NetworkWatch w = make(cfg);
    for (std::size_t i = 0; i < kMaxPendingDetections + 10; ++i)
        w.raise("mac:" + std::to_string(i), "duplicate_ip", "x", kSecond);
    EXPECT_EQ(w.take_detections().size(), kMaxPendingDetections);
    EXPECT_EQ(w.counters().detections_dropped, 10u);
    EXPECT_EQ(w.tags("mac:" + std::to_string(kMaxPendingDetections + 5), kSecond).size(), 1u);  // still tagged
}

TEST(RiskNetwork, GatewayListIsBounded) {
    NetworkConfig cfg;
    cfg.max_gateways = 2;
    NetworkWatch w = make(cfg);
    w.learn_gateway(ip("10.0.0.1"));
    w.learn_gateway(ip("10.0.0.1"));
    w.learn_gateway(ip("10.0.1.1"));
    w.learn_gateway(ip("10.0.2.1"));
    EXPECT_EQ(w.counters().gateways_dropped, 1u);
}

}  // namespace
}  // namespace posture::risk
