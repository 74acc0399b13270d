// GTP-U (dissectors/gtpu).
#include "dissectors/gtpu/gtpu.h"

#include <gtest/gtest.h>

#include "tests/unit/dissectors/dissector_test_util.h"

namespace dissect::gtpu {
namespace {

using test::view;

constexpr std::uint8_t kGpdu[] = {
    0x30,                    // version 1, PT 1
    0xff,                    // G-PDU
    0x00, 0x04,              // length 4
    0x12, 0x34, 0x56, 0x78,  // TEID
    0x45, 0x00, 0x00, 0x14,  // T-PDU (first bytes of an IPv4 header)
};

constexpr std::uint8_t kGpduTwoExtensions[] = {
    0x36,                    // version 1, PT 1, E, S
    0xff,                    // G-PDU
    0x00, 0x12,              // length 18 = optional 4 + extensions 4 + 8 + T-PDU 2
    0x00, 0x00, 0x00, 0x01,  // TEID 1
    0x00, 0x07,              // sequence number 7
    0x00,                    // N-PDU number
    0x85,                    // next: PDU Session Container
    0x01, 0x10, 0x09, 0x40,  // length 1; content; next: UDP port (0x40)
    0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00,  // length 2; content; no more
    0x60, 0x00,              // T-PDU
};

TEST(GtpuParse, GpduFields) {
    const auto h = parse(view(kGpdu));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->message_type, kTypeGpdu);
    EXPECT_EQ(h->teid, 0x12345678u);
    EXPECT_EQ(h->length, 4);
    ASSERT_EQ(h->payload.size(), 4u);
    EXPECT_EQ(h->payload[0], 0x45);
}

TEST(GtpuParse, ExtensionHeadersAreSkipped) {
    const auto h = parse(view(kGpduTwoExtensions));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->extensions, 2);
    ASSERT_EQ(h->payload.size(), 2u);
    EXPECT_EQ(h->payload[0], 0x60);
}

TEST(GtpuParse, NextTypeIgnoredWithoutEFlag) {
    auto v = test::cat(kGpduTwoExtensions);
    v[0] = 0x32;  // S only: the next-type octet is present but not meaningful
    v[3] = 0x04;  // length: optional fields only
    const auto h = parse(view(v));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->extensions, 0);
    EXPECT_EQ(h->payload.size(), 0u);
}

TEST(GtpuParse, SignallingMessagesHaveNoPayload) {
    auto v = test::cat(kGpdu);
    v[1] = 0x01;  // Echo Request
    const auto h = parse(view(v));
    ASSERT_TRUE(h);
    EXPECT_TRUE(h->payload.empty());
}

TEST(GtpuParse, ShortCaptureKeepsWhatWasCaptured) {
    const auto h = parse(view(kGpdu).prefix(10));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->payload.size(), 2u);
}

TEST(GtpuParse, LengthFieldShorterThanTheCapturedTpduBoundsIt) {
    auto v = test::cat(kGpdu);
    v[3] = 0x02;
    const auto h = parse(view(v));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->payload.size(), 2u);
}

TEST(GtpuParse, VersionZeroAndGtpPrimeAreMalformed) {
    for (std::uint8_t flags : {std::uint8_t{0x10}, std::uint8_t{0x20}, std::uint8_t{0x50}}) {
        auto v = test::cat(kGpdu);
        v[0] = flags;
        const auto r = parse(view(v));
        ASSERT_FALSE(r) << int{flags};
        EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
        EXPECT_STREQ(r.error().what, kErrBadVersion);
    }
}

TEST(GtpuParse, ZeroLengthExtensionIsMalformed) {
    auto v = test::cat(kGpduTwoExtensions);
    v[12] = 0x00;
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_STREQ(r.error().what, kErrBadExtension);
}

TEST(GtpuParse, LengthFieldThatCannotCoverTheExtensionsIsMalformed) {
    auto v = test::cat(kGpduTwoExtensions);
    v[3] = 0x08;  // covers the optional fields and one extension, not two
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_STREQ(r.error().what, kErrBadExtension);
}

TEST(GtpuParse, ExtensionChainIsCapped) {
    std::vector<std::uint8_t> v = {0x34, 0xff, 0x00, 0x00, 0, 0, 0, 1, 0, 0, 0, 0x40};
    for (std::size_t i = 0; i <= kMaxExtensionHeaders; ++i) v.insert(v.end(), {0x01, 0x00, 0x00, 0x40});
    v[3] = static_cast<std::uint8_t>(v.size() - kHeaderLen);
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_STREQ(r.error().what, kErrBadExtension);
}

TEST(GtpuParse, EveryPrefixIsTruncatedOrClean) {
    test::expect_prefixes_truncated_or_ok(kGpdu, parse);
    test::expect_prefixes_truncated_or_ok(kGpduTwoExtensions, parse);
}

}  // namespace
}  // namespace dissect::gtpu
