// A device's state through msgpack and back (posture/inventory/persist.h,
// with the codec and the stored-state limits of transport/codec.h, as sensord
// stores it), and an inventory restored from it. The codec's own tests are in
// tests/unit/transport/codec_test.cc.
#include "posture/inventory/persist.h"

#include <gtest/gtest.h>

#include "transport/codec.h"

namespace posture {
namespace {

dissect::MacAddr mac(const char* s) {
    dissect::MacAddr m;
    EXPECT_TRUE(dissect::parse_mac(s, m));
    return m;
}
dissect::IpAddr ip(const char* s) {
    dissect::IpAddr a;
    EXPECT_TRUE(dissect::parse_ip(s, a));
    return a;
}

Inventory sample() {
    Inventory inv({});
    Evidence seen;
    seen.kind = EvidenceKind::HostSeen;
    seen.ts_us = 1'000'000;
    seen.mac = mac("00:11:22:33:44:55");
    seen.ip = ip("192.168.1.10");
    inv.apply(seen);
    Evidence fp;
    fp.kind = EvidenceKind::Fingerprint;
    fp.ts_us = 2'000'000;
    fp.mac = seen.mac;
    fp.ip = seen.ip;
    fp.fp = std::make_unique<Fingerprint>();
    fp.fp->key = "http_ua";
    fp.fp->entry = std::string("ua \xff binary");  // not UTF-8: kept byte for byte
    fp.fp->names.push_back({"DESKTOP-ABCDEFG", NameSource::Dhcp});
    fp.fp->hints.push_back({"os.name", "Windows", 80, "dhcp.vendor"});
    fp.fp->observations.push_back({"smb.v1", "SMB1 session setup"});
    inv.apply(fp);
    return inv;
}

bool has_verdict(const Value& rec) {
    auto p = rec.as_map()->find("posture");
    return p != rec.as_map()->end() && p->second.as_map()->contains("verdict");
}

// Round trip of every stored device into a new inventory.
Inventory through_state(const Inventory& inv) {
    std::vector<Device> stored;
    inv.changed_since(0, [&](const Device& d) {
        auto back = transport::from_msgpack(transport::to_msgpack(device_state(d)), transport::kStateLimits);
        ASSERT_TRUE(back) << back.error();
        auto dev = restore_device(*back);
        ASSERT_TRUE(dev) << dev.error();
        stored.push_back(std::move(*dev));
    });
    Inventory again({});
    again.restore(std::move(stored));
    return again;
}

TEST(Persist, DeviceStateRoundTripAndRestore) {
    const Inventory inv = sample();
    const Inventory again = through_state(inv);
    ASSERT_EQ(again.records().size(), 1u);
    EXPECT_EQ(to_json(again.records()[0]), to_json(inv.records()[0]));
    EXPECT_EQ(again.seq(), inv.seq());
    // Nothing changed since the highest stored rev.
    std::size_t n = 0;
    again.changed_since(again.seq(), [&](const Device&) { ++n; });
    EXPECT_EQ(n, 0u);
}

TEST(Persist, NewerOrBrokenStateIsRefused) {
    const Inventory inv = sample();
    Value state;
    inv.changed_since(0, [&](const Device& d) { state = device_state(d); });
    auto m = *state.as_map();
    m["version"] = kDeviceStateVersion + 1;
    EXPECT_NE(restore_device(Value(m)).error().find("newer"), std::string::npos);
    m = *state.as_map();
    m.erase("ips");
    EXPECT_EQ(restore_device(Value(m)).error(), "device state: missing ips");
    m = *state.as_map();
    m["mac"] = std::string("zz");
    EXPECT_EQ(restore_device(Value(m)).error(), "device state: mac does not parse");
}

// A controller's verdict (set_verdict) changes the record, shows in
// posture.verdict, is stored with the device and ends at its ttl, also after
// a restore.
TEST(Persist, VerdictsShowPersistAndExpire) {
    Inventory inv = sample();
    const std::uint64_t rev = inv.seq();
    EXPECT_FALSE(inv.set_verdict("mac:00:00:00:00:00:01", {"allow", "carol", "", 1, 0}));
    ASSERT_TRUE(inv.set_verdict("mac:00:11:22:33:44:55", {"quarantine", "carol", "rogue DHCP", 1'700'000'000'000, 1'700'000'060'000}));
    EXPECT_GT(inv.seq(), rev);
    const Value rec = inv.records()[0];
    const Map& verdict = *rec.as_map()->at("posture").as_map()->at("verdict").as_map();
    EXPECT_EQ(*verdict.at("state").as_string(), "quarantine");
    EXPECT_EQ(*verdict.at("by").as_string(), "carol");
    EXPECT_EQ(*verdict.at("reason").as_string(), "rogue DHCP");
    EXPECT_EQ(std::get<std::uint64_t>(verdict.at("ts").v), 1'700'000'000'000u);
    EXPECT_FALSE(verdict.contains("expires")) << "not a §4 field";

    Inventory again = through_state(inv);
    EXPECT_EQ(to_json(again.records()[0]), to_json(rec));
    // Not yet expired, then expired: the record changes once more and loses it.
    again.expire_verdicts(1'700'000'059'999);
    EXPECT_EQ(again.seq(), inv.seq());
    again.expire_verdicts(1'700'000'060'000);
    EXPECT_GT(again.seq(), inv.seq());
    EXPECT_FALSE(has_verdict(again.records()[0]));
    EXPECT_FALSE(has_verdict(through_state(again).records()[0]));

    // Without a ttl a verdict stays until replaced.
    ASSERT_TRUE(inv.set_verdict("mac:00:11:22:33:44:55", {"allow", "dave", "", 2, 0}));
    inv.expire_verdicts(~std::uint64_t{0});
    const Value now = inv.records()[0];
    const Map& kept = *now.as_map()->at("posture").as_map()->at("verdict").as_map();
    EXPECT_EQ(*kept.at("state").as_string(), "allow");
}

}  // namespace
}  // namespace posture
