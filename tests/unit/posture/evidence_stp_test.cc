// Spanning-tree evidence mapper (posture/evidence/stp).
#include "posture/evidence/stp.h"

#include <gtest/gtest.h>

#include "dissectors/packet/packet.h"
#include "posture/record/value.h"
#include "tests/unit/dissectors/stp_messages.h"

namespace posture::evidence {
namespace {

using dissect::test::view;
namespace msgs = dissect::test::stp_messages;

Sink map(dissect::ByteView bpdu) {
    dissect::packet::Decoded dec;
    Databases db;
    const PacketContext ctx{&dec, true, 0, &db};
    Sink out;
    const auto r = stp_frame(bpdu, ctx, out);
    EXPECT_TRUE(r) << r.error().what;
    return out;
}

void expect_bridge_hint(const Fingerprint& f) {
    ASSERT_EQ(f.hints.size(), 1u);
    EXPECT_EQ(f.hints[0].attribute, "type");
    EXPECT_EQ(f.hints[0].value, "network");
    EXPECT_EQ(f.hints[0].weight, 60);
    EXPECT_EQ(f.hints[0].src, "stp.bpdu");
}

TEST(EvidenceStp, ConfigurationBpdu) {
    const auto out = map(view(msgs::kConfigBpdu));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].key, "stp");
    EXPECT_TRUE(out[0].singleton);
    EXPECT_EQ(to_json(out[0].entry),
              R"({"bridge_id":"32768/1/00:19:06:ea:b8:80","port_id":"0x8005",)"
              R"("root_id":"32768/1/00:19:06:ea:b8:80","version":0})");
    expect_bridge_hint(out[0]);
    EXPECT_TRUE(out[0].names.empty());
    EXPECT_TRUE(out[0].observations.empty());
}

TEST(EvidenceStp, RstBpdu) {
    const auto out = map(view(msgs::kRstBpdu));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(to_json(out[0].entry),
              R"({"bridge_id":"32768/1/00:19:06:ea:b8:80","port_id":"0x800c",)"
              R"("root_id":"32768/1/00:19:06:ea:b8:80","version":2})");
}

TEST(EvidenceStp, MstBpduFromANonRootBridge) {
    const auto out = map(view(msgs::kMstBpdu));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(to_json(out[0].entry),
              R"({"bridge_id":"32768/0/00:00:5e:00:53:14","port_id":"0x8002",)"
              R"("root_id":"4096/0/00:00:5e:00:53:0a","version":3})");
}

TEST(EvidenceStp, TcnGivesOnlyTheHint) {
    const auto out = map(view(msgs::kTcnBpdu));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_TRUE(out[0].key.empty());
    EXPECT_TRUE(out[0].entry.is_null());
    expect_bridge_hint(out[0]);
}

TEST(EvidenceStp, ParseErrorIsReturnedAndNothingAppended) {
    dissect::packet::Decoded dec;
    Databases db;
    const PacketContext ctx{&dec, true, 0, &db};
    Sink out;
    const auto r = stp_frame(view(msgs::kConfigBpdu).prefix(20), ctx, out);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, dissect::ErrorKind::Truncated);
    EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace posture::evidence
