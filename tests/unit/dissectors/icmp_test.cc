// ICMP for IPv4 (dissectors/icmp).
#include "dissectors/icmp/icmp.h"

#include <gtest/gtest.h>

#include "tests/unit/dissectors/dissector_test_util.h"

namespace dissect::icmp {
namespace {

using test::view;

constexpr std::uint8_t kPortUnreachable[] = {
    0x03,                    // type destination unreachable
    0x03,                    // code port unreachable
    0xab, 0xcd,              // checksum
    0x00, 0x00, 0x00, 0x00,  // unused
    0x45, 0x00, 0x00, 0x1c,  // quoted IPv4 header starts
};

TEST(IcmpParse, Fields) {
    const auto h = parse(view(kPortUnreachable));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->type, kDestUnreachable);
    EXPECT_EQ(h->code, 3);
    EXPECT_EQ(h->checksum, 0xabcd);
    ASSERT_EQ(h->payload.size(), 8u);
    EXPECT_EQ(h->payload.data(), kPortUnreachable + kHeaderLen);
}

TEST(IcmpParse, HeaderOnlyIsClean) {
    const auto h = parse(view(kPortUnreachable).prefix(kHeaderLen));
    ASSERT_TRUE(h);
    EXPECT_TRUE(h->payload.empty());
}

TEST(IcmpParse, EveryPrefixIsTruncatedOrClean) {
    test::expect_prefixes_truncated_or_ok(kPortUnreachable, parse);
    const auto r = parse(view(kPortUnreachable).prefix(3));
    ASSERT_FALSE(r);
    EXPECT_STREQ(r.error().what, kErrTruncated);
}

}  // namespace
}  // namespace dissect::icmp
