// TCP header (dissectors/tcp).
#include "dissectors/tcp/tcp.h"

#include <gtest/gtest.h>

#include "tests/unit/dissectors/dissector_test_util.h"

namespace dissect::tcp {
namespace {

using test::view;

constexpr std::uint8_t kSynWithOptions[] = {
    0xc0, 0x00,                          // src port 49152
    0x01, 0xbb,                          // dst port 443
    0x11, 0x22, 0x33, 0x44,              // seq
    0x00, 0x00, 0x00, 0x00,              // ack
    0x80,                                // data offset 8 (32 bytes), reserved 0
    0xc2,                                // flags CWR ECE SYN
    0xfa, 0xf0,                          // window 64240
    0x12, 0x34,                          // checksum
    0x00, 0x00,                          // urgent pointer
    0x02, 0x04, 0x05, 0xb4,              // option MSS 1460
    0x01,                                // option NOP
    0x03, 0x03, 0x08,                    // option window scale 8
    0x01, 0x01,                          // option NOP NOP
    0x04, 0x02,                          // option SACK permitted
};

constexpr std::uint8_t kAckWithData[] = {
    0x00, 0x50,              // src port 80
    0xc0, 0x01,              // dst port 49153
    0x00, 0x00, 0x00, 0x01,  // seq
    0x00, 0x00, 0x00, 0x02,  // ack
    0x51,                    // data offset 5, reserved 1 (AccECN AE)
    0x18,                    // flags PSH ACK
    0x00, 0x80,              // window
    0x00, 0x00,              // checksum
    0x00, 0x07,              // urgent pointer
    'H', 'T', 'T', 'P',      // payload
};

TEST(TcpParse, SynWithOptions) {
    const auto h = parse(view(kSynWithOptions));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->sport, 49152);
    EXPECT_EQ(h->dport, 443);
    EXPECT_EQ(h->seq, 0x11223344u);
    EXPECT_EQ(h->ack, 0u);
    EXPECT_EQ(h->header_len, 32);
    EXPECT_EQ(h->flags, kCwr | kEce | kSyn);
    EXPECT_EQ(h->window, 64240);
    EXPECT_EQ(h->checksum, 0x1234);
    ASSERT_EQ(h->options.size(), 12u);
    EXPECT_EQ(h->options[0], 0x02);
    EXPECT_TRUE(h->payload.empty());
}

TEST(TcpParse, PayloadAndReservedBits) {
    const auto h = parse(view(kAckWithData));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->flags, kPsh | kAck);
    EXPECT_EQ(h->reserved, 1);
    EXPECT_EQ(h->urgent, 7);
    EXPECT_TRUE(h->options.empty());
    ASSERT_EQ(h->payload.size(), 4u);
    EXPECT_EQ(h->payload[0], 'H');
}

TEST(TcpParse, DataOffsetBelowFiveIsMalformed) {
    auto v = test::cat(kAckWithData);
    for (std::uint8_t off = 0; off < 5; ++off) {
        v[12] = static_cast<std::uint8_t>(off << 4);
        const auto r = parse(view(v));
        ASSERT_FALSE(r) << int{off};
        EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
        EXPECT_STREQ(r.error().what, kErrBadDataOffset);
    }
}

TEST(TcpParse, DataOffsetPastEndIsTruncated) {
    auto v = test::cat(kAckWithData);
    v[12] = 0xf0;  // 60-byte header, 24 bytes present
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Truncated);
    EXPECT_STREQ(r.error().what, kErrTruncated);
}

TEST(TcpParse, EveryPrefixIsTruncatedOrClean) {
    test::expect_prefixes_truncated_or_ok(kSynWithOptions, parse);
    test::expect_prefixes_truncated_or_ok(kAckWithData, parse);
}

}  // namespace
}  // namespace dissect::tcp
