// ERSPAN type II / III headers (dissectors/erspan).
#include "dissectors/erspan/erspan.h"

#include <gtest/gtest.h>

#include "tests/unit/dissectors/dissector_test_util.h"

namespace dissect::erspan {
namespace {

using test::view;

constexpr std::uint8_t kType2[] = {
    0x10, 0x64,              // version 1, VLAN 100
    0xfd, 0x2a,              // COS 7, En 3, T 1, session id 298
    0x00, 0x0a, 0xbc, 0xde,  // reserved, index 0xabcde
    0x02, 0x00,              // mirrored frame starts
};

constexpr std::uint8_t kType3WithPlatform[] = {
    0x20, 0x0a,                                      // version 2, VLAN 10
    0x44, 0x03,                                      // COS 2, BSO 0, T 1, session id 3
    0x12, 0x34, 0x56, 0x78,                          // timestamp
    0x00, 0x2a,                                      // SGT 42
    0x88, 0x3d,                                      // P 1, FT 2 (IP), HW id 3, D 1, Gra 2, O 1
    0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07,  // platform id 3, info 7
    0x45, 0x00,                                      // mirrored IP packet starts
};

TEST(ErspanParse, Type2Fields) {
    const auto h = parse(view(kType2));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->version, kVersionType2);
    EXPECT_EQ(h->vlan, 100);
    EXPECT_EQ(h->cos, 7);
    EXPECT_EQ(h->encap, 3);
    EXPECT_TRUE(h->truncated);
    EXPECT_EQ(h->session_id, 298);
    EXPECT_EQ(h->index, 0xabcdeu);
    EXPECT_FALSE(h->inner_is_ip);
    EXPECT_EQ(h->payload.size(), 2u);
}

TEST(ErspanParse, Type3FieldsWithPlatformSubheader) {
    const auto h = parse(view(kType3WithPlatform));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->version, kVersionType3);
    EXPECT_EQ(h->vlan, 10);
    EXPECT_EQ(h->cos, 2);
    EXPECT_TRUE(h->truncated);
    EXPECT_EQ(h->session_id, 3);
    EXPECT_EQ(h->timestamp, 0x12345678u);
    EXPECT_EQ(h->sgt, 42);
    EXPECT_TRUE(h->p);
    EXPECT_EQ(h->frame_type, kFrameTypeIp);
    EXPECT_EQ(h->hw_id, 3);
    EXPECT_TRUE(h->egress);
    EXPECT_EQ(h->granularity, 2);
    EXPECT_TRUE(h->has_platform);
    EXPECT_EQ(h->platform_id, 3);
    EXPECT_EQ(h->platform_info, 7u);
    EXPECT_TRUE(h->inner_is_ip);
    ASSERT_EQ(h->payload.size(), 2u);
    EXPECT_EQ(h->payload[0], 0x45);
}

TEST(ErspanParse, Type3WithoutPlatformSubheader) {
    auto v = test::cat(kType3WithPlatform);
    v[10] = 0x80;  // P 1, FT 0 (Ethernet), HW id 0
    v[11] = 0x08;  // D 1, Gra 0, O 0
    const auto h = parse(view(v));
    ASSERT_TRUE(h);
    EXPECT_FALSE(h->has_platform);
    EXPECT_FALSE(h->inner_is_ip);
    EXPECT_EQ(h->payload.size(), 10u);  // the 8 subheader bytes now belong to the frame
}

TEST(ErspanParse, PlatformSubheaderCutIsTruncated) {
    const auto r = parse(view(kType3WithPlatform).prefix(15));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Truncated);
    EXPECT_STREQ(r.error().what, kErrTruncated);
}

TEST(ErspanParse, UnknownVersionIsUnsupported) {
    auto v = test::cat(kType2);
    v[0] = 0x30;
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Unsupported);
    EXPECT_STREQ(r.error().what, kErrUnsupportedVersion);
}

TEST(ErspanParse, EveryPrefixIsTruncatedOrClean) {
    test::expect_prefixes_truncated_or_ok(kType2, parse);
    test::expect_prefixes_truncated_or_ok(kType3WithPlatform, parse);
}

}  // namespace
}  // namespace dissect::erspan
