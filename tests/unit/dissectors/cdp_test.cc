// CDP (dissectors/cdp).
#include "dissectors/cdp/cdp.h"

#include <gtest/gtest.h>

#include <string_view>

#include "tests/unit/dissectors/cdp_frames.h"
#include "tests/unit/dissectors/dissector_test_util.h"

namespace dissect::cdp {
namespace {

using test::Bytes;
using test::view;
using test::cdp_frames::kCatalyst3560;
using test::cdp_frames::kOneIpv4Address;
using test::cdp_frames::text;
using test::cdp_frames::tlv;

std::string_view str(ByteView v) { return v.as_chars(); }

TEST(CdpParse, Catalyst3560Fields) {
    ASSERT_EQ(kCatalyst3560.size(), 378u);  // as captured
    const auto m = parse(view(kCatalyst3560));
    ASSERT_TRUE(m) << m.error().what;
    EXPECT_EQ(m->version, 2);
    EXPECT_EQ(m->ttl_s, 180);
    EXPECT_EQ(m->checksum, 0xb0bd);
    EXPECT_EQ(str(m->device_id), "Switch");
    EXPECT_TRUE(str(m->software_version).starts_with("Cisco IOS Software, C3560 Software"));
    EXPECT_EQ(str(m->platform), "cisco WS-C3560G-24PS");
    ASSERT_EQ(m->addresses.count, 1);
    EXPECT_TRUE(m->addresses.entries[0].is_ipv4());
    EXPECT_EQ(m->addresses.entries[0].address[3], 1);
    EXPECT_EQ(str(m->port_id), "GigabitEthernet0/5");
    EXPECT_EQ(m->capabilities, kCapSwitch | kCapIgmp);
    EXPECT_EQ(str(m->vtp_domain), "Lab");
    EXPECT_EQ(m->native_vlan, 1);
    EXPECT_EQ(m->full_duplex, true);
    ASSERT_EQ(m->mgmt_addresses.count, 1);
    EXPECT_TRUE(m->mgmt_addresses.entries[0].is_ipv4());
    EXPECT_EQ(m->tlv_count, 14);
    EXPECT_EQ(m->skipped_tlvs, 4);  // hello, trust, CoS, power available
    EXPECT_EQ(m->malformed_tlvs, 0);
    EXPECT_TRUE(test::within(view(kCatalyst3560), m->software_version));
}

TEST(CdpParse, EveryPrefixIsTruncatedOrAPartialResult) {
    test::expect_prefixes_truncated_or_ok(kCatalyst3560, [](ByteView v) { return parse(v); });
}

TEST(CdpParse, VersionOneAndPhoneTlvs) {
    const auto pdu = test::cat(Bytes{0x01, 0xb4, 0x00, 0x00},                       // version 1
                               tlv(kDeviceId, text("SEP001122334455")),
                               tlv(kCapabilities, Bytes{0x00, 0x00, 0x04, 0x90}),    // host, phone, two-port MAC relay
                               tlv(kVoipVlanReply, Bytes{0x01, 0x00, 0x64}),         // appliance 1, VLAN 100
                               tlv(kPower, Bytes{0x18, 0x9c}),                       // 6300 mW
                               tlv(kMtu, Bytes{0x00, 0x00, 0x05, 0xdc}),
                               tlv(kSystemName, text("phone")), tlv(kLocation, Bytes{0x00, 'd', 'e', 's', 'k', ' ', '4'}));
    const auto m = parse(view(pdu));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->version, 1);
    EXPECT_EQ(m->capabilities, kCapHost | kCapPhone | kCapMacRelay);
    EXPECT_EQ(m->voip_vlan, 100);
    EXPECT_EQ(m->power_mw, 6300);
    EXPECT_EQ(m->mtu, 1500u);
    EXPECT_EQ(str(m->system_name), "phone");
    EXPECT_EQ(m->location.size(), 7u);
}

TEST(CdpParse, BadVersionIsMalformed) {
    auto pdu = kCatalyst3560;
    pdu[0] = 3;
    const auto m = parse(view(pdu));
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().kind, ErrorKind::Malformed);
    EXPECT_STREQ(m.error().what, kErrBadVersion);
}

