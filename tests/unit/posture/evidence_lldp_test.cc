// LLDP -> evidence (posture/evidence/lldp).
#include "posture/evidence/lldp.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dissectors/packet/packet.h"
#include "posture/record/value.h"
#include "tests/unit/dissectors/lldp_frames.h"

namespace posture::evidence {
namespace {

using Bytes = std::vector<std::uint8_t>;

struct Run {
    dissect::Result<void> result;
    Sink out;
};

Run run(const std::uint8_t* data, std::size_t size) {
    static const dissect::packet::Decoded dec{};
    static const Databases db{};
    const PacketContext ctx{&dec, true, 0, &db};
    Run r;
    r.result = lldp_frame(dissect::ByteView{data, size}, ctx, r.out);
    return r;
}
Run run(const Bytes& b) { return run(b.data(), b.size()); }

Bytes cat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

Bytes tlv(std::uint8_t type, std::string_view body) {
    Bytes out;
    out.reserve(2 + body.size());
    out.push_back(static_cast<std::uint8_t>(type << 1 | body.size() >> 8));
    out.push_back(static_cast<std::uint8_t>(body.size()));
    for (const char c : body) out.push_back(static_cast<std::uint8_t>(c));
    return out;
}

const Bytes kChassisPort = {0x02, 0x07, 0x04, 0x02, 0, 0, 0, 0, 1,  // chassis MAC 02:00:00:00:00:01
                            0x04, 0x03, 0x05, 'p', '1',              // port interface name "p1"
                            0x06, 0x02, 0x00, 0x78};                 // TTL 120
const Bytes kEnd = {0x00, 0x00};

Bytes caps(std::uint16_t enabled) {
    return Bytes{0x0e, 0x04, 0x00, 0xff, static_cast<std::uint8_t>(enabled >> 8), static_cast<std::uint8_t>(enabled)};
}

std::string hints_text(const Fingerprint& fp) {
    std::string out;
    for (const auto& h : fp.hints) out += h.attribute + "=" + h.value + "/" + std::to_string(h.weight) + "/" + h.src + ";";
    return out;
}

TEST(EvidenceLldp, SmcSwitch) {
    const auto r = run(dissect::test::kSmcSwitch, sizeof dissect::test::kSmcSwitch);
    ASSERT_TRUE(r.result);
    ASSERT_EQ(r.out.size(), 1u);
    const Fingerprint& fp = r.out[0];
    EXPECT_EQ(fp.key, "lldp");
    EXPECT_TRUE(fp.singleton);
    EXPECT_EQ(to_json(fp.entry),
              R"({"caps":"bridge","chassis":"00:22:2d:81:db:10","mgmt":"192.168.2.10","port":"1",)"
              R"("port_desc":"Port #1","sysdesc":"SMCGS8P-Smart - SMCGS8P-Smart v3.20","sysname":"SMCGS8P-Smart"})");
    ASSERT_EQ(fp.names.size(), 1u);
    EXPECT_EQ(fp.names[0].name, "SMCGS8P-Smart");
    EXPECT_EQ(fp.names[0].src, NameSource::Lldp);
    EXPECT_EQ(hints_text(fp), "type=network/80/lldp.caps;");
    EXPECT_TRUE(fp.observations.empty());
}

TEST(EvidenceLldp, MedPhoneInventory) {
    const auto r = run(dissect::test::kMedPhone, sizeof dissect::test::kMedPhone);
    ASSERT_TRUE(r.result);
    ASSERT_EQ(r.out.size(), 1u);
    const Fingerprint& fp = r.out[0];
    EXPECT_EQ(to_json(fp.entry),
              R"({"caps":"bridge,telephone","chassis":"10.1.2.3",)"
              R"("med":{"asset":"A-42","fw_rev":"2.3","hw_rev":"1.0","manufacturer":"Cisco","model":"CP-8845",)"
              R"("serial":"FCH1234ABCD","sw_rev":"sip142","voice_vlan":100},)"
              R"("mud":"https://","port":"00:11:22:33:44:55","sysname":"SEP001122334455","vlan":1})");
    // A phone sets bridge too (its PC port): telephone decides the type.
    EXPECT_EQ(hints_text(fp), "type=ip-phone/80/lldp.caps;vendor=Cisco/80/lldp.med;model=CP-8845/80/lldp.med;");
    ASSERT_EQ(fp.names.size(), 1u);
    EXPECT_EQ(fp.names[0].name, "SEP001122334455");
}

TEST(EvidenceLldp, CapabilitiesToType) {
    struct Case {
        std::uint16_t caps;
        const char* want;
    };
    const Case cases[] = {
        {0x0010, "type=network/80/lldp.caps;"},   // router
        {0x0014, "type=network/80/lldp.caps;"},   // bridge, router
        {0x0080, ""},                             // station only
        {0x0008, ""},                             // WLAN AP alone (lldpd on any host with Wi-Fi)
        {0x0000, ""},
    };
    for (const auto& c : cases) {
        const auto r = run(cat({kChassisPort, caps(c.caps), kEnd}));
        ASSERT_TRUE(r.result);
        ASSERT_EQ(r.out.size(), 1u);
        EXPECT_EQ(hints_text(r.out[0]), c.want) << c.caps;
    }
}

TEST(EvidenceLldp, CapabilityNames) {
    EXPECT_EQ(lldp_capability_names(0), "");
    EXPECT_EQ(lldp_capability_names(0x0024), "bridge,telephone");
    EXPECT_EQ(lldp_capability_names(0x07ff),
              "other,repeater,bridge,wlan-ap,router,telephone,docsis,station,c-vlan,s-vlan,tpmr");
    EXPECT_EQ(lldp_capability_names(0xf800), "");  // reserved bits
}

TEST(EvidenceLldp, AddressesOfEveryFamily) {
    const Bytes v6 = {0x10, 0x18, 0x11, 0x02, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
                      0x02, 0, 0, 0, 2, 0x00};                                    // IPv6 2001:db8::1
    const Bytes mac = {0x10, 0x0e, 0x07, 0x06, 0x00, 0x01, 0x30, 0xf9, 0xad, 0xa0, 0x02, 0, 0, 0, 3, 0x00};  // 802 MAC
    const Bytes odd = {0x10, 0x0a, 0x03, 0x10, 0xab, 0xcd, 0x02, 0, 0, 0, 4, 0x00};  // family 16, 2 bytes
    const auto r = run(cat({kChassisPort, v6, mac, odd, kEnd}));
    ASSERT_TRUE(r.result);
    const Map& e = *r.out[0].entry.as_map();
    EXPECT_EQ(*e.at("mgmt").as_string(), "2001:db8::1,00:01:30:f9:ad:a0,abcd");
}

TEST(EvidenceLldp, IdsPerSubtype) {
    const Bytes ids = {0x02, 0x06, 0x05, 0x01, 192, 0, 2, 7,   // chassis: network address 192.0.2.7
                       0x04, 0x05, 0x04, 0x01, 10, 0, 0,       // port: network address, too short -> hex
                       0x06, 0x02, 0x00, 0x78};
    const auto r = run(cat({ids, kEnd}));
    ASSERT_TRUE(r.result);
    const Map& e = *r.out[0].entry.as_map();
    EXPECT_EQ(*e.at("chassis").as_string(), "192.0.2.7");
    EXPECT_EQ(*e.at("port").as_string(), "0a0000");
}

TEST(EvidenceLldp, TextStopsAtNulAndIsCapped) {
    const std::string desc(300, 'd');
    const auto r = run(cat({kChassisPort, tlv(5, std::string("core-sw\0\0", 9)), tlv(6, desc), kEnd}));
    ASSERT_TRUE(r.result);
    const Map& e = *r.out[0].entry.as_map();
    EXPECT_EQ(*e.at("sysname").as_string(), "core-sw");
    EXPECT_EQ(e.at("sysdesc").as_string()->size(), kMaxString);
    EXPECT_EQ(r.out[0].names[0].name, "core-sw");
}

TEST(EvidenceLldp, ZeroPortVlanIsLeftOut) {
    const Bytes pvid0 = {0xfe, 0x06, 0x00, 0x80, 0xc2, 0x01, 0x00, 0x00};
    const auto r = run(cat({kChassisPort, pvid0, kEnd}));
    ASSERT_TRUE(r.result);
    EXPECT_FALSE(r.out[0].entry.as_map()->contains("vlan"));
}

TEST(EvidenceLldp, ParseErrorIsReturnedAndNothingAppended) {
    const auto r = run(Bytes{0x02, 0x07, 0x04});
    ASSERT_FALSE(r.result);
    EXPECT_EQ(r.result.error().kind, dissect::ErrorKind::Truncated);
    EXPECT_TRUE(r.out.empty());
}

TEST(EvidenceLldp, EmptyLldpduAppendsNothing) {
    const auto r = run(kEnd);
    ASSERT_TRUE(r.result);
    EXPECT_TRUE(r.out.empty());
}

}  // namespace
}  // namespace posture::evidence
