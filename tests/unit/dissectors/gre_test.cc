// GRE (dissectors/gre).
#include "dissectors/gre/gre.h"

#include <gtest/gtest.h>

#include "dissectors/eth/eth.h"
#include "tests/unit/dissectors/dissector_test_util.h"

namespace dissect::gre {
namespace {

using test::view;

constexpr std::uint8_t kAllOptions[] = {
    0xb0, 0x00,              // flags C K S, version 0
    0x65, 0x58,              // protocol transparent Ethernet bridging
    0xab, 0xcd,              // checksum
    0x00, 0x00,              // reserved1
    0x00, 0x00, 0x10, 0x01,  // key 4097
    0x00, 0x00, 0x00, 0x05,  // sequence 5
    0x02, 0x00,              // payload: inner Ethernet starts
};

constexpr std::uint8_t kBare[] = {
    0x00, 0x00,  // no flags, version 0
    0x08, 0x00,  // protocol IPv4
    0x45,        // payload
};

constexpr std::uint8_t kPptp[] = {
    0x30, 0x81,              // flags K S A, version 1
    0x88, 0x0b,              // protocol PPP
    0x00, 0x10,              // key: payload length 16
    0x00, 0x07,              //      call id 7
    0x00, 0x00, 0x00, 0x09,  // sequence 9
    0x00, 0x00, 0x00, 0x08,  // acknowledgment 8
    0xff, 0x03,              // payload: PPP
};

TEST(GreParse, AllVersion0Options) {
    const auto h = parse(view(kAllOptions));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->version, kVersionGre);
    EXPECT_EQ(h->protocol, eth::kTypeTeb);
    EXPECT_TRUE(h->checksum_present);
    EXPECT_TRUE(h->key_present);
    EXPECT_TRUE(h->seq_present);
    EXPECT_FALSE(h->ack_present);
    EXPECT_EQ(h->checksum, 0xabcd);
    EXPECT_EQ(h->key, 4097u);
    EXPECT_EQ(h->seq, 5u);
    EXPECT_EQ(h->payload.size(), 2u);
}

TEST(GreParse, BareHeader) {
    const auto h = parse(view(kBare));
    ASSERT_TRUE(h);
    EXPECT_FALSE(h->checksum_present || h->key_present || h->seq_present);
    EXPECT_EQ(h->protocol, eth::kTypeIpv4);
    EXPECT_EQ(h->payload.size(), 1u);
}

TEST(GreParse, PptpEnhancedGre) {
    const auto h = parse(view(kPptp));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->version, kVersionPptp);
    EXPECT_TRUE(h->ack_present);
    EXPECT_EQ(h->key, 0x00100007u);
    EXPECT_EQ(h->seq, 9u);
    EXPECT_EQ(h->ack, 8u);
    EXPECT_EQ(h->payload.size(), 2u);
}

TEST(GreParse, AckBitIsReservedInVersion0) {
    auto v = test::cat(kBare);
    v[1] = 0x80;  // A bit, version 0: no acknowledgment field
    const auto h = parse(view(v));
    ASSERT_TRUE(h);
    EXPECT_FALSE(h->ack_present);
    EXPECT_EQ(h->payload.size(), 1u);
}

TEST(GreParse, FlagsAnnouncingFieldsPastEndAreTruncated) {
    auto v = test::cat(kBare);
    v[0] = 0xb0;  // C K S: 12 more bytes announced, 1 present
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Truncated);
    EXPECT_STREQ(r.error().what, kErrTruncated);
}

TEST(GreParse, UnknownVersionIsUnsupported) {
    auto v = test::cat(kBare);
    v[1] = 0x02;
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Unsupported);
    EXPECT_STREQ(r.error().what, kErrUnsupportedVersion);
}

TEST(GreParse, RoutingIsUnsupported) {
    auto v = test::cat(kBare);
    v[0] = 0x40;
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_STREQ(r.error().what, kErrUnsupportedRouting);
}

TEST(GreParse, EveryPrefixIsTruncatedOrClean) {
    test::expect_prefixes_truncated_or_ok(kAllOptions, parse);
    test::expect_prefixes_truncated_or_ok(kPptp, parse);
}

}  // namespace
}  // namespace dissect::gre
