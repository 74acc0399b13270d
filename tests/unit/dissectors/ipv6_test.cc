// IPv6 header and extension chain (dissectors/ipv6).
#include "dissectors/ipv6/ipv6.h"

#include <gtest/gtest.h>

#include "tests/unit/dissectors/dissector_test_util.h"

namespace dissect::ipv6 {
namespace {

using test::view;

// Fixed header with a given payload length and first next header.
test::Bytes fixed(std::uint16_t payload_length, std::uint8_t next_header) {
    return {
        0x6a, 0x81, 0x23, 0x45,                          // version 6, traffic class 0xa8, flow 0x12345
        static_cast<std::uint8_t>(payload_length >> 8),  // payload length
        static_cast<std::uint8_t>(payload_length),       //
        next_header,                                     // next header
        0x40,                                            // hop limit 64
        0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,  // src 2001:db8::1
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,  //
        0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,  // dst 2001:db8::2
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,  //
    };
}

constexpr std::uint8_t kUdp[] = {
    0x00, 0x35, 0x00, 0x35,  // UDP ports
    0x00, 0x08, 0x00, 0x00,  // UDP length 8, checksum
};
constexpr std::uint8_t kHopByHopToRouting[] = {
    0x2b,                                // next header Routing
    0x00,                                // length 0: 8 bytes
    0x01, 0x04, 0x00, 0x00, 0x00, 0x00,  // PadN
};
constexpr std::uint8_t kRoutingToFragment[] = {
    0x2c,                                            // next header Fragment
    0x02,                                            // length 2: 24 bytes
    0x04,                                            // routing type 4 (SRH)
    0x00,                                            // segments left
    0x00, 0x00, 0x00, 0x00,                          // last entry, flags, tag
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,  // segment 2001:db8::9
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09,  //
};
constexpr std::uint8_t kFirstFragmentToAh[] = {
    0x33,                    // next header AH
    0x00,                    // reserved
    0x00, 0x01,              // offset 0, M 1
    0x00, 0x00, 0x12, 0x34,  // identification
};
constexpr std::uint8_t kAhToDestOpts[] = {
    0x3c,                    // next header Destination Options
    0x04,                    // length 4: (4 + 2) * 4 = 24 bytes
    0x00, 0x00,              // reserved
    0x00, 0x00, 0x01, 0x00,  // SPI
    0x00, 0x00, 0x00, 0x01,  // sequence
    0x00, 0x00, 0x00, 0x00,  // ICV (12)
    0x00, 0x00, 0x00, 0x00,  //
    0x00, 0x00, 0x00, 0x00,  //
};
constexpr std::uint8_t kDestOptsToUdp[] = {
    0x11,                                // next header UDP
    0x00,                                // length 0: 8 bytes
    0x01, 0x04, 0x00, 0x00, 0x00, 0x00,  // PadN
};
constexpr std::uint8_t kDestOptsToDestOpts[] = {
    0x3c,                                // next header Destination Options
    0x00,                                // length 0: 8 bytes
    0x01, 0x04, 0x00, 0x00, 0x00, 0x00,  // PadN
};

// HBH(8) Routing(24) Fragment(8) AH(24) DestOpts(8) UDP(8) = 80 bytes of payload.
test::Bytes long_chain() {
    return test::cat(fixed(80, kNhHopByHop), kHopByHopToRouting, kRoutingToFragment, kFirstFragmentToAh,
                     kAhToDestOpts, kDestOptsToUdp, kUdp);
}

TEST(Ipv6Parse, FixedFields) {
    const auto v = test::cat(fixed(8, 17), kUdp);
    const auto h = parse(view(v));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->traffic_class, 0xa8);
    EXPECT_EQ(h->flow_label, 0x12345u);
    EXPECT_EQ(h->payload_length, 8);
    EXPECT_EQ(h->hop_limit, 64);
    EXPECT_EQ(to_string(h->src), "2001:db8::1");
    EXPECT_EQ(to_string(h->dst), "2001:db8::2");
    EXPECT_EQ(h->protocol, 17);
    EXPECT_EQ(h->ext_count, 0);
    EXPECT_FALSE(h->fragment);
    EXPECT_EQ(h->payload.size(), 8u);
    EXPECT_EQ(h->packet.size(), 48u);
    EXPECT_FALSE(h->truncated);
}

TEST(Ipv6Parse, WalksEveryExtensionHeaderKind) {
    const auto v = long_chain();
    const auto h = parse(view(v));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->ext_count, 5);
    EXPECT_EQ(h->protocol, 17);
    EXPECT_TRUE(h->fragment);
    EXPECT_TRUE(h->frag_more);
    EXPECT_EQ(h->frag_offset, 0);
    EXPECT_EQ(h->frag_id, 0x1234u);
    EXPECT_EQ(h->ext_headers.size(), 72u);
    ASSERT_EQ(h->payload.size(), 8u);
    EXPECT_EQ(h->payload[0], 0x00);  // UDP src port high byte
}

