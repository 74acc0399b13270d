// Spanning-tree BPDUs (dissectors/stp).
#include "dissectors/stp/stp.h"

#include <gtest/gtest.h>

#include "tests/unit/dissectors/dissector_test_util.h"
#include "tests/unit/dissectors/stp_messages.h"

namespace dissect::stp {
namespace {

using test::Bytes;
using test::view;
namespace msgs = test::stp_messages;

TEST(StpParse, ConfigurationBpdu) {
    const auto b = parse(view(msgs::kConfigBpdu));
    ASSERT_TRUE(b) << b.error().what;
    EXPECT_EQ(b->version, kStp);
    EXPECT_EQ(b->type, kConfig);
    EXPECT_EQ(b->flags, 0);
    EXPECT_EQ(b->root.priority, 0x8001);
    EXPECT_EQ(b->root.bridge_priority(), 32768);
    EXPECT_EQ(b->root.system_id_ext(), 1);
    EXPECT_EQ(to_string(b->root.mac), "00:19:06:ea:b8:80");
    EXPECT_EQ(b->root_path_cost, 0u);
    EXPECT_EQ(b->bridge, b->root);
    EXPECT_EQ(b->port_id, 0x8005);
    EXPECT_EQ(b->max_age, 20 * 256);
    EXPECT_EQ(b->hello_time, 2 * 256);
    EXPECT_EQ(b->forward_delay, 15 * 256);
    EXPECT_FALSE(b->version1_length);
}

TEST(StpParse, RstBpdu) {
    const auto b = parse(view(msgs::kRstBpdu));
    ASSERT_TRUE(b) << b.error().what;
    EXPECT_EQ(b->version, kRstp);
    EXPECT_EQ(b->type, kRst);
    EXPECT_EQ(b->flags, 0x0e);
    EXPECT_EQ(b->port_id, 0x800c);
    EXPECT_EQ(b->version1_length, 0);
    EXPECT_FALSE(b->version3_length);
}

TEST(StpParse, TopologyChangeNotification) {
    const auto b = parse(view(msgs::kTcnBpdu));
    ASSERT_TRUE(b) << b.error().what;
    EXPECT_EQ(b->type, kTcn);
    EXPECT_TRUE(b->root.mac.is_zero());
}

TEST(StpParse, MstBpdu) {
    const auto b = parse(view(msgs::kMstBpdu));
    ASSERT_TRUE(b) << b.error().what;
    EXPECT_EQ(b->version, kMstp);
    EXPECT_EQ(b->root.bridge_priority(), 4096);
    EXPECT_EQ(to_string(b->root.mac), "00:00:5e:00:53:0a");
    EXPECT_EQ(b->root_path_cost, 20000u);
    EXPECT_EQ(b->version3_length, 80);
    EXPECT_EQ(b->mst_config_name.size(), kMstNameBytes);
    EXPECT_EQ(b->mst_config_name.as_chars().substr(0, 13), "campus-region");
    EXPECT_EQ(b->mst_revision, 7);
    EXPECT_EQ(b->mst_digest.size(), kMstDigestBytes);
    EXPECT_EQ(to_string(b->cist_bridge.mac), "00:00:5e:00:53:14");
    EXPECT_EQ(b->cist_remaining_hops, 20);
    EXPECT_EQ(b->msti_count, 1);
    EXPECT_TRUE(test::within(view(msgs::kMstBpdu), b->mst_digest));
}

TEST(StpParse, ShortVersion3BpduIsAnRstBpdu) {
    // 802.1Q §14.4: too short for the MST fields, so it is decoded as RST.
    const auto b = parse(view(msgs::kMstBpdu).prefix(kRstBytes + 10));
    ASSERT_TRUE(b);
    EXPECT_EQ(b->version, kMstp);
    EXPECT_EQ(b->version1_length, 0);
    EXPECT_FALSE(b->version3_length);
    EXPECT_EQ(b->msti_count, 0);
}

TEST(StpParse, MstiCountIsBoundedByBytesAndVersion3Length) {
    auto v = test::cat(msgs::kMstBpdu);
    v[kRstBytes] = 0x01;  // version 3 length 0x0150 = 64 + 17 MSTIs, only one present
    EXPECT_EQ(parse(view(v))->msti_count, 1);
    v = test::cat(msgs::kMstBpdu, Bytes(16 * 3, 0));
    EXPECT_EQ(parse(view(v))->msti_count, 1);  // three more records present but not announced
    v[kRstBytes + 1] = 0x00;  // version 3 length 0: no MSTIs
    EXPECT_EQ(parse(view(v))->msti_count, 0);
}

TEST(StpParse, PaddingAfterTheBpduIsIgnored) {
    const auto v = test::cat(msgs::kTcnBpdu, Bytes(39, 0));  // padded to the Ethernet minimum
    const auto b = parse(view(v));
    ASSERT_TRUE(b);
    EXPECT_EQ(b->type, kTcn);
}

TEST(StpParse, NonZeroProtocolIdIsMalformed) {
    auto v = test::cat(msgs::kConfigBpdu);
    v[1] = 0x01;
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
}

TEST(StpParse, UnknownTypeIsUnsupported) {
    auto v = test::cat(msgs::kConfigBpdu);
    v[3] = 0x01;
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Unsupported);
    EXPECT_EQ(r.error().offset, 3u);
}

TEST(StpParse, ShortBpduIsTruncated) {
    const auto r = parse(view(msgs::kRstBpdu).prefix(kConfigBytes));  // RST needs 36
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Truncated);
    EXPECT_EQ(r.error().offset, kConfigBytes);
}

TEST(StpParse, EveryPrefixIsTruncatedOrClean) {
    for (const auto& [name, bytes] : msgs::kNamedStpMessages) {
        SCOPED_TRACE(name);
        test::expect_prefixes_truncated_or_ok(bytes, parse);
    }
}

}  // namespace
}  // namespace dissect::stp
