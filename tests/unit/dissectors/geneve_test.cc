// Geneve (dissectors/geneve).
#include "dissectors/geneve/geneve.h"

#include <gtest/gtest.h>

#include "dissectors/eth/eth.h"
#include "tests/unit/dissectors/dissector_test_util.h"

namespace dissect::geneve {
namespace {

using test::view;

constexpr std::uint8_t kWithOptions[] = {
    0x03,                    // version 0, option length 3 (12 bytes)
    0xc0,                    // O 1, C 1
    0x65, 0x58,              // protocol type: Ethernet
    0x12, 0x34, 0x56,        // VNI 0x123456
    0x00,                    // reserved
    0x01, 0x02, 0x80, 0x02,  // option class 0x0102, type 0x80 (critical), length 2
    0x00, 0x00, 0x00, 0x01,  // option data (8)
    0x00, 0x00, 0x00, 0x02,  //
    0x02, 0x00,              // inner Ethernet starts
};

TEST(GeneveParse, FieldsAndOptions) {
    const auto h = parse(view(kWithOptions));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->version, 0);
    EXPECT_TRUE(h->oam);
    EXPECT_TRUE(h->critical);
    EXPECT_EQ(h->protocol, eth::kTypeTeb);
    EXPECT_EQ(h->vni, 0x123456u);
    EXPECT_EQ(h->options.size(), 12u);
    ASSERT_EQ(h->payload.size(), 2u);
    EXPECT_EQ(h->payload[0], 0x02);
}

TEST(GeneveParse, OptionLengthPastEndIsTruncated) {
    auto v = test::cat(kWithOptions);
    v[0] = 0x3f;  // 252 bytes of options
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Truncated);
    EXPECT_STREQ(r.error().what, kErrTruncated);
}

TEST(GeneveParse, UnknownVersionIsUnsupported) {
    auto v = test::cat(kWithOptions);
    v[0] = 0x43;  // version 1
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Unsupported);
    EXPECT_STREQ(r.error().what, kErrUnsupportedVersion);
}

TEST(GeneveParse, EveryPrefixIsTruncatedOrClean) { test::expect_prefixes_truncated_or_ok(kWithOptions, parse); }

}  // namespace
}  // namespace dissect::geneve