TEST(Ipv6Parse, LaterFragmentStopsTheChain) {
    constexpr std::uint8_t kLaterFragment[] = {
        0x06,        // next header TCP (in the first fragment)
        0x00,        // reserved
        0x00, 0xb8,  // offset 23 (184 bytes), M 0
        0x00, 0x00, 0x00, 0x01,  // identification
    };
    constexpr std::uint8_t kData[] = {0x3c, 0x00, 0x01, 0x04};  // looks like an ext header: must not be read as one
    const auto v = test::cat(fixed(12, kNhFragment), kLaterFragment, kData);
    const auto h = parse(view(v));
    ASSERT_TRUE(h);
    EXPECT_TRUE(h->fragment);
    EXPECT_EQ(h->frag_offset, 23);
    EXPECT_FALSE(h->frag_more);
    EXPECT_EQ(h->protocol, 6);
    EXPECT_EQ(h->ext_count, 1);
    EXPECT_EQ(h->payload.size(), 4u);
}

TEST(Ipv6Parse, EspAndNoNextHeaderEndTheChain) {
    const auto esp = test::cat(fixed(8, kNhEsp), kUdp);
    EXPECT_EQ(parse(view(esp))->protocol, kNhEsp);
    const auto none = test::cat(fixed(0, kNhNoNext));
    const auto h = parse(view(none));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->protocol, kNhNoNext);
    EXPECT_TRUE(h->payload.empty());
}

TEST(Ipv6Parse, PayloadLengthDropsTrailingBytes) {
    const auto v = test::cat(fixed(8, 17), kUdp, kUdp);  // 8 bytes past the payload length
    const auto h = parse(view(v));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->packet.size(), 48u);
    EXPECT_EQ(h->payload.size(), 8u);
}

TEST(Ipv6Parse, PayloadLengthPastCaptureIsClampedNotAnError) {
    const auto v = test::cat(fixed(1000, 17), kUdp);
    const auto h = parse(view(v));
    ASSERT_TRUE(h);
    EXPECT_TRUE(h->truncated);
    EXPECT_EQ(h->payload.size(), 8u);
}

TEST(Ipv6Parse, ExtHeaderPastPayloadLengthIsMalformed) {
    auto v = test::cat(fixed(16, kNhDestOpts), kDestOptsToUdp, kUdp);
    v[41] = 0x02;  // Destination Options claims 24 bytes: past the 16-byte payload, all of it captured
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
    EXPECT_STREQ(r.error().what, kErrBadExtHeaderLength);
}

TEST(Ipv6Parse, ExtHeaderPastCaptureIsTruncated) {
    auto v = test::cat(fixed(200, kNhDestOpts), kDestOptsToUdp, kUdp);
    v[41] = 0x04;  // 40 bytes; the payload length covers it but the capture ends first
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Truncated);
    EXPECT_STREQ(r.error().what, kErrTruncated);
}

TEST(Ipv6Parse, ExtHeadersUpToTheCapAreWalked) {
    test::Bytes v = fixed(8 * kMaxExtHeaders + 8, kNhDestOpts);
    for (int i = 0; i < kMaxExtHeaders - 1; ++i) v = test::cat(v, kDestOptsToDestOpts);
    v = test::cat(v, kDestOptsToUdp, kUdp);
    const auto h = parse(view(v));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->ext_count, kMaxExtHeaders);
    EXPECT_EQ(h->protocol, 17);
}

TEST(Ipv6Parse, ExtHeadersOverTheCapAreLimitExceeded) {
    test::Bytes v = fixed(8 * (kMaxExtHeaders + 1) + 8, kNhDestOpts);
    for (int i = 0; i < kMaxExtHeaders; ++i) v = test::cat(v, kDestOptsToDestOpts);
    v = test::cat(v, kDestOptsToUdp, kUdp);
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::LimitExceeded);
    EXPECT_STREQ(r.error().what, kErrExtHeaderLimit);
}

TEST(Ipv6Parse, JumbogramRunsToCaptureEnd) {
    const auto v = test::cat(fixed(0, kNhHopByHop), kDestOptsToUdp, kUdp);  // HBH then UDP
    const auto h = parse(view(v));
    ASSERT_TRUE(h);
    EXPECT_TRUE(h->jumbo);
    EXPECT_EQ(h->protocol, 17);
    EXPECT_EQ(h->payload.size(), 8u);
}

TEST(Ipv6Parse, WrongVersionIsBadVersion) {
    auto v = test::cat(fixed(8, 17), kUdp);
    v[0] = 0x45;
    auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_STREQ(r.error().what, kErrBadVersion);
    r = parse(view(v).prefix(10));  // even when short
    ASSERT_FALSE(r);
    EXPECT_STREQ(r.error().what, kErrBadVersion);
}

TEST(Ipv6Parse, EveryPrefixIsTruncatedOrClean) {
    test::expect_prefixes_truncated_or_ok(long_chain(), parse);
    test::expect_prefixes_truncated_or_ok(test::cat(fixed(8, 17), kUdp), parse);
}

}  // namespace
}  // namespace dissect::ipv6