TEST(CdpParse, TlvLengthBelowHeaderIsMalformed) {
    const auto pdu = test::cat(Bytes{0x02, 0xb4, 0x00, 0x00}, tlv(kDeviceId, text("a")), Bytes{0x00, 0x03, 0x00, 0x03});
    const auto m = parse(view(pdu));
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().kind, ErrorKind::Malformed);
    EXPECT_STREQ(m.error().what, kErrBadTlvLength);
    EXPECT_EQ(m.error().offset, 9u);
}

TEST(CdpParse, TlvLengthPastEndIsTruncated) {
    auto pdu = test::cat(Bytes{0x02, 0xb4, 0x00, 0x00}, tlv(kPlatform, text("cisco 1601")));
    pdu[7] = 0x40;  // platform claims 64 bytes
    const auto m = parse(view(pdu));
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().kind, ErrorKind::Truncated);
}

TEST(CdpParse, AddressCountThatLiesIsMalformedButKeepsWhatFits) {
    Bytes lying = kOneIpv4Address;
    lying[3] = 3;  // three addresses promised, one present
    const auto pdu = test::cat(Bytes{0x02, 0xb4, 0x00, 0x00}, tlv(kAddresses, lying));
    const auto m = parse(view(pdu));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->addresses.count, 1);
    EXPECT_EQ(m->malformed_tlvs, 1);
}

TEST(CdpParse, AddressesPastTheCapAreCountedAndIpv6IsRecognised) {
    Bytes list{0x00, 0x00, 0x00, static_cast<std::uint8_t>(kMaxAddresses + 1)};
    const Bytes v6{0x02, 0x08, 0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x86, 0xdd,  // 802.2, IPv6
                   0x00, 0x10, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01};
    list = test::cat(list, v6);
    for (std::size_t i = 0; i < kMaxAddresses; ++i) list = test::cat(list, Bytes(kOneIpv4Address.begin() + 4, kOneIpv4Address.end()));
    const Bytes frame = test::cat(Bytes{0x02, 0xb4, 0x00, 0x00}, tlv(kAddresses, list));  // outlives m's views
    const auto m = parse(view(frame));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->addresses.count, kMaxAddresses);
    EXPECT_EQ(m->addresses.dropped, 1);
    EXPECT_TRUE(m->addresses.entries[0].is_ipv6());
    EXPECT_FALSE(m->addresses.entries[0].is_ipv4());
    EXPECT_TRUE(m->addresses.entries[1].is_ipv4());
}

TEST(CdpParse, WrongSizeFixedTlvsAreCountedAndIgnored) {
    const auto pdu = test::cat(Bytes{0x02, 0xb4, 0x00, 0x00}, tlv(kCapabilities, Bytes{0x01}),
                               tlv(kNativeVlan, Bytes{0x00, 0x01, 0x02}), tlv(kDuplex, Bytes{}),
                               tlv(kVoipVlanReply, Bytes{0x01}), tlv(kPower, Bytes{0x01}), tlv(kMtu, Bytes{0x01}),
                               tlv(kManagementAddresses, Bytes{0x00}));
    const auto m = parse(view(pdu));
    ASSERT_TRUE(m);
    EXPECT_FALSE(m->capabilities);
    EXPECT_FALSE(m->native_vlan);
    EXPECT_FALSE(m->full_duplex);
    EXPECT_FALSE(m->voip_vlan);
    EXPECT_EQ(m->malformed_tlvs, 7);
}

TEST(CdpParse, TlvsPastTheCapAreWalkedButNotInterpreted) {
    Bytes pdu{0x02, 0xb4, 0x00, 0x00};
    for (std::size_t i = 0; i < kMaxTlvs; ++i) pdu = test::cat(pdu, tlv(kPortId, text("p")));
    pdu = test::cat(pdu, tlv(kDeviceId, text("late")));
    const auto m = parse(view(pdu));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->tlv_count, kMaxTlvs);
    EXPECT_EQ(m->skipped_tlvs, 1);
    EXPECT_TRUE(m->device_id.empty());
}

TEST(CdpParse, HeaderOnlyIsAnEmptyMessage) {
    const auto m = parse(view(Bytes{0x02, 0xb4, 0x12, 0x34}));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->tlv_count, 0);
}

}  // namespace
}  // namespace dissect::cdp
