// CDP -> evidence (posture/evidence/cdp).
#include "posture/evidence/cdp.h"

#include <gtest/gtest.h>

#include <string>

#include "dissectors/packet/packet.h"
#include "posture/record/value.h"
#include "tests/unit/dissectors/cdp_frames.h"

namespace posture::evidence {
namespace {

using namespace dissect::test::cdp_frames;

struct Run {
    dissect::Result<void> result;
    Sink out;
};

Run run(const Bytes& b) {
    static const dissect::packet::Decoded dec{};
    static const Databases db{};
    const PacketContext ctx{&dec, true, 0, &db};
    Run r;
    r.result = cdp_frame(dissect::ByteView{b.data(), b.size()}, ctx, r.out);
    return r;
}

std::string hints_text(const Fingerprint& fp) {
    std::string out;
    for (const auto& h : fp.hints) out += h.attribute + "=" + h.value + "/" + std::to_string(h.weight) + "/" + h.src + ";";
    return out;
}

const Bytes kHeader = {0x02, 0xb4, 0x00, 0x00};

Bytes caps(std::uint32_t c) {
    return tlv(kCapabilities, Bytes{static_cast<std::uint8_t>(c >> 24), static_cast<std::uint8_t>(c >> 16),
                                    static_cast<std::uint8_t>(c >> 8), static_cast<std::uint8_t>(c)});
}

TEST(EvidenceCdp, Catalyst3560) {
    const auto r = run(kCatalyst3560);
    ASSERT_TRUE(r.result);
    ASSERT_EQ(r.out.size(), 1u);
    const Fingerprint& fp = r.out[0];
    EXPECT_EQ(fp.key, "cdp");
    EXPECT_TRUE(fp.singleton);
    // The address is in both address TLVs (tshark lists it twice); once here.
    EXPECT_EQ(to_json(fp.entry),
              R"j({"caps":"switch,igmp","device_id":"Switch","duplex":"full","mgmt":"192.168.0.1","native_vlan":1,)j"
              R"j("platform":"cisco WS-C3560G-24PS","port":"GigabitEthernet0/5",)j"
              R"j("software":"Cisco IOS Software, C3560 Software (C3560-ADVIPSERVICESK9-M), Version 12.2(25)SEB4, )j"
              R"j(RELEASE SOFTWARE (fc1)","vtp_domain":"Lab"})j");
    ASSERT_EQ(fp.names.size(), 1u);
    EXPECT_EQ(fp.names[0].name, "Switch");
    EXPECT_EQ(fp.names[0].src, NameSource::Cdp);
    EXPECT_EQ(hints_text(fp), "type=network/80/cdp.caps;vendor=Cisco/70/cdp.platform;model=WS-C3560G-24PS/70/cdp.platform;");
}

TEST(EvidenceCdp, IosBannerFirstLineLosesTrailingBlanks) {
    // zeek/cdp-v1.pcap: "Cisco Internetwork Operating System Software \nIOS (tm) ..."
    const auto r = run(cat({kHeader, tlv(kSoftwareVersion, text("Cisco Internetwork Operating System Software \r\nIOS"))}));
    ASSERT_TRUE(r.result);
    EXPECT_EQ(*r.out[0].entry.as_map()->at("software").as_string(), "Cisco Internetwork Operating System Software");
}

TEST(EvidenceCdp, PhoneWithVoiceVlan) {
    const auto r = run(cat({kHeader, tlv(kDeviceId, text("SEP001122334455")), caps(0x0490),
                            tlv(kPlatform, text("Cisco IP Phone 8845")), tlv(kVoipVlanReply, Bytes{0x01, 0x00, 0x64}),
                            tlv(kDuplex, Bytes{0x00})}));
    ASSERT_TRUE(r.result);
    const Fingerprint& fp = r.out[0];
    EXPECT_EQ(to_json(fp.entry),
              R"({"caps":"host,phone,mac-relay","device_id":"SEP001122334455","duplex":"half",)"
              R"("platform":"Cisco IP Phone 8845","voice_vlan":100})");
    EXPECT_EQ(hints_text(fp), "type=ip-phone/80/cdp.caps;vendor=Cisco/70/cdp.platform;model=IP Phone 8845/70/cdp.platform;");
}

TEST(EvidenceCdp, HostOnlyAndOtherVendors) {
    const auto r = run(cat({kHeader, caps(0x0010), tlv(kPlatform, text("Linux/cdpd"))}));
    ASSERT_TRUE(r.result);
    EXPECT_EQ(hints_text(r.out[0]), "model=Linux/cdpd/70/cdp.platform;");  // no type, no vendor
    EXPECT_TRUE(r.out[0].names.empty());
}

TEST(EvidenceCdp, AddressesIpv6AndOthers) {
    const Bytes list = {0x00, 0x00, 0x00, 0x03,
                        0x01, 0x01, 0x81, 0x00, 0x02, 0xab, 0xcd,                          // NLPID 0x81 (CLNS): skipped
                        0x02, 0x08, 0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x86, 0xdd,        // 802.2 IPv6
                        0x00, 0x10, 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
                        0x01, 0x01, 0xcc, 0x00, 0x04, 10, 0, 0, 1};                        // 10.0.0.1
    const auto r = run(cat({kHeader, tlv(kAddresses, list), tlv(kManagementAddresses, list)}));
    ASSERT_TRUE(r.result);
    EXPECT_EQ(*r.out[0].entry.as_map()->at("mgmt").as_string(), "fe80::1,10.0.0.1");
}

TEST(EvidenceCdp, CapabilityNames) {
    EXPECT_EQ(cdp_capability_names(0), "");
    EXPECT_EQ(cdp_capability_names(0x07ff),
              "router,trans-bridge,sr-bridge,switch,host,igmp,repeater,phone,remote,cvta,mac-relay");
}

TEST(EvidenceCdp, ParseErrorIsReturnedAndNothingAppended) {
    const auto r = run(Bytes{0x07, 0xb4, 0x00, 0x00});
    ASSERT_FALSE(r.result);
    EXPECT_EQ(r.result.error().kind, dissect::ErrorKind::Malformed);
    EXPECT_TRUE(r.out.empty());
}

TEST(EvidenceCdp, HeaderOnlyAppendsNothing) {
    const auto r = run(kHeader);
    ASSERT_TRUE(r.result);
    EXPECT_TRUE(r.out.empty());
}

}  // namespace
}  // namespace posture::evidence
