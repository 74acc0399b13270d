// DHCPv6 evidence mapper (posture/evidence/dhcpv6).
#include "posture/evidence/dhcpv6.h"

#include <gtest/gtest.h>

#include "dissectors/packet/packet.h"
#include "posture/record/value.h"
#include "tests/unit/dissectors/dhcpv6_messages.h"

namespace posture::evidence {
namespace {

using dissect::test::Bytes;
using dissect::test::view;
namespace msgs = dissect::test::dhcpv6_messages;

Sink map(const Bytes& payload) {
    dissect::packet::Decoded dec;
    Databases db;
    const PacketContext ctx{&dec, true, 0, &db};
    Sink out;
    const auto r = dhcpv6_datagram(view(payload), ctx, out);
    EXPECT_TRUE(r) << r.error().what;
    return out;
}

TEST(EvidenceDhcpv6, WindowsSolicit) {
    const auto out = map(dissect::test::cat(msgs::kWindowsSolicit));
    ASSERT_EQ(out.size(), 1u);
    const Fingerprint& f = out[0];
    EXPECT_EQ(f.key, "dhcpv6");
    EXPECT_FALSE(f.singleton);
    EXPECT_EQ(to_json(f.entry),
              R"({"duid":"000100012a5b3c4d00005e005301","duid_mac":"00:00:5e:00:53:01","enterprise":311,)"
              R"("fqdn":"DESKTOP-7F3K2Q.corp.example.com","oro":"17,23,24,39","vendor":"MSFT 5.0"})");
    ASSERT_EQ(f.names.size(), 1u);
    EXPECT_EQ(f.names[0].name, "DESKTOP-7F3K2Q.corp.example.com");
    EXPECT_EQ(f.names[0].src, NameSource::Dhcpv6);
    ASSERT_EQ(f.hints.size(), 1u);
    EXPECT_EQ(f.hints[0].attribute, "os.name");
    EXPECT_EQ(f.hints[0].value, "Windows");
    EXPECT_EQ(f.hints[0].weight, 70);
    EXPECT_EQ(f.hints[0].src, "dhcpv6.enterprise");
    EXPECT_TRUE(f.observations.empty());
}

TEST(EvidenceDhcpv6, SolicitWithDuidLl) {
    const auto out = map(dissect::test::cat(msgs::kSolicit));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(to_json(out[0].entry), R"({"duid":"00030001000102030405","duid_mac":"00:01:02:03:04:05","oro":"23,24"})");
    EXPECT_TRUE(out[0].names.empty());
    EXPECT_TRUE(out[0].hints.empty());
}

TEST(EvidenceDhcpv6, UserClassIsText) {
    const auto out = map(dissect::test::cat(msgs::kAristaInformationRequest));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(to_json(out[0].entry),
              R"({"duid":"00030001000044010000","duid_mac":"00:00:44:01:00:00","oro":"59,24,23",)"
              R"("user_class":"Arista;Test-Dhcpv6Discover;4.21.XX"})");
}

TEST(EvidenceDhcpv6, SeveralClassItemsAreJoined) {
    const Bytes v = {1, 0, 0, 1,                       // SOLICIT, transaction id
                     0, 16, 0, 13, 0, 0, 0, 9,         // vendor class, 13 bytes, enterprise 9 (Cisco)
                     0, 2, 'a', 'b', 0, 3, 'c', 'd', 'e'};
    const auto out = map(v);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(to_json(out[0].entry), R"({"enterprise":9,"vendor":"ab | cde"})");
    ASSERT_EQ(out[0].hints.size(), 1u);
    EXPECT_EQ(out[0].hints[0].attribute, "vendor");
    EXPECT_EQ(out[0].hints[0].value, "Cisco");
}

TEST(EvidenceDhcpv6, ServerMessageIsObservedOnly) {
    const auto out = map(dissect::test::cat(msgs::kAdvertise));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_TRUE(out[0].key.empty());
    ASSERT_EQ(out[0].observations.size(), 1u);
    EXPECT_EQ(out[0].observations[0].what, "dhcpv6.server");
    EXPECT_EQ(out[0].observations[0].detail, "000100011846488c001122334455");
}

TEST(EvidenceDhcpv6, RelayMessageSaysNothingAboutTheRelay) {
    EXPECT_TRUE(map(msgs::kRelayForw).empty());
}

TEST(EvidenceDhcpv6, EmptyClientMessageAppendsNothing) {
    EXPECT_TRUE(map(Bytes{5, 0, 0, 1}).empty());  // RENEW without options
}

TEST(EvidenceDhcpv6, ParseErrorIsReturnedAndNothingAppended) {
    dissect::packet::Decoded dec;
    Databases db;
    const PacketContext ctx{&dec, true, 0, &db};
    Sink out;
    const auto r = dhcpv6_datagram(view(msgs::kSolicit).prefix(10), ctx, out);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, dissect::ErrorKind::Truncated);
    EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace posture::evidence
