#include "posture/inventory/inventory.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace posture {
namespace {

using dissect::IpAddr;
using dissect::MacAddr;

MacAddr mac(std::uint8_t last, std::uint8_t first = 0x00) { return MacAddr{{first, 0x11, 0x22, 0x33, 0x44, last}}; }
IpAddr ip(const char* s) {
    IpAddr a;
    EXPECT_TRUE(dissect::parse_ip(s, a)) << s;
    return a;
}

Evidence seen(MacAddr m, IpAddr a, std::uint64_t ts_s, std::uint16_t vlan = 0) {
    Evidence e;
    e.kind = EvidenceKind::HostSeen;
    e.mac = m;
    e.ip = a;
    e.ts_us = ts_s * 1'000'000;
    e.vlan = vlan;
    return e;
}

Evidence arp(MacAddr m, IpAddr a, std::uint64_t ts_s) {
    Evidence e = seen(m, a, ts_s);
    e.kind = EvidenceKind::IpBinding;
    e.binding = BindingSource::Arp;
    return e;
}

// Records by id (copies: the vector records() returns is a temporary).
struct Recs {
    std::map<std::string, Map> m;
    [[nodiscard]] const Map* at(const std::string& id) const { return &m.at(id); }
    [[nodiscard]] bool contains(const std::string& id) const { return m.contains(id); }
    [[nodiscard]] std::size_t size() const { return m.size(); }
    [[nodiscard]] auto begin() const { return m.begin(); }
};
Recs by_id(const std::vector<Value>& recs) {
    Recs r;
    for (const auto& v : recs) r.m[*v.as_map()->at("id").as_string()] = *v.as_map();
    return r;
}

std::vector<std::string> ips_of(const Map& m) {
    std::vector<std::string> v;
    if (auto it = m.find("ips"); it != m.end())
        for (const auto& x : *it->second.as_array()) v.push_back(*x.as_string());
    return v;
}

TEST(Inventory, OneRecordPerMacWithSourceAddressesAndVlan) {
    Inventory inv({});
    inv.apply(seen(mac(1), ip("192.168.1.10"), 100, 20));
    inv.apply(seen(mac(1), ip("fe80::1"), 101, 20));
    inv.apply(seen(mac(1), ip("192.168.1.10"), 105, 20));
    auto recs = by_id(inv.records());
    ASSERT_EQ(recs.size(), 1u);
    const Map& r = *recs.at("mac:00:11:22:33:44:01");
    EXPECT_EQ(ips_of(r), (std::vector<std::string>{"192.168.1.10", "fe80::1"}));  // most recent first
    EXPECT_EQ(std::get<std::uint64_t>(r.at("vlan").v), 20u);
    EXPECT_EQ(std::get<std::uint64_t>(r.at("first_seen").v), 100000u);
    EXPECT_EQ(std::get<std::uint64_t>(r.at("last_seen").v), 105000u);
    EXPECT_FALSE(std::get<bool>(r.at("random_mac").v));
}

TEST(Inventory, PeersOutsideLocalNetworksAreNotDevices) {
    Inventory inv({});
    inv.apply(seen(mac(1), ip("192.168.1.10"), 1));
    inv.apply(seen(mac(9), ip("8.8.8.8"), 2));  // the gateway delivering a reply
    auto recs = by_id(inv.records());
    ASSERT_EQ(recs.size(), 2u);
    EXPECT_TRUE(ips_of(*recs.at("mac:00:11:22:33:44:09")).empty());
}

TEST(Inventory, GatewayKeepsOnlyBoundAddressesAndHostsBehindItGetIpRecords) {
    Inventory inv({});
    const auto gw = mac(0xfe);
    inv.apply(seen(gw, ip("192.168.1.1"), 1));
    inv.apply(arp(gw, ip("192.168.1.1"), 1));
    inv.apply(seen(gw, ip("10.20.0.5"), 2));  // a routed local host, before we know gw routes
    inv.apply(seen(gw, ip("142.250.1.1"), 3));
    inv.apply(seen(gw, ip("17.1.1.1"), 4));   // second remote source: gw is a router
    inv.apply(seen(gw, ip("10.20.0.6"), 5));
    inv.apply(seen(gw, ip("fe80::fe"), 6));
    auto recs = by_id(inv.records());
    const Map& g = *recs.at("mac:00:11:22:33:44:fe");
    auto gips = ips_of(g);
    std::sort(gips.begin(), gips.end());
    EXPECT_EQ(gips, (std::vector<std::string>{"192.168.1.1", "fe80::fe"}));
    EXPECT_TRUE(recs.contains("ip:10.20.0.5"));
    EXPECT_TRUE(recs.contains("ip:10.20.0.6"));
    EXPECT_FALSE(recs.contains("ip:142.250.1.1"));
    EXPECT_EQ(*g.at("class").as_map()->at("type").as_string(), "network");
}

TEST(Inventory, ManyUnboundLocalSourcesMakeARouter) {
    Inventory inv({});
    for (int i = 1; i <= 5; ++i) inv.apply(seen(mac(7), ip(("10.9.0." + std::to_string(i)).c_str()), static_cast<std::uint64_t>(i)));
    auto recs = by_id(inv.records());
    EXPECT_TRUE(ips_of(*recs.at("mac:00:11:22:33:44:07")).empty());
    EXPECT_EQ(recs.size(), 6u);  // the router plus five ip: records
}

TEST(Inventory, IpRecordIsAbsorbedOnceAMacOwnsTheAddress) {
    Inventory inv({});
    const auto gw = mac(0xfe);
    inv.apply(seen(gw, ip("1.1.1.1"), 1));
    inv.apply(seen(gw, ip("1.0.0.1"), 1));
    inv.apply(seen(gw, ip("192.168.5.5"), 2));
    EXPECT_TRUE(by_id(inv.records()).contains("ip:192.168.5.5"));
    // A fingerprint the host sent through the router lands on its ip: record.
    Evidence fp;
    fp.kind = EvidenceKind::Fingerprint;
    fp.mac = gw;
    fp.ip = ip("192.168.5.5");
    fp.ts_us = 2'500'000;
    fp.fp = std::make_unique<Fingerprint>();
    fp.fp->key = "sni";
    fp.fp->entry = "mail.example.org";
    fp.fp->names.push_back({"host-5", NameSource::Dns});
    inv.apply(fp);
    EXPECT_TRUE(by_id(inv.records()).at("ip:192.168.5.5")->contains("fp"));
    // The host then shows up on the segment: its MAC absorbs the ip: record.
    inv.apply(seen(mac(5), ip("192.168.5.5"), 3));
    auto recs = by_id(inv.records());
    EXPECT_FALSE(recs.contains("ip:192.168.5.5"));
    const Map& host = *recs.at("mac:00:11:22:33:44:05");
    EXPECT_EQ(ips_of(host), std::vector<std::string>{"192.168.5.5"});
    EXPECT_EQ(*host.at("fp").as_map()->at("sni").as_array()->at(0).as_string(), "mail.example.org");
    EXPECT_EQ(*host.at("hostname").as_string(), "host-5");
    // Later traffic of that address through the router goes to its owner.
    fp.fp = std::make_unique<Fingerprint>();
    fp.fp->key = "sni";
    fp.fp->entry = "www.example.org";
    fp.ts_us = 4'000'000;
    inv.apply(fp);
    recs = by_id(inv.records());
    EXPECT_FALSE(recs.contains("ip:192.168.5.5"));
    EXPECT_EQ(recs.at("mac:00:11:22:33:44:05")->at("fp").as_map()->at("sni").as_array()->size(), 2u);
}

TEST(Inventory, BindingForAMacThatNeverSentIsIgnored) {
    Inventory inv({});
    inv.apply(arp(mac(3), ip("192.168.1.3"), 1));
    EXPECT_TRUE(inv.records().empty());
}

TEST(Inventory, RandomMacIsFlaggedAndMulticastIsNoDevice) {
    Inventory inv({});
    inv.apply(seen(mac(1, 0x02), IpAddr{}, 1));
    inv.apply(seen(mac(1, 0x01), IpAddr{}, 1));
    auto recs = by_id(inv.records());
    ASSERT_EQ(recs.size(), 1u);
    EXPECT_TRUE(std::get<bool>(recs.begin()->second.at("random_mac").v));
}

TEST(Inventory, ServicesAndAppsAttachToTheRightEnd) {
    Inventory inv({});
    inv.apply(seen(mac(1), ip("192.168.1.10"), 1));
    inv.apply(seen(mac(2), ip("192.168.1.20"), 1));
    Evidence s;
    s.kind = EvidenceKind::ServerService;
    s.mac = mac(2);
    s.ip = ip("192.168.1.20");
    s.l4 = 6;
    s.port = 22;
    s.set_app("SSH");
    inv.apply(s);
    Evidence c;
    c.l4 = 6;
    c.port = 22;
    c.set_app("SSH");
    c.kind = EvidenceKind::ClientApp;
    c.mac = mac(1);
    c.ip = ip("192.168.1.10");
    inv.apply(c);
    c.mac = mac(3);
    c.ip = ip("203.0.113.5");  // a remote client: a peer, nothing recorded
    inv.apply(c);
    auto recs = by_id(inv.records());
    EXPECT_EQ(recs.size(), 2u);
    const auto& svc = *recs.at("mac:00:11:22:33:44:02")->at("services").as_array();
    ASSERT_EQ(svc.size(), 1u);
    EXPECT_EQ(*svc[0].as_map()->at("proto").as_string(), "tcp");
    EXPECT_EQ(std::get<std::uint64_t>(svc[0].as_map()->at("port").v), 22u);
    EXPECT_EQ(*svc[0].as_map()->at("app").as_string(), "SSH");
    EXPECT_EQ(*recs.at("mac:00:11:22:33:44:01")->at("apps").as_array()->at(0).as_string(), "SSH");
}

TEST(Inventory, RevisionAdvancesOnlyOnMaterialChange) {
    Inventory inv({});
    inv.apply(seen(mac(1), ip("192.168.1.10"), 1));
    const auto rev1 = std::get<std::uint64_t>(inv.records()[0].as_map()->at("rev").v);
    inv.apply(seen(mac(1), ip("192.168.1.10"), 50));
    EXPECT_EQ(std::get<std::uint64_t>(inv.records()[0].as_map()->at("rev").v), rev1);
    inv.apply(seen(mac(1), ip("192.168.1.11"), 51));
    EXPECT_GT(std::get<std::uint64_t>(inv.records()[0].as_map()->at("rev").v), rev1);
}

TEST(Inventory, FingerprintsGoNewestFirstDeduplicatedAndCapped) {
    Inventory inv({});
    inv.apply(seen(mac(1), ip("192.168.1.10"), 1));
    auto fp_ev = [&](const std::string& ja3, std::uint64_t t) {
        Evidence e;
        e.kind = EvidenceKind::Fingerprint;
        e.mac = mac(1);
        e.ip = ip("192.168.1.10");
        e.ts_us = t * 1'000'000;
        e.fp = std::make_unique<Fingerprint>();
        e.fp->key = "ja3";
        e.fp->entry = ja3;
        e.fp->names.push_back({"laptop-7", NameSource::Mdns});
        e.fp->names.push_back({"LAPTOP-7", NameSource::Dhcp});
        return e;
    };
    for (int i = 0; i < 10; ++i) inv.apply(fp_ev("ja3-" + std::to_string(i), static_cast<std::uint64_t>(i + 2)));
    const auto rev = std::get<std::uint64_t>(inv.records()[0].as_map()->at("rev").v);
    inv.apply(fp_ev("ja3-9", 20));  // already known: no change
    const auto recs = inv.records();
    const Map& r = *recs[0].as_map();
    EXPECT_EQ(std::get<std::uint64_t>(r.at("rev").v), rev);
    const auto& ja3 = *r.at("fp").as_map()->at("ja3").as_array();
    ASSERT_EQ(ja3.size(), kMaxFpEntries);
    EXPECT_EQ(*ja3.front().as_string(), "ja3-9");
    EXPECT_EQ(*ja3.back().as_string(), "ja3-2");
    EXPECT_EQ(*r.at("hostname").as_string(), "LAPTOP-7");  // DHCP outranks mDNS
    EXPECT_EQ(r.at("names").as_array()->size(), 2u);
}

TEST(Inventory, ClassFusesHintsByWeightWithConfidenceAndEvidence) {
    Inventory inv({});
    inv.apply(seen(mac(1), ip("192.168.1.10"), 1));
    auto hinted = [&](std::vector<ClassHint> hints) {
        Evidence e;
        e.kind = EvidenceKind::Fingerprint;
        e.mac = mac(1);
        e.ip = ip("192.168.1.10");
        e.ts_us = 2'000'000;
        e.fp = std::make_unique<Fingerprint>();
        e.fp->key = "dhcp";
        e.fp->entry = std::to_string(hints.size());
        e.fp->hints = std::move(hints);
        return e;
    };
    inv.apply(hinted({{"type", "printer", 80, "mdns.svc"}, {"os.name", "Windows", 60, "tcp.syn"}}));
    inv.apply(hinted({{"os.name", "Linux", 20, "http.server"}, {"model", "M404dn", 70, "mdns.txt"}}));
    const auto recs = inv.records();
    const Map& cls = *recs[0].as_map()->at("class").as_map();
    EXPECT_EQ(*cls.at("type").as_string(), "printer");
    EXPECT_EQ(*cls.at("model").as_string(), "M404dn");
    EXPECT_EQ(*cls.at("os").as_map()->at("name").as_string(), "Windows");  // 60 beats 20
    // Type: 80 for one value, nothing against: min(1, 0.8) * 80/80.
    EXPECT_DOUBLE_EQ(std::get<double>(cls.at("confidence").v), 0.8);
    const auto& ev = *cls.at("evidence").as_array();
    ASSERT_EQ(ev.size(), 4u);
    EXPECT_EQ(*ev[0].as_map()->at("val").as_string(), "type=printer");  // strongest first
    EXPECT_EQ(std::get<std::uint64_t>(ev[0].as_map()->at("w").v), 80u);
    EXPECT_EQ(*ev[3].as_map()->at("src").as_string(), "http.server");
}

TEST(Inventory, OsVersionComesFromASourceThatNamedTheWinningOs) {
    Inventory inv({});
    inv.apply(seen(mac(3), ip("192.168.1.12"), 1));
    Evidence e;
    e.kind = EvidenceKind::Fingerprint;
    e.mac = mac(3);
    e.ts_us = 2'000'000;
    e.fp = std::make_unique<Fingerprint>();
    e.fp->key = "tcp";
    e.fp->entry = "x";
    e.fp->hints = {{"os.name", "FreeBSD", 60, "tcp.syn"},
                   {"os.version", "9.x or newer", 90, "tcp.syn"},
                   {"os.name", "Windows", 70, "smb.native_os"},
                   {"os.name", "Windows", 60, "tcp.synack"},
                   {"os.version", "Server 2016", 60, "smb.native_os"}};
    inv.apply(e);
    const auto recs = inv.records();
    const Map& os = *recs[0].as_map()->at("class").as_map()->at("os").as_map();
    EXPECT_EQ(*os.at("name").as_string(), "Windows");
    EXPECT_EQ(*os.at("version").as_string(), "Server 2016");  // FreeBSD's version does not count
}

TEST(Inventory, ContradictingTypeHintsLowerTheConfidence) {
    Inventory inv({});
    inv.apply(seen(mac(2), ip("192.168.1.11"), 1));
    Evidence e;
    e.kind = EvidenceKind::Fingerprint;
    e.mac = mac(2);
    e.ts_us = 2'000'000;
    e.fp = std::make_unique<Fingerprint>();
    e.fp->key = "ssdp";
    e.fp->entry = "x";
    e.fp->hints = {{"type", "tv", 90, "ssdp.server"}, {"type", "iot", 10, "oui"}};
    inv.apply(e);
    const auto recs = inv.records();
    const Map& cls = *recs[0].as_map()->at("class").as_map();
    EXPECT_EQ(*cls.at("type").as_string(), "tv");
    EXPECT_DOUBLE_EQ(std::get<double>(cls.at("confidence").v), 0.81);  // 0.9 * 90/100
}

TEST(NetSet, DefaultsCoverPrivateUlaAndLinkLocal) {
    const auto n = NetSet::private_defaults();
    for (const char* in : {"10.1.2.3", "172.31.0.1", "192.168.0.1", "169.254.3.3", "fd00::1", "fe80::1", "100.64.0.1"})
        EXPECT_TRUE(n.contains(ip(in))) << in;
    for (const char* out : {"8.8.8.8", "172.32.0.1", "2001:db8::1", "192.169.0.1"}) EXPECT_FALSE(n.contains(ip(out))) << out;
}

TEST(NetSet, RejectsBadPrefixes) {
    NetSet n;
    EXPECT_FALSE(n.add("10.0.0.0/33").empty());
    EXPECT_FALSE(n.add("10.0.0/8").empty());
    EXPECT_FALSE(n.add("10.0.0.0/x").empty());
    EXPECT_TRUE(n.add("10.1.0.0/16").empty());
    EXPECT_TRUE(n.add("2001:db8::/32").empty());
    EXPECT_TRUE(n.contains(ip("2001:db8:1::5")));
    EXPECT_FALSE(n.contains(ip("10.2.0.1")));
}

TEST(OuiDb, LongestAssignmentWins) {
    const auto dir = std::filesystem::temp_directory_path() / "oui_test";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "oui.csv") << "Registry,Assignment,Organization Name,Organization Address\n"
                                      "MA-L,001122,\"Big Vendor, Inc.\",Somewhere\n"
                                      "MA-L,70B3D5,IEEE Registration Authority,x\n";
    std::ofstream(dir / "oui36.csv") << "Registry,Assignment,Organization Name,Organization Address\n"
                                        "MA-S,70B3D5F2F,Small Vendor,\"Street 3/1, Town\"\n";
    auto db = OuiDb::load(dir.string());
    ASSERT_TRUE(db) << db.error();
    EXPECT_EQ(db->lookup(mac(1)), "Big Vendor, Inc.");
    EXPECT_EQ(db->lookup(MacAddr{{0x70, 0xb3, 0xd5, 0xf2, 0xf0, 0x01}}), "Small Vendor");
    EXPECT_EQ(db->lookup(MacAddr{{0x70, 0xb3, 0xd5, 0x11, 0x00, 0x01}}), "IEEE Registration Authority");
    EXPECT_EQ(db->lookup(mac(1, 0x02)), "");  // locally administered: no vendor
    EXPECT_FALSE(OuiDb::load((dir / "missing").string()));
}

