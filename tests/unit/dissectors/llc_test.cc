// IEEE 802.2 LLC + SNAP (dissectors/llc).
#include "dissectors/llc/llc.h"

#include <gtest/gtest.h>

#include "tests/unit/dissectors/dissector_test_util.h"

namespace dissect::llc {
namespace {

using test::view;

constexpr std::uint8_t kSnapCdp[] = {
    0xaa,              // DSAP SNAP
    0xaa,              // SSAP SNAP
    0x03,              // control UI
    0x00, 0x00, 0x0c,  // OUI Cisco
    0x20, 0x00,        // PID CDP
    0x02, 0xb4,        // body
};

constexpr std::uint8_t kStp[] = {
    0x42,        // DSAP STP
    0x42,        // SSAP STP
    0x03,        // control UI
    0x00, 0x00,  // body: protocol id
};

constexpr std::uint8_t kIFormat[] = {
    0xf0,        // DSAP NetBIOS
    0xf0,        // SSAP NetBIOS
    0x00, 0x02,  // control: I format, 2 bytes
    0xff,        // body
};

TEST(LlcParse, SnapFields) {
    const auto h = parse(view(kSnapCdp));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->dsap, 0xaa);
    EXPECT_EQ(h->ssap, 0xaa);
    EXPECT_EQ(h->control, kControlUi);
    EXPECT_TRUE(h->snap);
    EXPECT_EQ(h->oui, kOuiCisco);
    EXPECT_EQ(h->pid, 0x2000);
    EXPECT_EQ(h->payload.size(), 2u);
}

TEST(LlcParse, SnapResponseBitStillSnap) {
    auto pdu = test::cat(kSnapCdp);
    pdu[1] = 0xab;  // SSAP with the C/R bit set
    const auto h = parse(view(pdu));
    ASSERT_TRUE(h);
    EXPECT_TRUE(h->snap);
}

TEST(LlcParse, PlainLlcHasNoSnap) {
    const auto h = parse(view(kStp));
    ASSERT_TRUE(h);
    EXPECT_FALSE(h->snap);
    EXPECT_EQ(h->dsap, 0x42);
    EXPECT_EQ(h->payload.size(), 2u);
}

TEST(LlcParse, IFormatControlIsTwoBytes) {
    const auto h = parse(view(kIFormat));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->control, 0x0002);
    EXPECT_EQ(h->payload.size(), 1u);
}

TEST(LlcParse, SnapHeaderCutIsTruncated) {
    const auto r = parse(view(kSnapCdp).prefix(6));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Truncated);
    EXPECT_STREQ(r.error().what, kErrTruncated);
}

TEST(LlcParse, EveryPrefixIsTruncatedOrClean) {
    test::expect_prefixes_truncated_or_ok(kSnapCdp, parse);
    test::expect_prefixes_truncated_or_ok(kStp, parse);
    test::expect_prefixes_truncated_or_ok(kIFormat, parse);
}

}  // namespace
}  // namespace dissect::llc
