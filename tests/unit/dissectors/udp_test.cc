// UDP header (dissectors/udp).
#include "dissectors/udp/udp.h"

#include <gtest/gtest.h>

#include "tests/unit/dissectors/dissector_test_util.h"

namespace dissect::udp {
namespace {

using test::view;

constexpr std::uint8_t kDnsQuery[] = {
    0xd4, 0x31,              // src port 54321
    0x00, 0x35,              // dst port 53
    0x00, 0x0c,              // length 12
    0xbe, 0xef,              // checksum
    0x12, 0x34, 0x01, 0x00,  // payload: DNS id, flags
};

TEST(UdpParse, Fields) {
    const auto h = parse(view(kDnsQuery));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->sport, 54321);
    EXPECT_EQ(h->dport, 53);
    EXPECT_EQ(h->length, 12);
    EXPECT_EQ(h->checksum, 0xbeef);
    EXPECT_FALSE(h->truncated);
    ASSERT_EQ(h->payload.size(), 4u);
    EXPECT_EQ(h->payload.data(), kDnsQuery + kHeaderLen);
}

TEST(UdpParse, LengthShorterThanViewClampsPayload) {
    auto v = test::cat(kDnsQuery);
    v[5] = 0x0a;  // length 10
    const auto h = parse(view(v));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->payload.size(), 2u);
}

TEST(UdpParse, LengthPastViewIsClampedAndFlagged) {
    auto v = test::cat(kDnsQuery);
    v[5] = 0x40;  // length 64
    const auto h = parse(view(v));
    ASSERT_TRUE(h);
    EXPECT_TRUE(h->truncated);
    EXPECT_EQ(h->payload.size(), 4u);
}

TEST(UdpParse, ZeroLengthIsJumbogram) {
    auto v = test::cat(kDnsQuery);
    v[5] = 0x00;
    const auto h = parse(view(v));
    ASSERT_TRUE(h);
    EXPECT_FALSE(h->truncated);
    EXPECT_EQ(h->payload.size(), 4u);
}

TEST(UdpParse, LengthBelowHeaderIsBadLength) {
    auto v = test::cat(kDnsQuery);
    for (std::uint8_t len = 1; len < kHeaderLen; ++len) {
        v[5] = len;
        const auto r = parse(view(v));
        ASSERT_FALSE(r) << int{len};
        EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
        EXPECT_STREQ(r.error().what, kErrBadLength);
    }
}

TEST(UdpParse, EveryPrefixIsTruncatedOrClean) { test::expect_prefixes_truncated_or_ok(kDnsQuery, parse); }

}  // namespace
}  // namespace dissect::udp
