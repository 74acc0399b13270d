// Ethernet II / 802.3 MAC header (dissectors/eth).
#include "dissectors/eth/eth.h"

#include <gtest/gtest.h>

#include "tests/unit/dissectors/dissector_test_util.h"

namespace dissect::eth {
namespace {

using test::view;

constexpr std::uint8_t kEthernetII[] = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0x02,  // dst MAC
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,  // src MAC
    0x08, 0x00,                          // EtherType IPv4
    0x45, 0x00,                          // payload
};

constexpr std::uint8_t k8023Padded[] = {
    0x01, 0x80, 0xc2, 0x00, 0x00, 0x00,  // dst MAC (STP)
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,  // src MAC
    0x00, 0x04,                          // 802.3 length 4
    0x42, 0x42, 0x03, 0x00,              // LLC + 1 byte
    0x00, 0x00, 0x00, 0x00,              // padding
};

TEST(EthParse, EthernetIIFields) {
    const auto h = parse(view(kEthernetII));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->dst, (MacAddr{{0x02, 0, 0, 0, 0, 0x02}}));
    EXPECT_EQ(h->src, (MacAddr{{0x02, 0, 0, 0, 0, 0x01}}));
    EXPECT_EQ(h->type_or_length, kTypeIpv4);
    EXPECT_FALSE(h->is_8023);
    EXPECT_FALSE(h->truncated);
    ASSERT_EQ(h->payload.size(), 2u);
    EXPECT_EQ(h->payload.data(), kEthernetII + kHeaderLen);
}

TEST(EthParse, Ieee8023LengthDropsPadding) {
    const auto h = parse(view(k8023Padded));
    ASSERT_TRUE(h);
    EXPECT_TRUE(h->is_8023);
    EXPECT_EQ(h->type_or_length, 4);
    EXPECT_EQ(h->payload.size(), 4u);
    EXPECT_FALSE(h->truncated);
}

TEST(EthParse, Ieee8023LengthPastCaptureIsClampedNotAnError) {
    auto frame = test::cat(k8023Padded);
    frame[13] = 0x40;  // length 64, only 8 bytes captured
    const auto h = parse(view(frame));
    ASSERT_TRUE(h);
    EXPECT_TRUE(h->is_8023);
    EXPECT_TRUE(h->truncated);
    EXPECT_EQ(h->payload.size(), 8u);
}

TEST(EthParse, TypeLengthBoundaries) {
    auto frame = test::cat(kEthernetII);
    frame[12] = 0x05;
    frame[13] = 0xdc;  // 1500: the largest length
    EXPECT_TRUE(parse(view(frame))->is_8023);
    frame[13] = 0xdd;  // 1501: undefined, passed on as a type
    EXPECT_FALSE(parse(view(frame))->is_8023);
    frame[12] = 0x06;
    frame[13] = 0x00;  // 0x0600: the smallest EtherType
    EXPECT_FALSE(parse(view(frame))->is_8023);
}

TEST(EthParse, HeaderOnlyHasEmptyPayload) {
    const auto h = parse(view(kEthernetII).prefix(kHeaderLen));
    ASSERT_TRUE(h);
    EXPECT_TRUE(h->payload.empty());
}

TEST(EthParse, EveryPrefixIsTruncatedOrClean) {
    test::expect_prefixes_truncated_or_ok(kEthernetII, parse);
    test::expect_prefixes_truncated_or_ok(k8023Padded, parse);
    const auto r = parse(view(kEthernetII).prefix(13));
    ASSERT_FALSE(r);
    EXPECT_STREQ(r.error().what, kErrTruncated);
}

}  // namespace
}  // namespace dissect::eth
