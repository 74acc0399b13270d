// LLDP (dissectors/lldp).
#include "dissectors/lldp/lldp.h"

#include <gtest/gtest.h>

#include <string_view>

#include "tests/unit/dissectors/dissector_test_util.h"
#include "tests/unit/dissectors/lldp_frames.h"

namespace dissect::lldp {
namespace {

using test::Bytes;
using test::kMedPhone;
using test::kSmcSwitch;
using test::view;

std::string_view str(ByteView v) { return v.as_chars(); }

Bytes text(std::string_view s) { return Bytes(s.begin(), s.end()); }

Bytes tlv(std::uint8_t type, const Bytes& body) {
    Bytes out{static_cast<std::uint8_t>(type << 1 | body.size() >> 8), static_cast<std::uint8_t>(body.size())};
    out.insert(out.end(), body.begin(), body.end());
    return out;
}

const Bytes kChassisPortTtl = test::cat(Bytes{0x02, 0x07, 0x04, 0x02, 0, 0, 0, 0, 1},  // chassis MAC 02:00:00:00:00:01
                                        Bytes{0x04, 0x02, 0x07, '1'},                 // port "1"
                                        Bytes{0x06, 0x02, 0x00, 0x78});                // TTL 120

TEST(LldpParse, SmcSwitchFields) {
    const auto m = parse(view(kSmcSwitch));
    ASSERT_TRUE(m) << m.error().what;
    EXPECT_EQ(m->chassis.subtype, kChassisMac);
    ASSERT_EQ(m->chassis.value.size(), 6u);
    EXPECT_EQ(m->chassis.value[0], 0x00);
    EXPECT_EQ(m->chassis.value[5], 0x10);
    EXPECT_EQ(m->port.subtype, kPortLocal);
    EXPECT_EQ(str(m->port.value), "1");
    EXPECT_EQ(m->ttl_s, 120);
    EXPECT_EQ(str(m->port_description), "Port #1");
    EXPECT_EQ(str(m->system_name), "SMCGS8P-Smart");
    EXPECT_EQ(str(m->system_description), "SMCGS8P-Smart - SMCGS8P-Smart v3.20");
    EXPECT_EQ(m->system_caps, kCapBridge);
    EXPECT_EQ(m->enabled_caps, kCapBridge);
    ASSERT_EQ(m->mgmt_count, 1);
    EXPECT_EQ(m->mgmt[0].family, kFamilyIpv4);
    ASSERT_EQ(m->mgmt[0].address.size(), 4u);
    EXPECT_EQ(m->mgmt[0].address[0], 192);
    EXPECT_EQ(m->mgmt[0].if_subtype, 2);
    EXPECT_EQ(m->mgmt[0].if_number, 1u);
    EXPECT_TRUE(m->mgmt[0].oid.empty());
    EXPECT_EQ(m->tlv_count, 8);
    EXPECT_EQ(m->skipped_tlvs, 0);
    EXPECT_EQ(m->malformed_tlvs, 0);
    EXPECT_TRUE(m->end_seen);
    EXPECT_TRUE(test::within(view(kSmcSwitch), m->system_description));
}

TEST(LldpParse, MedPhoneInventoryAndOrgTlvs) {
    const auto m = parse(view(kMedPhone));
    ASSERT_TRUE(m) << m.error().what;
    EXPECT_EQ(m->chassis.subtype, kChassisNetworkAddress);
    ASSERT_EQ(m->chassis.value.size(), 5u);
    EXPECT_EQ(m->chassis.value[0], kFamilyIpv4);
    EXPECT_EQ(m->port.subtype, kPortMac);
    EXPECT_EQ(str(m->system_name), "SEP001122334455");
    EXPECT_EQ(m->enabled_caps, kCapBridge | kCapTelephone);
    EXPECT_EQ(m->port_vlan, 1);
    ASSERT_TRUE(m->mac_phy);
    EXPECT_EQ(m->mac_phy->autoneg, 0x03);
    EXPECT_EQ(m->mac_phy->pmd_advertised, 0x6c01);
    EXPECT_EQ(m->mac_phy->mau_type, 16);
    EXPECT_EQ(m->max_frame_size, 1522);
    EXPECT_EQ(m->med_caps, 0x0033);
    EXPECT_EQ(m->med_device_class, 3);
    ASSERT_EQ(m->policy_count, 1);
    EXPECT_EQ(m->policies[0].app_type, 1);
    EXPECT_FALSE(m->policies[0].unknown);
    EXPECT_TRUE(m->policies[0].tagged);
    EXPECT_EQ(m->policies[0].vlan, 100);
    EXPECT_EQ(m->policies[0].priority, 5);
    EXPECT_EQ(m->policies[0].dscp, 46);
    EXPECT_EQ(str(m->med_hw_rev), "1.0");
    EXPECT_EQ(str(m->med_fw_rev), "2.3");
    EXPECT_EQ(str(m->med_sw_rev), "sip142");
    EXPECT_EQ(str(m->med_serial), "FCH1234ABCD");
    EXPECT_EQ(str(m->med_manufacturer), "Cisco");
    EXPECT_EQ(str(m->med_model), "CP-8845");
    EXPECT_EQ(str(m->med_asset_id), "A-42");
    EXPECT_EQ(str(m->mud_url), "https://");
    EXPECT_TRUE(m->end_seen);
    EXPECT_EQ(m->skipped_tlvs, 0);
    EXPECT_EQ(m->malformed_tlvs, 0);
}

TEST(LldpParse, EveryPrefixIsTruncatedOrAPartialResult) {
    test::expect_prefixes_truncated_or_ok(kSmcSwitch, [](ByteView v) { return parse(v); });
    test::expect_prefixes_truncated_or_ok(kMedPhone, [](ByteView v) { return parse(v); });
}

TEST(LldpParse, PrefixEndingBetweenTlvsIsPartial) {
    const auto m = parse(view(kSmcSwitch).prefix(9 + 4 + 4));  // chassis, port, TTL
    ASSERT_TRUE(m);
    EXPECT_EQ(m->ttl_s, 120);
    EXPECT_TRUE(m->system_name.empty());
    EXPECT_FALSE(m->end_seen);
}

TEST(LldpParse, EmptyPayloadIsTruncated) {
    const auto m = parse(ByteView{});
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().kind, ErrorKind::Truncated);
    EXPECT_STREQ(m.error().what, kErrTruncated);
}

TEST(LldpParse, TlvLengthPastEndIsTruncated) {
    auto pdu = test::cat(kChassisPortTtl, Bytes{0x0a, 0x20, 'a', 'b'});  // system name claims 32 bytes
    const auto m = parse(view(pdu));
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().kind, ErrorKind::Truncated);
    EXPECT_EQ(m.error().offset, kChassisPortTtl.size() + 2);
}

