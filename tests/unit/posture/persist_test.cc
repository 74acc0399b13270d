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

TEST(Persist, DeviceStateRoundTripAndRestore) {
    const Inventory inv = sample();
    std::vector<Device> stored;
    inv.changed_since(0, [&](const Device& d) {
        auto back = transport::from_msgpack(transport::to_msgpack(device_state(d)), transport::kStateLimits);
        ASSERT_TRUE(back) << back.error();
        auto dev = restore_device(*back);
        ASSERT_TRUE(dev) << dev.error();
        stored.push_back(std::move(*dev));
    });
    ASSERT_EQ(stored.size(), 1u);
    Inventory again({});
    again.restore(std::move(stored));
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

}  // namespace
}  // namespace posture
