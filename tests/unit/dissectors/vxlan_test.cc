// VXLAN (dissectors/vxlan).
#include "dissectors/vxlan/vxlan.h"

#include <gtest/gtest.h>

#include "tests/unit/dissectors/dissector_test_util.h"

namespace dissect::vxlan {
namespace {

using test::view;

constexpr std::uint8_t kHeader[] = {
    0x08,              // flags: I
    0x00, 0x00, 0x00,  // reserved
    0xab, 0xcd, 0xef,  // VNI 0xabcdef
    0x00,              // reserved
    0x02, 0x00,        // inner Ethernet starts
};

TEST(VxlanParse, Fields) {
    const auto h = parse(view(kHeader));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->vni, 0xabcdefu);
    EXPECT_EQ(h->flags, 0x08);
    EXPECT_EQ(h->payload.size(), 2u);
}

TEST(VxlanParse, ReservedBitsAreIgnored) {
    auto v = test::cat(kHeader);
    v[0] = 0xff;
    v[7] = 0xff;
    const auto h = parse(view(v));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->vni, 0xabcdefu);
}

TEST(VxlanParse, WithoutIFlagIsMalformed) {
    auto v = test::cat(kHeader);
    v[0] = 0x00;
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
    EXPECT_STREQ(r.error().what, kErrNoVni);
}

TEST(VxlanParse, EveryPrefixIsTruncatedOrClean) { test::expect_prefixes_truncated_or_ok(kHeader, parse); }

}  // namespace
}  // namespace dissect::vxlan