TEST(LldpParse, NineBitLengthIsHonoured) {
    const Bytes name(300, 'x');
    const auto pdu = test::cat(kChassisPortTtl, tlv(kSystemDescription, name), Bytes{0, 0});
    const auto m = parse(view(pdu));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->system_description.size(), 300u);
    EXPECT_TRUE(m->end_seen);
}

TEST(LldpParse, MissingEndAndRepeatedTtlAreAccepted) {
    // arkime/wireshark-lldp.pcap frame 1: chassis, port, TTL, TTL, no End.
    const auto pdu = test::cat(kChassisPortTtl, Bytes{0x06, 0x02, 0x00, 0x3c});
    const auto m = parse(view(pdu));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->ttl_s, 60);  // the last one wins
    EXPECT_FALSE(m->end_seen);
}

TEST(LldpParse, BytesAfterEndAreIgnored) {
    const auto pdu = test::cat(kChassisPortTtl, Bytes{0x00, 0x00, 0x0a, 0x40, 0xff});  // End, then junk
    const auto m = parse(view(pdu));
    ASSERT_TRUE(m);
    EXPECT_TRUE(m->end_seen);
    EXPECT_TRUE(m->system_name.empty());
}

TEST(LldpParse, WrongSizeFixedTlvsAreCountedAndIgnored) {
    const auto pdu = test::cat(Bytes{0x06, 0x03, 0x00, 0x78, 0x00},              // TTL of 3 bytes
                               Bytes{0x0e, 0x02, 0x00, 0x04},                    // caps of 2 bytes
                               Bytes{0xfe, 0x05, 0x00, 0x12, 0xbb, 0x01, 0x00},  // MED caps of 1 byte
                               Bytes{0xfe, 0x06, 0x00, 0x12, 0xbb, 0x02, 0x01, 0x00},  // MED policy of 2 bytes
                               Bytes{0xfe, 0x05, 0x00, 0x80, 0xc2, 0x01, 0x00},  // PVID of 1 byte
                               Bytes{0xfe, 0x02, 0x00, 0x80},                    // org TLV without subtype
                               Bytes{0x10, 0x02, 0x09, 0x01},                    // mgmt: string length past body
                               Bytes{0x00, 0x00});
    const auto m = parse(view(pdu));
    ASSERT_TRUE(m);
    EXPECT_FALSE(m->ttl_s);
    EXPECT_FALSE(m->enabled_caps);
    EXPECT_FALSE(m->med_caps);
    EXPECT_EQ(m->policy_count, 0);
    EXPECT_FALSE(m->port_vlan);
    EXPECT_EQ(m->mgmt_count, 0);
    EXPECT_EQ(m->malformed_tlvs, 7);
}

