// NTP evidence mapper (posture/evidence/ntp).
#include "posture/evidence/ntp.h"

#include <gtest/gtest.h>

#include "dissectors/packet/packet.h"
#include "posture/record/value.h"
#include "tests/unit/dissectors/ntp_messages.h"

namespace posture::evidence {
namespace {

using dissect::test::view;
namespace msgs = dissect::test::ntp_messages;

Sink map(dissect::ByteView payload) {
    dissect::packet::Decoded dec;
    Databases db;
    const PacketContext ctx{&dec, true, 0, &db};
    Sink out;
    const auto r = ntp_datagram(payload, ctx, out);
    EXPECT_TRUE(r) << r.error().what;
    return out;
}

TEST(EvidenceNtp, ClientGivesItsFingerprintOnly) {
    const auto out = map(view(msgs::kClient));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].key, "ntp");
    EXPECT_FALSE(out[0].singleton);
    EXPECT_EQ(to_json(out[0].entry), R"({"mode":3,"stratum":2,"version":4})");
    EXPECT_TRUE(out[0].observations.empty());
    EXPECT_TRUE(out[0].names.empty());
    EXPECT_TRUE(out[0].hints.empty());
}

TEST(EvidenceNtp, ServerIsObserved) {
    const auto out = map(view(msgs::kV3Server));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(to_json(out[0].entry), R"({"mode":4,"stratum":2,"version":3})");
    ASSERT_EQ(out[0].observations.size(), 1u);
    EXPECT_EQ(out[0].observations[0].what, "ntp.server");
    EXPECT_EQ(out[0].observations[0].detail, "stratum 2");
}

TEST(EvidenceNtp, BroadcastServerIsObservedToo) {
    auto v = dissect::test::cat(msgs::kServer);
    v[0] = 0x25;  // version 4, mode 5
    const auto out = map(view(v));
    ASSERT_EQ(out.size(), 1u);
    ASSERT_EQ(out[0].observations.size(), 1u);
    EXPECT_EQ(out[0].observations[0].detail, "stratum 4");
}

TEST(EvidenceNtp, ControlAndPrivateModesHaveNoStratum) {
    auto out = map(view(msgs::kControlReadStatus));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(to_json(out[0].entry), R"({"mode":6,"version":2})");
    out = map(view(msgs::kPrivateMonlist));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(to_json(out[0].entry), R"({"mode":7,"version":2})");
    EXPECT_TRUE(out[0].observations.empty());
}

TEST(EvidenceNtp, ReservedModeZeroSaysNothing) {
    auto v = dissect::test::cat(msgs::kClient);
    v[0] = 0x20;  // version 4, mode 0
    EXPECT_TRUE(map(view(v)).empty());
}

TEST(EvidenceNtp, ParseErrorIsReturnedAndNothingAppended) {
    dissect::packet::Decoded dec;
    Databases db;
    const PacketContext ctx{&dec, true, 0, &db};
    Sink out;
    const auto r = ntp_datagram(view(msgs::kClient).prefix(20), ctx, out);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, dissect::ErrorKind::Truncated);
    EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace posture::evidence
