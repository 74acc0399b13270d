// ICMPv6 (dissectors/icmpv6).
#include "dissectors/icmpv6/icmpv6.h"

#include <gtest/gtest.h>

#include "tests/unit/dissectors/dissector_test_util.h"

namespace dissect::icmpv6 {
namespace {

using test::view;

constexpr std::uint8_t kRsMessage[] = {
    0x85,                                // type router solicitation
    0x00,                                // code 0
    0x12, 0x34,                          // checksum
    0x00, 0x00, 0x00, 0x00,              // reserved
    0x01, 0x01,                          // option source link-layer address, length 1
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,  //   MAC
};

TEST(Icmpv6Parse, Fields) {
    const auto h = parse(view(kRsMessage));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->type, kRouterSolicitation);
    EXPECT_EQ(h->code, 0);
    EXPECT_EQ(h->checksum, 0x1234);
    EXPECT_EQ(h->payload.size(), 12u);
}

TEST(Icmpv6Parse, EveryPrefixIsTruncatedOrClean) {
    test::expect_prefixes_truncated_or_ok(kRsMessage, parse);
    const auto r = parse(view(kRsMessage).prefix(2));
    ASSERT_FALSE(r);
    EXPECT_STREQ(r.error().what, kErrTruncated);
}

}  // namespace
}  // namespace dissect::icmpv6
