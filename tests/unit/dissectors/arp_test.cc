// ARP (dissectors/arp).
#include "dissectors/arp/arp.h"

#include <gtest/gtest.h>

#include "tests/unit/dissectors/dissector_test_util.h"

namespace dissect::arp {
namespace {

using test::view;

constexpr std::uint8_t kReply[] = {
    0x00, 0x01,                          // htype Ethernet
    0x08, 0x00,                          // ptype IPv4
    0x06,                                // hlen
    0x04,                                // plen
    0x00, 0x02,                          // opcode reply
    0x02, 0x00, 0x00, 0x00, 0x00, 0x02,  // sender MAC
    0xc0, 0x00, 0x02, 0xfe,              // sender IP 192.0.2.254
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,  // target MAC
    0xc0, 0x00, 0x02, 0x01,              // target IP 192.0.2.1
    0x00, 0x00,                          // padding
};

constexpr std::uint8_t kInfiniBand[] = {
    0x00, 0x20,              // htype InfiniBand (32)
    0x08, 0x00,              // ptype IPv4
    0x14,                    // hlen 20
    0x04,                    // plen 4
    0x00, 0x01,              // opcode request
    0x00, 0x00, 0x00, 0x48, 0xfe, 0x80, 0x00, 0x00, 0x00, 0x00,  // sender hw (20)
    0x00, 0x00, 0x00, 0x02, 0xc9, 0x03, 0x00, 0x01, 0x02, 0x03,  //
    0x0a, 0x00, 0x00, 0x01,                                      // sender IP
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // target hw (20)
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  //
    0x0a, 0x00, 0x00, 0x02,                                      // target IP
};

TEST(ArpParse, EthernetIpv4Reply) {
    const auto h = parse(view(kReply));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->opcode, kOpReply);
    EXPECT_TRUE(h->is_eth_ipv4);
    EXPECT_EQ(to_string(h->sender_mac), "02:00:00:00:00:02");
    EXPECT_EQ(to_string(h->sender_ip), "192.0.2.254");
    EXPECT_EQ(to_string(h->target_mac), "02:00:00:00:00:01");
    EXPECT_EQ(to_string(h->target_ip), "192.0.2.1");
    EXPECT_EQ(h->payload.size(), 2u);  // padding left over
}

TEST(ArpParse, OtherHardwareKeepsViewsOnly) {
    const auto h = parse(view(kInfiniBand));
    ASSERT_TRUE(h);
    EXPECT_FALSE(h->is_eth_ipv4);
    EXPECT_EQ(h->htype, 32);
    EXPECT_EQ(h->sender_hw.size(), 20u);
    EXPECT_EQ(h->target_proto.size(), 4u);
    EXPECT_FALSE(h->sender_ip.valid());
    EXPECT_TRUE(h->payload.empty());
}

TEST(ArpParse, AddressLengthPastEndIsTruncated) {
    auto v = test::cat(kReply);
    v[4] = 0xff;  // hlen 255
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Truncated);
    EXPECT_EQ(r.error().offset, kFixedLen);
    EXPECT_STREQ(r.error().what, kErrTruncated);
}

TEST(ArpParse, EveryPrefixIsTruncatedOrClean) {
    test::expect_prefixes_truncated_or_ok(kReply, parse);
    test::expect_prefixes_truncated_or_ok(kInfiniBand, parse);
}

}  // namespace
}  // namespace dissect::arp
