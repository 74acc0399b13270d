// IEEE 802.1Q / 802.1ad tag (dissectors/vlan).
#include "dissectors/vlan/vlan.h"

#include <gtest/gtest.h>

#include "tests/unit/dissectors/dissector_test_util.h"

namespace dissect::vlan {
namespace {

using test::view;

constexpr std::uint8_t kTag[] = {
    0xb0, 0x64,  // PCP 5, DEI 1, VID 100
    0x08, 0x00,  // next: IPv4
    0x45, 0x00,  // payload
};

constexpr std::uint8_t kTagThenLength[] = {
    0x00, 0x0a,        // PCP 0, DEI 0, VID 10
    0x00, 0x03,        // 802.3 length 3
    0x42, 0x42, 0x03,  // LLC (STP)
    0x00, 0x00,        // padding
};

TEST(VlanParse, TagFields) {
    const auto h = parse(view(kTag));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->pcp, 5);
    EXPECT_TRUE(h->dei);
    EXPECT_EQ(h->vid, 100);
    EXPECT_EQ(h->inner_type, eth::kTypeIpv4);
    EXPECT_FALSE(h->is_8023);
    EXPECT_EQ(h->payload.size(), 2u);
}

TEST(VlanParse, LengthAfterTagClampsPayload) {
    const auto h = parse(view(kTagThenLength));
    ASSERT_TRUE(h);
    EXPECT_TRUE(h->is_8023);
    EXPECT_FALSE(h->truncated);
    EXPECT_EQ(h->vid, 10);
    EXPECT_EQ(h->payload.size(), 3u);
}

TEST(VlanParse, LengthAfterTagPastCaptureIsFlagged) {
    const auto h = parse(view(kTagThenLength).prefix(6));
    ASSERT_TRUE(h);
    EXPECT_TRUE(h->truncated);
    EXPECT_EQ(h->payload.size(), 2u);
}

TEST(VlanParse, KnowsTheThreeTpids) {
    EXPECT_TRUE(is_tpid(0x8100));
    EXPECT_TRUE(is_tpid(0x88a8));
    EXPECT_TRUE(is_tpid(0x9100));
    EXPECT_FALSE(is_tpid(0x0800));
    EXPECT_FALSE(is_tpid(0x9200));
}

TEST(VlanParse, EveryPrefixIsTruncatedOrClean) {
    test::expect_prefixes_truncated_or_ok(kTag, parse);
    test::expect_prefixes_truncated_or_ok(kTagThenLength, parse);
    const auto r = parse(view(kTag).prefix(3));
    ASSERT_FALSE(r);
    EXPECT_STREQ(r.error().what, kErrTruncated);
}

}  // namespace
}  // namespace dissect::vlan