TEST(OuiDb, LoadsDebianIeeeData) {
    if (!std::filesystem::exists("/usr/share/ieee-data/oui.csv")) GTEST_SKIP() << "ieee-data not installed";
    auto db = OuiDb::load();
    ASSERT_TRUE(db) << db.error();
    EXPECT_GT(db->size(), 30000u);
    EXPECT_NE(db->lookup(MacAddr{{0x00, 0x00, 0x0c, 0x01, 0x02, 0x03}}).find("Cisco"), std::string_view::npos);
}

TEST(Json, EscapesControlAndInvalidUtf8) {
    Map m;
    m["a"] = std::string("x\"\\\n\x01\xff\xc3\xa9");
    m["b"] = Array{Value(std::uint64_t{1}), Value(true), Value()};
    EXPECT_EQ(to_json(Value(m)), R"({"a":"x\"\\\n\u0001\u00ffé","b":[1,true,null]})");
}

}  // namespace
}  // namespace posture

namespace posture {
namespace {

Evidence seen_at(const char* mac_text, const char* ip_text, std::uint64_t ts_us) {
    Evidence e;
    e.kind = EvidenceKind::HostSeen;
    e.ts_us = ts_us;
    EXPECT_TRUE(dissect::parse_mac(mac_text, e.mac));
    EXPECT_TRUE(dissect::parse_ip(ip_text, e.ip));
    return e;
}

TEST(InventoryLifetime, IdleDevicesAgeOutOnThePacketClock) {
    InventoryOptions o;
    o.idle_timeout_us = 3600'000'000;  // 1 h
    Inventory inv(o);
    inv.apply(seen_at("00:00:5e:00:53:01", "192.168.1.1", 1'000'000));
    inv.apply(seen_at("00:00:5e:00:53:02", "192.168.1.2", 1'000'000));
    // 02 keeps talking; 01 goes quiet for more than an hour.
    inv.apply(seen_at("00:00:5e:00:53:02", "192.168.1.2", 3000'000'000));
    EXPECT_TRUE(inv.take_gone().empty()) << "01 idle for 2999 s: not yet";
    inv.apply(seen_at("00:00:5e:00:53:02", "192.168.1.2", 3700'000'000));
    const auto gone = inv.take_gone();
    ASSERT_EQ(gone.size(), 1u);
    EXPECT_EQ(gone[0].id, "mac:00:00:5e:00:53:01");
    EXPECT_EQ(gone[0].reason, "aged_out");
    EXPECT_EQ(inv.records().size(), 1u);
    EXPECT_EQ(inv.stats().aged_out, 1u);
}

TEST(InventoryLifetime, CapEvictsTheLeastRecentlySeenAndCountsIt) {
    InventoryOptions o;
    o.max_devices = 3;
    Inventory inv(o);
    inv.apply(seen_at("00:00:5e:00:53:01", "192.168.1.1", 1'000'000));
    inv.apply(seen_at("00:00:5e:00:53:02", "192.168.1.2", 2'000'000));
    inv.apply(seen_at("00:00:5e:00:53:03", "192.168.1.3", 3'000'000));
    inv.apply(seen_at("00:00:5e:00:53:01", "192.168.1.1", 4'000'000));  // 01 is recent again
    inv.apply(seen_at("00:00:5e:00:53:04", "192.168.1.4", 5'000'000));
    EXPECT_EQ(inv.records().size(), 4u) << "over the cap until the next evidence";
    inv.apply(seen_at("00:00:5e:00:53:04", "192.168.1.4", 6'000'000));
    const auto gone = inv.take_gone();
    ASSERT_EQ(gone.size(), 1u);
    EXPECT_EQ(gone[0].id, "mac:00:00:5e:00:53:02");
    EXPECT_EQ(gone[0].reason, "evicted");
    EXPECT_EQ(inv.records().size(), 3u);
    EXPECT_EQ(inv.stats().evicted, 1u);
}

}  // namespace
}  // namespace posture

