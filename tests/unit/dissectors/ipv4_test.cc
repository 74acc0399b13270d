// IPv4 header (dissectors/ipv4).
#include "dissectors/ipv4/ipv4.h"

#include <gtest/gtest.h>

#include "tests/unit/dissectors/dissector_test_util.h"

namespace dissect::ipv4 {
namespace {

using test::view;

constexpr std::uint8_t kUdpPacket[] = {
    0x45,                    // version 4, IHL 5
    0xb9,                    // DSCP 46 (EF), ECN 1
    0x00, 0x1c,              // total length 28
    0x12, 0x34,              // id
    0x40, 0x00,              // flags DF, offset 0
    0x40,                    // TTL 64
    0x11,                    // protocol UDP
    0xab, 0xcd,              // checksum (not verified)
    0xc0, 0x00, 0x02, 0x01,  // src 192.0.2.1
    0xc6, 0x33, 0x64, 0x02,  // dst 198.51.100.2
    0x00, 0x35, 0x00, 0x35,  // UDP ports
    0x00, 0x08, 0x00, 0x00,  // UDP length, checksum
    0x00, 0x00, 0x00, 0x00,  // Ethernet padding: not part of the packet
};

constexpr std::uint8_t kWithOptions[] = {
    0x46,                    // version 4, IHL 6 (24 bytes)
    0x00,                    // DSCP/ECN
    0x00, 0x1c,              // total length 28
    0x00, 0x01,              // id
    0x20, 0x00,              // flags MF, offset 0: first fragment
    0x01,                    // TTL 1
    0x02,                    // protocol IGMP
    0x00, 0x00,              // checksum
    0xc0, 0x00, 0x02, 0x01,  // src
    0xe0, 0x00, 0x00, 0x16,  // dst 224.0.0.22
    0x94, 0x04, 0x00, 0x00,  // option: router alert
    0x22, 0x00, 0xfa, 0x04,  // payload (IGMPv3 report, cut)
};

constexpr std::uint8_t kLaterFragment[] = {
    0x45,                    // version 4, IHL 5
    0x00,                    // DSCP/ECN
    0x00, 0x18,              // total length 24
    0x00, 0x01,              // id
    0x00, 0x02,              // flags 0, offset 2 (16 bytes)
    0x40,                    // TTL
    0x06,                    // protocol TCP
    0x00, 0x00,              // checksum
    0xc0, 0x00, 0x02, 0x01,  // src
    0xc6, 0x33, 0x64, 0x02,  // dst
    0xde, 0xad, 0xbe, 0xef,  // fragment data
};

TEST(Ipv4Parse, FixedFields) {
    const auto h = parse(view(kUdpPacket));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->header_len, 20);
    EXPECT_EQ(h->dscp, 46);
    EXPECT_EQ(h->ecn, 1);
    EXPECT_EQ(h->total_length, 28);
    EXPECT_EQ(h->id, 0x1234);
    EXPECT_TRUE(h->df);
    EXPECT_FALSE(h->mf);
    EXPECT_FALSE(h->is_fragment());
    EXPECT_EQ(h->ttl, 64);
    EXPECT_EQ(h->protocol, kProtoUdp);
    EXPECT_EQ(h->checksum, 0xabcd);
    EXPECT_EQ(to_string(h->src), "192.0.2.1");
    EXPECT_EQ(to_string(h->dst), "198.51.100.2");
    EXPECT_TRUE(h->options.empty());
    EXPECT_FALSE(h->truncated);
}

TEST(Ipv4Parse, TotalLengthDropsEthernetPadding) {
    const auto h = parse(view(kUdpPacket));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->packet.size(), 28u);
    EXPECT_EQ(h->payload.size(), 8u);
    EXPECT_EQ(h->payload.data(), kUdpPacket + 20);
}

TEST(Ipv4Parse, OptionsAndFirstFragment) {
    const auto h = parse(view(kWithOptions));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->header_len, 24);
    ASSERT_EQ(h->options.size(), 4u);
    EXPECT_EQ(h->options[0], 0x94);
    EXPECT_TRUE(h->mf);
    EXPECT_EQ(h->frag_offset, 0);
    EXPECT_TRUE(h->is_fragment());
    EXPECT_EQ(h->payload.size(), 4u);
}

TEST(Ipv4Parse, LaterFragmentOffset) {
    const auto h = parse(view(kLaterFragment));
    ASSERT_TRUE(h);
    EXPECT_FALSE(h->mf);
    EXPECT_EQ(h->frag_offset, 2);
    EXPECT_TRUE(h->is_fragment());
    EXPECT_EQ(h->payload.size(), 4u);
}

TEST(Ipv4Parse, TotalLengthPastCaptureIsClampedNotAnError) {
    auto v = test::cat(kUdpPacket);
    v[2] = 0x05;
    v[3] = 0xdc;  // total length 1500, 32 bytes captured (a snaplen cut)
    const auto h = parse(view(v));
    ASSERT_TRUE(h);
    EXPECT_TRUE(h->truncated);
    EXPECT_EQ(h->packet.size(), v.size());
    EXPECT_EQ(h->payload.size(), v.size() - 20);
}

TEST(Ipv4Parse, ZeroTotalLengthFromOffloadRunsToCaptureEnd) {
    auto v = test::cat(kUdpPacket);
    v[2] = 0x00;
    v[3] = 0x00;
    const auto h = parse(view(v));
    ASSERT_TRUE(h);
    EXPECT_TRUE(h->length_from_capture);
    EXPECT_FALSE(h->truncated);
    EXPECT_EQ(h->packet.size(), v.size());
}

TEST(Ipv4Parse, IhlBelowFiveIsBadHeaderLength) {
    auto v = test::cat(kUdpPacket);
    v[0] = 0x44;
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
    EXPECT_STREQ(r.error().what, kErrBadHeaderLength);
}

TEST(Ipv4Parse, IhlPastTotalLengthIsBadTotalLength) {
    auto v = test::cat(kWithOptions);
    v[3] = 0x14;  // total length 20 < IHL 6 * 4
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_STREQ(r.error().what, kErrBadTotalLength);
}

TEST(Ipv4Parse, IhlPastCaptureIsTruncated) {
    auto v = test::cat(kUdpPacket);
    v[0] = 0x4f;  // IHL 15: 60 bytes of header, 32 captured
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Truncated);
    EXPECT_STREQ(r.error().what, kErrTruncated);
}

TEST(Ipv4Parse, WrongVersionIsBadVersion) {
    auto v = test::cat(kUdpPacket);
    v[0] = 0x65;
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_STREQ(r.error().what, kErrBadVersion);
}

TEST(Ipv4Parse, EveryPrefixIsTruncatedOrClean) {
    test::expect_prefixes_truncated_or_ok(kUdpPacket, parse);
    test::expect_prefixes_truncated_or_ok(kWithOptions, parse);
    test::expect_prefixes_truncated_or_ok(kLaterFragment, parse);
}

}  // namespace
}  // namespace dissect::ipv4
