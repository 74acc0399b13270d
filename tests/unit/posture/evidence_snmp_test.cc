// SNMP evidence mapper (posture/evidence/snmp).
#include <algorithm>
#include "posture/evidence/snmp.h"

#include <gtest/gtest.h>

#include <string>

#include "dissectors/packet/packet.h"
#include "posture/record/value.h"
#include "tests/unit/dissectors/snmp_messages.h"

namespace posture::evidence {
namespace {

using dissect::test::Bytes;
using dissect::test::view;
namespace msgs = dissect::test::snmp_messages;

Sink map(dissect::ByteView payload) {
    dissect::packet::Decoded dec;
    Databases db;
    const PacketContext ctx{&dec, true, 0, &db};
    Sink out;
    const auto r = snmp_datagram(payload, ctx, out);
    EXPECT_TRUE(r) << r.error().what;
    return out;
}

std::string observations(const Fingerprint& f) {
    std::string s;
    for (const auto& o : f.observations) s += o.what + "=" + o.detail + ";";
    return s;
}

// `message` (short-form lengths, community "public" at byte 5) with another community.
template <std::size_t N>
Bytes with_community(const std::uint8_t (&message)[N], const std::string& community) {
    Bytes body = {0x02, 0x01, message[4], 0x04, static_cast<std::uint8_t>(community.size())};
    body.insert(body.end(), community.begin(), community.end());
    body.insert(body.end(), message + 13, message + N);
    Bytes out(body.size() + 2);
    out[0] = 0x30;
    out[1] = static_cast<std::uint8_t>(body.size());
    std::copy(body.begin(), body.end(), out.begin() + 2);
    return out;
}

// No string the mapper produced may contain the community.
void expect_no_secret(const Sink& out, const std::string& community) {
    for (const auto& f : out) {
        EXPECT_EQ(to_json(f.entry).find(community), std::string::npos);
        for (const auto& o : f.observations) EXPECT_EQ((o.what + o.detail).find(community), std::string::npos);
        for (const auto& n : f.names) EXPECT_EQ(n.name.find(community), std::string::npos);
    }
}

TEST(EvidenceSnmp, RequestWithDefaultCommunityIsObservedOnly) {
    const auto out = map(view(msgs::kV1GetSysName));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_TRUE(out[0].key.empty());
    EXPECT_EQ(observations(out[0]), "snmp.community=v1;snmp.community.default=v1;");
    EXPECT_TRUE(out[0].names.empty());
}

TEST(EvidenceSnmp, ResponseGivesSysName) {
    const auto out = map(view(msgs::kV1SysNameResponse));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].key, "snmp");
    EXPECT_TRUE(out[0].singleton);
    EXPECT_EQ(to_json(out[0].entry), R"({"sysname":"B6300","version":"v1"})");
    ASSERT_EQ(out[0].names.size(), 1u);
    EXPECT_EQ(out[0].names[0].name, "B6300");
    EXPECT_EQ(out[0].names[0].src, NameSource::Snmp);
    EXPECT_EQ(observations(out[0]), "snmp.community=v1;snmp.community.default=v1;");
}

TEST(EvidenceSnmp, ResponseGivesSysObjectIdAsDottedText) {
    const auto out = map(view(msgs::kV1SysObjectIdResponse));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(to_json(out[0].entry), R"({"sysobjectid":"1.3.6.1.4.1.2001.1.1.1.297.93.1.27.2.2.1","version":"v1"})");
    EXPECT_TRUE(out[0].names.empty());
}

TEST(EvidenceSnmp, SystemGroupInOneResponse) {
    const auto out = map(view(msgs::kV2cSystemResponse));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(to_json(out[0].entry),
              R"({"sysdescr":"Cisco IOS Software, C2960 Software (C2960-LANBASEK9-M), Version 15.0(2)SE11",)"
              R"("sysname":"access-sw1.example.net","sysobjectid":"1.3.6.1.4.1.9.1.1208","version":"v2c"})");
    EXPECT_EQ(observations(out[0]), "snmp.community=v2c;");  // not a default community
    expect_no_secret(out, "n0t-default");
}

TEST(EvidenceSnmp, TrapNamesTheAgent) {
    const auto out = map(view(msgs::kV1TrapLinkUp));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(to_json(out[0].entry), R"({"sysname":"edge-sw2","version":"v1"})");
    ASSERT_EQ(out[0].names.size(), 1u);
    EXPECT_EQ(out[0].names[0].name, "edge-sw2");
}

TEST(EvidenceSnmp, ManagerSettingSysNameDoesNotNameItself) {
    Bytes v = dissect::test::cat(msgs::kV1SysNameResponse);
    v[13] = 0xa3;  // the same bindings in a SetRequest: sent by the manager
    const auto out = map(view(v));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_TRUE(out[0].key.empty());
    EXPECT_TRUE(out[0].names.empty());
}

TEST(EvidenceSnmp, NonDefaultCommunityNeverLeaks) {
    const auto out = map(view(msgs::kV2cGetNext));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(observations(out[0]), "snmp.community=v2c;");
    expect_no_secret(out, "[R0_C@cti!]");
}

TEST(EvidenceSnmp, DefaultCommunitiesMatchExactly) {
    EXPECT_EQ(observations(map(view(with_community(msgs::kV1GetSysName, "private")))[0]),
              "snmp.community=v1;snmp.community.default=v1;");
    EXPECT_EQ(observations(map(view(with_community(msgs::kV1GetSysName, "Public")))[0]), "snmp.community=v1;");
    EXPECT_EQ(observations(map(view(with_community(msgs::kV1GetSysName, "public2")))[0]), "snmp.community=v1;");
    EXPECT_EQ(observations(map(view(with_community(msgs::kV1GetSysName, "")))[0]), "snmp.community=v1;");
}

TEST(EvidenceSnmp, V3YieldsNothing) {
    EXPECT_TRUE(map(view(msgs::kV3GetNext)).empty());
}

TEST(EvidenceSnmp, ParseErrorIsReturnedAndNothingAppended) {
    dissect::packet::Decoded dec;
    Databases db;
    const PacketContext ctx{&dec, true, 0, &db};
    Sink out;
    const auto r = snmp_datagram(view(msgs::kV1SysNameResponse).prefix(40), ctx, out);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, dissect::ErrorKind::Truncated);
    EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace posture::evidence