namespace posture {
namespace {

Evidence dhcp_from(const char* mac_text, std::uint64_t ts_us, const char* host, const char* prl, const char* cid = "") {
    Evidence e;
    e.kind = EvidenceKind::Fingerprint;
    e.ts_us = ts_us;
    EXPECT_TRUE(dissect::parse_mac(mac_text, e.mac));
    e.fp = std::make_unique<Fingerprint>();
    e.fp->key = "dhcp";
    Map m;
    if (*host) m["hostname"] = std::string(host);
    m["prl"] = std::string(prl);
    m["vendor"] = std::string("android-dhcp-13");
    if (*cid) m["client_id"] = std::string(cid);
    e.fp->entry = Value(std::move(m));
    return e;
}

constexpr const char* kPrl = "1,3,6,15,26,28,51,58,59,43";

TEST(InventoryStitch, RotatedRandomMacMergesIntoItsSuccessor) {
    Inventory inv({});
    inv.apply(dhcp_from("da:00:00:00:00:01", 1'000'000, "Pixel-7", kPrl));
    inv.apply(dhcp_from("da:00:00:00:00:01", 5'000'000, "Pixel-7", kPrl));
    // The phone rotates its MAC: a new random MAC, same name and DHCP fingerprint.
    inv.apply(dhcp_from("ea:00:00:00:00:02", 100'000'000, "Pixel-7", kPrl));
    const auto gone = inv.take_gone();
    ASSERT_EQ(gone.size(), 1u);
    EXPECT_EQ(gone[0].id, "mac:da:00:00:00:00:01");
    EXPECT_EQ(gone[0].reason, "merged");
    EXPECT_EQ(gone[0].into, "mac:ea:00:00:00:00:02");
    const auto recs = inv.records();
    ASSERT_EQ(recs.size(), 1u);
    EXPECT_EQ(std::get<std::uint64_t>(recs[0].as_map()->at("first_seen").v), 1000u) << "history kept";
    EXPECT_EQ(inv.stats().merged, 1u);
}

TEST(InventoryStitch, KeysSurviveARestart) {
    Inventory before({});
    before.apply(dhcp_from("da:00:00:00:00:01", 1'000'000, "", kPrl, "ff00112233445566"));
    std::vector<Device> saved;
    before.for_each([&](const Device& d) { saved.push_back(d); });
    Inventory after({});
    after.restore(std::move(saved));
    after.apply(dhcp_from("ea:00:00:00:00:02", 100'000'000, "", kPrl, "ff00112233445566"));
    const auto gone = after.take_gone();
    ASSERT_EQ(gone.size(), 1u);
    EXPECT_EQ(gone[0].reason, "merged");
    EXPECT_EQ(gone[0].into, "mac:ea:00:00:00:00:02");
}

TEST(InventoryStitch, NoMergeOnWeakEvidenceOrOverlapOrGlobalMacs) {
    {
        // The same name with another fingerprint: two devices that chose the same name.
        Inventory inv({});
        inv.apply(dhcp_from("da:00:00:00:00:01", 1'000'000, "Pixel-7", kPrl));
        inv.apply(dhcp_from("ea:00:00:00:00:02", 100'000'000, "Pixel-7", "1,3,6"));
        EXPECT_TRUE(inv.take_gone().empty());
        EXPECT_EQ(inv.records().size(), 2u);
    }
    {
        // Both active at once: two phones of the same model, not a rotation.
        Inventory inv({});
        inv.apply(dhcp_from("da:00:00:00:00:01", 1'000'000, "Pixel-7", kPrl));
        inv.apply(dhcp_from("ea:00:00:00:00:02", 2'000'000, "Pixel-7", kPrl));
        inv.apply(dhcp_from("da:00:00:00:00:01", 3'000'000, "Pixel-7", kPrl));
        inv.apply(dhcp_from("ea:00:00:00:00:02", 4'000'000, "Pixel-7", kPrl));
        EXPECT_TRUE(inv.take_gone().empty());
        EXPECT_EQ(inv.records().size(), 2u);
    }
    {
        // Globally unique MACs are never stitched.
        Inventory inv({});
        inv.apply(dhcp_from("00:00:5e:00:53:01", 1'000'000, "Pixel-7", kPrl));
        inv.apply(dhcp_from("00:00:5e:00:53:02", 100'000'000, "Pixel-7", kPrl));
        EXPECT_TRUE(inv.take_gone().empty());
    }
    {
        // A client id made of the MAC itself changes with it: no key; one that is not, is.
        Inventory inv({});
        inv.apply(dhcp_from("da:00:00:00:00:01", 1'000'000, "", kPrl, "01da0000000001"));
        inv.apply(dhcp_from("ea:00:00:00:00:02", 100'000'000, "", kPrl, "01ea0000000002"));
        EXPECT_TRUE(inv.take_gone().empty());
        inv.apply(dhcp_from("da:00:00:00:00:03", 200'000'000, "", kPrl, "ff00112233"));
        inv.apply(dhcp_from("ea:00:00:00:00:04", 300'000'000, "", kPrl, "ff00112233"));
        const auto gone = inv.take_gone();
        ASSERT_EQ(gone.size(), 1u);
        EXPECT_EQ(gone[0].into, "mac:ea:00:00:00:00:04");
    }
}

}  // namespace
}  // namespace posture