TEST(LldpParse, UnknownTlvsAreSkipped) {
    const auto pdu = test::cat(kChassisPortTtl, tlv(9, Bytes{1, 2}),              // reserved type 9
                               Bytes{0xfe, 0x05, 0x00, 0x0f, 0xac, 0x01, 0x00},  // another OUI
                               Bytes{0xfe, 0x04, 0x00, 0x80, 0xc2, 0x07},        // 802.1 subtype 7
                               Bytes{0x00, 0x00});
    const auto m = parse(view(pdu));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->skipped_tlvs, 3);
    EXPECT_EQ(m->tlv_count, 6);
}

TEST(LldpParse, ManagementAddressesPastTheCapAreCounted) {
    Bytes pdu = kChassisPortTtl;
    for (std::uint8_t i = 0; i < kMaxMgmtAddrs + 2; ++i)
        pdu = test::cat(pdu, Bytes{0x10, 0x0c, 0x05, 0x01, 10, 0, 0, i, 0x02, 0, 0, 0, 1, 0x00});
    const auto m = parse(view(pdu));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->mgmt_count, kMaxMgmtAddrs);
    EXPECT_EQ(m->mgmt_dropped, 2);
    EXPECT_EQ(m->mgmt[3].address[3], 3);
}

TEST(LldpParse, VlanNamesAndPoliciesPastTheCapAreCounted) {
    Bytes pdu = kChassisPortTtl;
    for (std::uint8_t i = 0; i < kMaxVlanNames + 1; ++i)
        pdu = test::cat(pdu, Bytes{0xfe, 0x09, 0x00, 0x80, 0xc2, 0x03, 0x00, i, 0x02, 'v', 'l'});
    for (std::uint8_t i = 0; i < kMaxNetworkPolicies + 3; ++i)
        pdu = test::cat(pdu, Bytes{0xfe, 0x08, 0x00, 0x12, 0xbb, 0x02, static_cast<std::uint8_t>(i + 1), 0x00, 0x00, 0x00});
    const auto m = parse(view(pdu));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->vlan_name_count, kMaxVlanNames);
    EXPECT_EQ(m->vlan_names_dropped, 1);
    EXPECT_EQ(m->vlan_names[7].vid, 7);
    EXPECT_EQ(str(m->vlan_names[7].name), "vl");
    EXPECT_EQ(m->policy_count, kMaxNetworkPolicies);
    EXPECT_EQ(m->policies_dropped, 3);
}

TEST(LldpParse, VlanNameLengthPastItsTlvIsMalformed) {
    const auto pdu = test::cat(kChassisPortTtl, Bytes{0xfe, 0x09, 0x00, 0x80, 0xc2, 0x03, 0x00, 0x05, 0x09, 'v', 'l'});
    const auto m = parse(view(pdu));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->vlan_name_count, 0);
    EXPECT_EQ(m->malformed_tlvs, 1);
}

TEST(LldpParse, TlvsPastTheCapAreWalkedButNotInterpreted) {
    Bytes pdu = kChassisPortTtl;
    for (std::size_t i = 3; i < kMaxTlvs; ++i) pdu = test::cat(pdu, tlv(kPortDescription, text("p")));
    pdu = test::cat(pdu, tlv(kSystemName, text("late")), Bytes{0x00, 0x00});
    const auto m = parse(view(pdu));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->tlv_count, kMaxTlvs);
    EXPECT_TRUE(m->system_name.empty());
    EXPECT_EQ(m->skipped_tlvs, 1);
    EXPECT_TRUE(m->end_seen);
}

TEST(LldpParse, EmptyIdTlvLeavesIdUnset) {
    const auto pdu = test::cat(Bytes{0x02, 0x00}, Bytes{0x04, 0x01, 0x05}, Bytes{0x00, 0x00});
    const auto m = parse(view(pdu));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->chassis.subtype, 0);
    EXPECT_EQ(m->port.subtype, kPortInterfaceName);
    EXPECT_TRUE(m->port.value.empty());
}

}  // namespace
}  // namespace dissect::lldp
