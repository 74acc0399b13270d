// MPLS label stack (dissectors/mpls).
#include "dissectors/mpls/mpls.h"

#include <gtest/gtest.h>

#include "tests/unit/dissectors/dissector_test_util.h"

namespace dissect::mpls {
namespace {

using test::view;

constexpr std::uint8_t kTwoLabelsIpv4[] = {
    0x00, 0x01, 0x00, 0x40,  // label 16, TC 0, S 0, TTL 64
    0x00, 0x06, 0x4b, 0x3f,  // label 100, TC 5, S 1, TTL 63
    0x45, 0x00,              // IPv4 header starts
};

constexpr std::uint8_t kOneLabelIpv6[] = {
    0x00, 0x00, 0x21, 0x40,  // label 2 (IPv6 explicit null), S 1, TTL 64
    0x60, 0x00,              // IPv6 header starts
};

constexpr std::uint8_t kPseudowireEthernet[] = {
    0x00, 0x3e, 0x81, 0xff,  // label 1000, S 1, TTL 255
    0x00, 0x00, 0x00, 0x07,  // PW control word, sequence 7
    0x02, 0x00, 0x00, 0x00,  // Ethernet frame starts
};

TEST(MplsParse, StackThenIpv4) {
    const auto h = parse(view(kTwoLabelsIpv4));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->label_count, 2);
    EXPECT_EQ(h->top_label, 16u);
    EXPECT_EQ(h->bottom_label, 100u);
    EXPECT_EQ(h->bottom_tc, 5);
    EXPECT_EQ(h->bottom_ttl, 63);
    EXPECT_EQ(h->next, Next::Ipv4);
    EXPECT_EQ(h->payload.size(), 2u);
}

TEST(MplsParse, GuessesIpv6) {
    const auto h = parse(view(kOneLabelIpv6));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->label_count, 1);
    EXPECT_EQ(h->bottom_label, 2u);
    EXPECT_EQ(h->next, Next::Ipv6);
}

TEST(MplsParse, ControlWordMeansEthernetPseudowire) {
    const auto h = parse(view(kPseudowireEthernet));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->next, Next::PwEthernet);
    ASSERT_EQ(h->payload.size(), 4u);
    EXPECT_EQ(h->payload[0], 0x02);  // after the control word
}

TEST(MplsParse, OtherNibbleIsUnknown) {
    auto v = test::cat(kOneLabelIpv6);
    v[4] = 0x10;  // associated channel (RFC 5586)
    const auto h = parse(view(v));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->next, Next::Unknown);
    EXPECT_EQ(h->payload.size(), 2u);
}

TEST(MplsParse, EmptyPayloadIsUnknown) {
    const auto h = parse(view(kOneLabelIpv6).prefix(kLabelLen));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->next, Next::Unknown);
    EXPECT_TRUE(h->payload.empty());
}

TEST(MplsParse, MaxLabelsWithBottomIsAccepted) {
    test::Bytes v;
    for (int i = 0; i < kMaxLabels; ++i) {
        const bool bottom = i == kMaxLabels - 1;
        v.insert(v.end(), {0x00, 0x01, static_cast<std::uint8_t>(bottom ? 0x01 : 0x00), 0x40});
    }
    v.push_back(0x45);
    const auto h = parse(view(v));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->label_count, kMaxLabels);
}

TEST(MplsParse, NoBottomOfStackWithinCapIsLimitExceeded) {
    test::Bytes v;
    for (int i = 0; i < kMaxLabels + 1; ++i) v.insert(v.end(), {0x00, 0x01, 0x00, 0x40});  // S 0 everywhere
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::LimitExceeded);
    EXPECT_STREQ(r.error().what, kErrTooManyLabels);
}

TEST(MplsParse, StackCutBeforeBottomIsTruncated) {
    const auto r = parse(view(kTwoLabelsIpv4).prefix(6));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Truncated);
    EXPECT_STREQ(r.error().what, kErrTruncated);
}

TEST(MplsParse, EveryPrefixIsTruncatedOrClean) {
    test::expect_prefixes_truncated_or_ok(kTwoLabelsIpv4, parse);
    test::expect_prefixes_truncated_or_ok(kOneLabelIpv6, parse);
    test::expect_prefixes_truncated_or_ok(kPseudowireEthernet, parse);
}

}  // namespace
}  // namespace dissect::mpls
